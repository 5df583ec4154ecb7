"""Bilans are kept for the pupil's schooling: a locked bilan stays while the pupil is at the
school and one year after they leave; a draft never locked goes with the marks."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from livret.models import Bilan, BilanSubject
from tests.livret.conftest import lock

pytestmark = pytest.mark.django_db


def test_a_locked_bilan_outlives_the_year_and_goes_a_year_after_the_pupil_left(livret):
    from livret.retention import RULES

    bilan = lock(livret)
    in_five_years = timezone.now() + datetime.timedelta(days=5 * 365)
    for rule in RULES:
        rule.run(in_five_years)
    assert Bilan.objects.filter(pk=bilan.pk).exists()  # the pupil is still at the school
    pupil = livret["pupil"]
    pupil.left_on = timezone.localdate() - datetime.timedelta(days=200)
    pupil.save(update_fields=["left_on"])
    for rule in RULES:
        rule.run(timezone.now())
    assert Bilan.objects.filter(pk=bilan.pk).exists()  # left less than a year ago
    for rule in RULES:
        rule.run(timezone.now() + datetime.timedelta(days=200))
    assert not Bilan.objects.exists() and not BilanSubject.objects.exists()


def test_a_draft_goes_with_the_marks(livret):
    from accounts.school import school_role
    from livret import services
    from livret.retention import RULES

    actor = livret["direction"].account
    services.bilan_general_save(
        actor=actor,
        role=school_role(actor),
        pupil=livret["pupil"],
        period=livret["period"],
        appreciation="Brouillon.",
        parcours={},
        accompaniments=[],
    )
    for rule in RULES:
        rule.run(timezone.now() + datetime.timedelta(days=365))
    assert Bilan.objects.exists()
    for rule in RULES:
        rule.run(timezone.now() + datetime.timedelta(days=3 * 365))
    assert not Bilan.objects.exists()


def test_the_rules_are_registered_with_the_daily_sweep():
    from core.retention import rules

    assert {"livret_matieres", "livret_bilans", "livret_bilans_cycle"} <= {
        rule.key for rule in rules()
    }


def test_a_bilan_de_fin_de_cycle_follows_the_same_life(livret):
    from accounts.school import school_role
    from evaluations.socle import COMPONENTS
    from livret import services
    from livret.models import CycleBilan
    from livret.retention import RULES

    livret["division"].level = "3"
    livret["division"].save(update_fields=["level"])
    actor, role = livret["direction"].account, school_role(livret["direction"].account)
    pupil, classmate = livret["pupil"], livret["classmate"]
    pupil.refresh_from_db()
    classmate.refresh_from_db()
    for one in (pupil, classmate):
        services.cycle_bilan_save(
            actor=actor,
            role=role,
            pupil=one,
            components=dict.fromkeys(COMPONENTS, "2"),
            synthesis="Synthèse.",
        )
    locked = services.cycle_bilan_lock(actor=actor, role=role, pupil=pupil)
    for rule in RULES:
        rule.run(timezone.now() + datetime.timedelta(days=3 * 365))
    # The draft went with the marks; the locked one stays while the pupil is at the school.
    assert list(CycleBilan.objects.values_list("pk", flat=True)) == [locked.pk]
    pupil.left_on = timezone.localdate() - datetime.timedelta(days=200)
    pupil.save(update_fields=["left_on"])
    for rule in RULES:
        rule.run(timezone.now())
    assert CycleBilan.objects.exists()
    for rule in RULES:
        rule.run(timezone.now() + datetime.timedelta(days=200))
    assert not CycleBilan.objects.exists()
