"""Data life: a school year's vie scolaire is erased by the first sweep of the next one (with
its documents); the demo term is believable and idempotent."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.models import AuditEvent
from core import demo
from core.retention import sweep_daily
from vie_scolaire.demo import demo_term
from vie_scolaire.models import Event, FamilyNotice, Justification, RollCall

from .conftest import a_school_day, absence, at

pytestmark = pytest.mark.django_db


def test_the_first_sweep_of_the_next_school_year_erases_the_past_one(school):
    event = absence(school)
    justification = Justification.objects.create(
        event=event, submitted_by=school.parent, motive=school.motives["Maladie"]
    )
    justification.document.save("c.pdf", ContentFile(b"%PDF-1.4"), save=True)
    stored = justification.document.name
    year = event.school_year
    report = sweep_daily(now=at(datetime.date(year + 1, 8, 31), 23))
    assert report["vie_scolaire_annee_terminee"] == 0 and Event.objects.exists()
    report = sweep_daily(now=at(datetime.date(year + 1, 9, 1), 3))
    assert report["vie_scolaire_annee_terminee"] == 1
    assert not Event.objects.exists() and not Justification.objects.exists()
    assert not FamilyNotice.objects.exists()
    assert not default_storage.exists(stored)
    assert AuditEvent.objects.filter(action="vie_scolaire.year_erased").exists()
    assert sweep_daily(now=at(datetime.date(year + 1, 9, 1), 4))["vie_scolaire_annee_terminee"] == 0


def test_the_demo_term_is_believable_and_idempotent(school):
    from tests.factories import GuardianLinkFactory, PupilFactory

    sibling = PupilFactory(establishment=school.school, first_name="Florian")
    GuardianLinkFactory(guardian=school.guardian, pupil=sibling)
    world = demo.DemoWorld(
        establishment=school.school,
        today=timezone.localdate(),
        parent=school.parent,
        children=[school.child, sibling],
        teacher=school.teacher_member,
        education=school.cpe_member,
        direction=None,
        secretary=None,
    )
    line = demo_term(world)
    assert "appels" in line
    events = Event.objects.filter(pupil__in=[school.child, sibling])
    states = set(events.filter(kind="absence").values_list("status", flat=True))
    assert {"non_motivee", "motivee", "justifiee", "reglee"} <= states
    assert {"retard", "punition", "observation", "encouragement"} <= set(
        events.values_list("kind", flat=True)
    )
    assert set(Justification.objects.values_list("status", flat=True)) == {
        "en_attente", "acceptee", "refusee",
    }  # fmt: skip
    assert RollCall.objects.count() >= 10
    counts = (Event.objects.count(), Justification.objects.count(), RollCall.objects.count())
    assert "déjà en place" in demo_term(world)
    assert (
        Event.objects.count(),
        Justification.objects.count(),
        RollCall.objects.count(),
    ) == counts
    assert a_school_day()  # the term ends before today
    assert not events.filter(starts_at__date__gte=timezone.localdate()).exists()
