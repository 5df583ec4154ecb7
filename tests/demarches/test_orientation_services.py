"""The orientation's writes: the family's draft and validation (once for the family, only while
the campaign is open, a vœu outside the list refused), the conseil de classe's answer (by the
class's professeur principal or the direction, the family told), the family's answer, the final
decision; every step audited."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.school import school_role
from demarches.models import Campaign, OrientationFile
from demarches.orientation import clean_wishes
from demarches.services import (
    orientation_council_answer,
    orientation_decide,
    orientation_family_answer,
    orientation_save,
)
from outbox.models import OutboxMessage
from tests.demarches.conftest import validated_file


def _save(o, user=None, *, wishes=(("2gt", ""),), validate=False, campaign=None):
    user = user or o.mother
    return orientation_save(
        role=school_role(user),
        actor=user,
        pupil=o.pupil,
        campaign=campaign or o.intentions,
        wishes=list(wishes),
        comment="",
        validate=validate,
    )


def _actions():
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def test_clean_wishes_rules():
    assert clean_wishes([("2gt", ""), ("2pro", " Métiers  de la mode "), ("", "")]) == [
        {"voie": "2gt", "specialty": "", "avis": "", "avis_comment": ""},
        {"voie": "2pro", "specialty": "Métiers de la mode", "avis": "", "avis_comment": ""},
    ]
    for rows, field in (
        ([("bac", "")], "voie_1"),  # outside the list
        ([("cap", "")], "specialite_1"),  # CAP without its specialty
        ([("2gt", "Maths")], "specialite_1"),
        ([("", ""), ("2gt", "")], "voie_1"),  # a gap in the ranking
        ([("2gt", ""), ("2gt", "")], "voie_2"),  # twice the same
    ):
        with pytest.raises(ValidationError) as error:
            clean_wishes(rows)
        assert field in error.value.error_dict, rows
    with pytest.raises(ValidationError) as error:
        clean_wishes([("bac", "")])
    assert "n'est pas dans la liste" in str(error.value)


def test_draft_then_validation_commits_for_the_family(orientation):
    o = orientation
    file = _save(o, wishes=[("2gt", "")])
    assert file.status == OrientationFile.State.DRAFT and file.updated_by == o.mother
    # The other legal representative continues the same draft, and validates it.
    file = _save(o, o.father, wishes=[("2pro", "Cuisine"), ("2gt", "")], validate=True)
    assert OrientationFile.objects.count() == 1
    assert file.status == OrientationFile.State.VALIDATED
    assert file.validated_by == o.father and file.validated_at is not None
    assert [wish["voie"] for wish in file.wishes] == ["2pro", "2gt"]
    with pytest.raises(ValidationError, match="validé"):
        _save(o, o.mother, wishes=[("cap", "Cuisine")])
    assert _actions() == ["demarches.orientation_saved", "demarches.orientation_validated"]


def test_validation_needs_a_wish_and_a_bad_wish_keeps_the_draft(orientation):
    o = orientation
    _save(o, wishes=[("2gt", "")])
    with pytest.raises(ValidationError):
        _save(o, wishes=[("seconde-pro", "")])
    with pytest.raises(ValidationError, match="au moins un vœu"):
        _save(o, wishes=[], validate=True)
    file = OrientationFile.objects.get()
    assert file.wishes[0]["voie"] == "2gt" and file.status == OrientationFile.State.DRAFT


def test_only_legal_guardians_act_and_only_while_open(orientation):
    o = orientation
    for user in (o.carer, o.pupil_account, o.other_parent):
        with pytest.raises((ValidationError, PermissionDenied)):
            _save(o, user)
    Campaign.objects.filter(pk=o.intentions.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1),
        opens_at=timezone.now() - datetime.timedelta(days=3),
    )
    o.intentions.refresh_from_db()
    with pytest.raises(ValidationError, match="close depuis"):
        _save(o)
    assert not OrientationFile.objects.exists()


def test_a_campaign_of_another_level_does_not_concern_the_pupil(orientation):
    o = orientation
    Campaign.objects.filter(pk=o.intentions.pk).update(levels="4")
    o.intentions.refresh_from_db()
    with pytest.raises(ValidationError, match="pas ouverte pour la classe"):
        _save(o)


def test_council_avis_by_the_principal_teacher_tells_the_family(orientation):
    o = orientation
    file = validated_file(o)
    for user in (o.other_principal, o.teacher):
        with pytest.raises(PermissionDenied):
            orientation_council_answer(
                role=school_role(user), actor=user, file=file, avis=[("favorable", "")] * 2
            )
    with pytest.raises(ValidationError, match="avis pour chaque"):
        orientation_council_answer(
            role=school_role(o.principal), actor=o.principal, file=file, avis=[("oui", "")]
        )
    file = orientation_council_answer(
        role=school_role(o.principal),
        actor=o.principal,
        file=file,
        avis=[("favorable", ""), ("reserve", "À confirmer")],
        comment="Bon trimestre.",
    )
    assert file.status == OrientationFile.State.ANSWERED and file.council_by == o.principal
    assert [wish["avis"] for wish in file.wishes] == ["favorable", "reserve"]
    # Both legal representatives, not the person in charge.
    assert set(OutboxMessage.objects.values_list("to", flat=True)) == {
        "omere@example.org",
        "opere@example.org",
    }
    assert "demarches.orientation_council" in _actions()


def test_the_opt_out_of_demarches_notices_is_respected(orientation):
    from accounts.models import NoticeOptOut

    o = orientation
    NoticeOptOut.objects.create(user=o.father, kind="demarches")
    file = validated_file(o)
    orientation_council_answer(
        role=school_role(o.direction),
        actor=o.direction,
        file=file,
        avis=[("favorable", ""), ("favorable", "")],
    )
    assert list(OutboxMessage.objects.values_list("to", flat=True)) == ["omere@example.org"]


def test_council_before_validation_is_refused(orientation):
    o = orientation
    file = _save(o)
    with pytest.raises(ValidationError, match="n'attend pas"):
        orientation_council_answer(
            role=school_role(o.direction), actor=o.direction, file=file, avis=[("favorable", "")]
        )


def test_family_answer_then_decision_on_the_voeux(orientation):
    o = orientation
    file = validated_file(o, o.voeux)
    with pytest.raises(ValidationError, match="pas encore répondu"):
        orientation_family_answer(
            role=school_role(o.father), actor=o.father, file=file, agrees=True
        )
    with pytest.raises(ValidationError):
        orientation_council_answer(
            role=school_role(o.principal),
            actor=o.principal,
            file=file,
            proposal=("cap", ""),
        )
    file = orientation_council_answer(
        role=school_role(o.principal), actor=o.principal, file=file, proposal=("2gt", "")
    )
    assert file.proposal_voie == "2gt"
    with pytest.raises(PermissionDenied):
        orientation_family_answer(
            role=school_role(o.other_parent), actor=o.other_parent, file=file, agrees=True
        )
    file = orientation_family_answer(
        role=school_role(o.father), actor=o.father, file=file, agrees=False
    )
    assert file.status == OrientationFile.State.DISAGREED and file.family_answer_by == o.father
    with pytest.raises(ValidationError, match="déjà répondu"):
        orientation_family_answer(
            role=school_role(o.mother), actor=o.mother, file=file, agrees=True
        )
    with pytest.raises(ValidationError, match="direction"):
        orientation_decide(role=school_role(o.principal), actor=o.principal, file=file, voie="2gt")
    file = orientation_decide(
        role=school_role(o.direction),
        actor=o.direction,
        file=file,
        voie="cap",
        specialty="Cuisine",
        comment="Après l'entretien du 12 juin.",
    )
    assert file.status == OrientationFile.State.DECIDED and file.decision_specialty == "Cuisine"
    assert _actions()[-3:] == [
        "demarches.orientation_council",
        "demarches.orientation_family_answer",
        "demarches.orientation_decided",
    ]


def test_no_final_decision_on_the_intentions(orientation):
    o = orientation
    file = validated_file(o)
    file = orientation_council_answer(
        role=school_role(o.direction),
        actor=o.direction,
        file=file,
        avis=[("favorable", ""), ("favorable", "")],
    )
    file = orientation_family_answer(
        role=school_role(o.mother), actor=o.mother, file=file, agrees=True
    )
    with pytest.raises(ValidationError, match="vœux définitifs"):
        orientation_decide(role=school_role(o.direction), actor=o.direction, file=file, voie="2gt")


def test_followup_counts_orientation_files(orientation):
    from demarches.selectors import campaign_followup

    o = orientation
    file = validated_file(o)
    orientation_council_answer(
        role=school_role(o.direction),
        actor=o.direction,
        file=file,
        avis=[("favorable", ""), ("favorable", "")],
    )
    followup = campaign_followup(o.intentions)
    assert (followup.total.concerned, followup.total.started) == (3, 1)
    assert (followup.total.submitted, followup.total.processed) == (1, 1)


def test_retention_deletes_old_years(orientation):
    from demarches.retention import _erase_old_orientation_files

    o = orientation
    validated_file(o)
    assert _erase_old_orientation_files(timezone.now()) == 0
    Campaign.objects.filter(pk=o.intentions.pk).update(school_year=o.year - 3)
    assert _erase_old_orientation_files(timezone.now()) == 1
    assert not OrientationFile.objects.exists()
