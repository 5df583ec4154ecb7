"""The demo collège's mark book: three trimestres, devoirs with the class's marks and skills for
the demo classes, so the demo parent sees marks in NOTES; a second run adds nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import GuardianLink
from evaluations.models import Devoir, Mark, Period, SkillLevel

pytestmark = pytest.mark.django_db


def test_the_demo_parent_sees_marks(client):
    out = io.StringIO()
    call_command("load_demo", pupils=80, stdout=out)
    assert "carnet de notes : 3 trimestres" in out.getvalue()
    counts = (Period.objects.count(), Devoir.objects.count(), Mark.objects.count())
    assert counts[0] == 3 and counts[1] > 5 and counts[2] > 50 and SkillLevel.objects.exists()
    call_command("load_demo", pupils=80, stdout=io.StringIO())
    assert (Period.objects.count(), Devoir.objects.count(), Mark.objects.count()) == counts
    # The demo parent: the first (by login) of two children in two classes (load_demo's rule).
    links = (
        GuardianLink.objects.legal()
        .filter(guardian__account__isnull=False, pupil__account__isnull=False)
        .select_related("guardian__account", "pupil")
        .order_by("guardian__account__username", "pupil__birth_date")
    )
    kids: dict = {}
    for one in links:
        kids.setdefault(one.guardian.account.username, []).append(one)
    link = next(v[0] for v in kids.values() if len({x.pupil.division_id for x in v}) == 2)
    parent = link.guardian.account
    parent.accepted_charter_version = 99
    parent.save(update_fields=["accepted_charter_version"])
    client.force_login(parent)
    first = Period.objects.order_by("starts_on").first()
    url = reverse("teleservices:notes", kwargs={"pupil_id": link.pupil.pk})
    page = client.get(f"{url}?periode={first.pk}").content.decode()
    assert "Évaluation de début de trimestre" in page and "Moyenne générale" in page
    # Whatever the day, the period of the day (the page's default) has a recent mark.
    current = client.get(url).content.decode()
    assert (
        "Interrogation de la semaine" in current and "Aucune note pour cette période" not in current
    )
