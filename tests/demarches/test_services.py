"""The bourse's and the campaigns' services: drafts, submission, the decisions (audited, told by
e-mail), the one-request-per-child rule, the opening notice and the reminders."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.school import school_role
from demarches.models import BourseRequest, Campaign, CampaignReminder
from demarches.services import (
    bourse_accept,
    bourse_ask_missing_piece,
    bourse_draft_save,
    bourse_refuse,
    bourse_submit,
    campaign_notify_start,
    campaign_remind,
)
from outbox.models import OutboxMessage
from tests.demarches.conftest import filled_draft


def _submit(bourse, request, user=None):
    user = user or bourse.mother
    return bourse_submit(role=school_role(user), actor=user, request=request)


def test_a_full_draft_is_sent_and_acknowledged_by_mail(bourse):
    draft = filled_draft(bourse)
    assert draft.status == BourseRequest.State.DRAFT and draft.document
    sent = _submit(bourse, draft)
    assert sent.status == BourseRequest.State.SUBMITTED and sent.submitted_at
    mail = OutboxMessage.objects.get(to="mere@example.org")
    assert "accusé de réception" in mail.subject and "Léa" in mail.body
    assert AuditEvent.objects.filter(action="demarches.bourse_submitted").count() == 1


def test_an_incomplete_draft_is_not_sent_and_says_what_is_missing(bourse):
    role = school_role(bourse.mother)
    draft = bourse_draft_save(
        role=role,
        actor=bourse.mother,
        pupil=bourse.pupil,
        campaign=bourse.campaign,
        values={"dependent_children": 2, "reference_income": Decimal("9000")},
    )
    with pytest.raises(ValidationError) as error:
        _submit(bourse, draft)
    assert "l'avis d'imposition" in str(error.value) and "l'IBAN" in str(error.value)
    draft.refresh_from_db()
    assert draft.status == BourseRequest.State.DRAFT and draft.reference_income == Decimal("9000")


def test_after_the_closing_nothing_is_sent_and_the_draft_is_kept(bourse):
    draft = filled_draft(bourse)
    Campaign.objects.filter(pk=bourse.campaign.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError) as error:
        _submit(bourse, draft)
    assert "close depuis le" in str(error.value) and "brouillon est conservé" in str(error.value)
    draft.refresh_from_db()
    assert draft.status == BourseRequest.State.DRAFT and draft.iban
    assert not OutboxMessage.objects.exists()


def test_before_the_opening_no_draft_starts(bourse):
    Campaign.objects.filter(pk=bourse.campaign.pk).update(
        opens_at=timezone.now() + datetime.timedelta(days=1),
        closes_at=timezone.now() + datetime.timedelta(days=9),
    )
    bourse.campaign.refresh_from_db()
    with pytest.raises(ValidationError):
        filled_draft(bourse)
    assert not BourseRequest.objects.exists()


def test_only_legal_representatives_of_the_child_file(bourse):
    for user in (bourse.carer, bourse.classmate_parent):
        with pytest.raises((ValidationError, PermissionDenied)):
            filled_draft(bourse, user)
    assert not BourseRequest.objects.exists()


def test_a_child_whose_class_the_campaign_does_not_concern(bourse):
    with pytest.raises(ValidationError) as error:
        bourse_draft_save(
            role=school_role(bourse.mother),
            actor=bourse.mother,
            pupil=bourse.sixth,
            campaign=bourse.campaign,
            values={"dependent_children": 2},
        )
    assert "pas ouverte pour la classe" in str(error.value)


def test_the_second_guardian_cannot_file_a_second_request(bourse):
    first = filled_draft(bourse)
    with pytest.raises(ValidationError) as error:
        filled_draft(bourse, bourse.father)
    assert "existe déjà" in str(error.value)
    assert BourseRequest.objects.get() == first
    assert first.filed_by == bourse.mother


def test_the_database_refuses_two_requests_for_one_child_and_year(bourse):
    BourseRequest.objects.create(
        campaign=bourse.campaign,
        pupil=bourse.pupil,
        school_year=bourse.year,
        filed_by=bourse.mother,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        BourseRequest.objects.create(
            campaign=bourse.campaign,
            pupil=bourse.pupil,
            school_year=bourse.year,
            filed_by=bourse.father,
        )


def test_missing_piece_then_completion_then_acceptance(bourse):
    request = _submit(bourse, filled_draft(bourse))
    asked = bourse_ask_missing_piece(
        actor=bourse.secretary, request=request, message="L'avis est illisible."
    )
    assert asked.status == BourseRequest.State.INCOMPLETE
    mail = OutboxMessage.objects.get(subject__contains="une pièce est demandée")
    assert "L'avis est illisible." in mail.body
    # The family sends another document and sends the request back, even after the closing.
    Campaign.objects.filter(pk=bourse.campaign.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    bourse.campaign.refresh_from_db()
    old_document = asked.document.name
    completed = filled_draft(bourse)
    assert completed.document.name != old_document
    back = _submit(bourse, completed)
    assert back.status == BourseRequest.State.SUBMITTED
    assert AuditEvent.objects.filter(action="demarches.bourse_completed").exists()
    with pytest.raises(ValidationError) as error:
        bourse_accept(actor=bourse.secretary, request=back, echelon=2, document_checked=False)
    assert "Vérifiez l'avis" in str(error.value)
    with pytest.raises(ValidationError):
        bourse_accept(actor=bourse.secretary, request=back, echelon=7, document_checked=True)
    accepted = bourse_accept(actor=bourse.secretary, request=back, echelon=2, document_checked=True)
    assert accepted.status == BourseRequest.State.ACCEPTED
    assert accepted.yearly_amount == Decimal("294.00") and accepted.decided_by == bourse.secretary
    event = AuditEvent.objects.get(action="demarches.bourse_accepted")
    assert event.details["echelon"] == 2 and event.establishment_id == bourse.school.pk
    assert OutboxMessage.objects.filter(subject__contains="décision").count() == 1
    # Decided: nothing more to decide, nothing more to edit.
    with pytest.raises(ValidationError):
        bourse_refuse(actor=bourse.secretary, request=accepted, reason="non")
    with pytest.raises(ValidationError):
        filled_draft(bourse)


def test_a_refusal_needs_a_reason_and_is_told(bourse):
    request = _submit(bourse, filled_draft(bourse, income="48000"))
    with pytest.raises(ValidationError):
        bourse_refuse(actor=bourse.secretary, request=request, reason="  ")
    refused = bourse_refuse(actor=bourse.secretary, request=request, reason="Au-dessus du plafond.")
    assert refused.status == BourseRequest.State.REFUSED and refused.echelon is None
    assert AuditEvent.objects.filter(action="demarches.bourse_refused").exists()
    mail = OutboxMessage.objects.get(subject__contains="décision")
    assert "Au-dessus du plafond." in mail.body


def test_a_draft_is_not_decided(bourse):
    draft = filled_draft(bourse)
    with pytest.raises(ValidationError):
        bourse_ask_missing_piece(actor=bourse.secretary, request=draft, message="x")


def test_the_opening_notice_reaches_each_concerned_legal_representative_once(
    bourse, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        campaign = campaign_notify_start(campaign=bourse.campaign, actor=bourse.secretary)
    assert campaign.total == 3  # the mother and the father of Léa, Zoé's parent; not the carer
    campaign.refresh_from_db()
    assert campaign.notify_status == "done" and campaign.percent == 100
    assert set(OutboxMessage.objects.values_list("to", flat=True)) == {
        "mere@example.org",
        "pere@example.org",
        "zoe@example.org",
    }
    assert len(mailoutbox) == 3 and "avis d'imposition" in mailoutbox[0].body
    with pytest.raises(ValidationError):
        campaign_notify_start(campaign=campaign, actor=bourse.secretary)
    assert AuditEvent.objects.filter(action="demarches.campaign_notified").count() == 1


def test_reminders_skip_who_sent_and_who_was_reminded_today(bourse):
    _submit(bourse, filled_draft(bourse))
    assert campaign_remind(campaign=bourse.campaign, actor=bourse.secretary) == 1
    reminders = OutboxMessage.objects.filter(subject__startswith="Rappel")
    assert list(reminders.values_list("to", flat=True)) == ["zoe@example.org"]
    assert campaign_remind(campaign=bourse.campaign, actor=bourse.secretary) == 0
    assert reminders.count() == 1
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert campaign_remind(campaign=bourse.campaign, actor=bourse.secretary, today=tomorrow) == 1
    assert CampaignReminder.objects.count() == 2


def test_no_reminder_once_closed(bourse):
    Campaign.objects.filter(pk=bourse.campaign.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    bourse.campaign.refresh_from_db()
    with pytest.raises(ValidationError):
        campaign_remind(campaign=bourse.campaign, actor=bourse.secretary)


def test_the_decision_notification_says_the_decision(bourse):
    from demarches.pdf import decision_lines, decision_pdf

    request = _submit(bourse, filled_draft(bourse))
    accepted = bourse_accept(
        actor=bourse.secretary, request=request, echelon=2, document_checked=True
    )
    lines = " ".join(decision_lines(accepted))
    assert "Léa" in lines and "5 A" in lines and "échelon 2" in lines and "294,00 €" in lines
    assert decision_pdf(accepted).startswith(b"%PDF")
