"""Families are told: one e-mail per child and half-day to each confirmed guardian, through the
outbox, after the half-day; none to whoever turned it off or never confirmed their address."""

from __future__ import annotations

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import NoticeOptOut
from outbox.models import OutboxMessage
from tests.factories import GuardianFactory, GuardianLinkFactory, UserFactory
from vie_scolaire.models import Event, FamilyNotice
from vie_scolaire.services import event_create, family_notices_send_due

from .conftest import a_school_day, absence, at, role

pytestmark = pytest.mark.django_db


def _retard(ns, day, hour):
    return event_create(
        role=role(ns.cpe),
        actor=ns.cpe,
        pupil=ns.child,
        kind=Event.Kind.RETARD,
        data={"starts_at": at(day, hour), "minutes": 7},
    )


def test_one_digest_per_child_and_half_day(school):
    day = a_school_day()
    absence(school, day)  # 8 h – 12 h
    _retard(school, day, 11)
    _retard(school, day, 14)  # the afternoon: its own digest
    assert FamilyNotice.objects.count() == 2
    assert not OutboxMessage.objects.exists()  # nothing before the half-day is over
    sent = family_notices_send_due(now=timezone.now() + datetime.timedelta(hours=1))
    assert sent == 2
    mails = list(OutboxMessage.objects.order_by("subject"))
    assert {m.to for m in mails} == {"s.martin@example.org"}
    morning = next(m for m in mails if "matin" in m.subject)
    assert "absence et retard" in morning.subject
    assert "Absence de 08h00 à 12h00" in morning.body and "Retard de 7 minutes" in morning.body
    assert "Mon compte, rubrique Notifications" in morning.body
    # Sent once: later sweeps and events of the same half-day send nothing more.
    _retard(school, day, 10)
    assert family_notices_send_due(now=timezone.now() + datetime.timedelta(hours=2)) == 0
    assert OutboxMessage.objects.count() == 2


def test_the_digest_waits_for_the_end_of_the_half_day(school, settings):
    today = timezone.localdate()
    absence(school, today)
    notice = FamilyNotice.objects.get()
    assert notice.due_at >= at(today, 12, 30)
    assert family_notices_send_due(now=notice.due_at - datetime.timedelta(seconds=1)) == 0
    assert family_notices_send_due(now=notice.due_at) == 1


def test_an_absence_corrected_before_the_send_mails_nothing(school):
    event = absence(school)
    event.delete()
    assert family_notices_send_due(now=timezone.now() + datetime.timedelta(hours=1)) == 0
    assert not OutboxMessage.objects.exists()


def test_only_confirmed_guardians_who_want_it(school):
    other = UserFactory(username="p.autre", email="autre@example.org")
    GuardianLinkFactory(
        guardian=GuardianFactory(establishment=school.school, account=other), pupil=school.child
    )
    EmailAddress.objects.create(user=other, email=other.email, verified=False)
    NoticeOptOut.objects.create(user=school.parent, kind="vie_scolaire")
    absence(school)
    assert family_notices_send_due(now=timezone.now() + datetime.timedelta(hours=1)) == 0
    assert not OutboxMessage.objects.exists()
    assert FamilyNotice.objects.get().sent_at is not None


def test_the_notice_is_a_choice_in_mon_compte(client, school):
    from django.urls import reverse

    client.force_login(school.parent)
    page = client.get(reverse("selfservice:account_notifications")).content.decode()
    assert "Vie scolaire : absences et retards" in page
