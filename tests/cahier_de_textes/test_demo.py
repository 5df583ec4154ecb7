"""The demo collège's cahier de textes: a few weeks of séances and travail à faire for the demo
teacher's classes and the demo pupil's, some ticked « Fait », one visa; a second run adds
nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Pupil, StaffMember, TeachingService
from cahier_de_textes.models import Homework, HomeworkDone, Seance, Visa

pytestmark = pytest.mark.django_db


def test_the_demo_college_has_a_living_cahier_de_textes(client):
    first = io.StringIO()
    call_command("load_demo", pupils=80, stdout=first)
    counts = (Seance.objects.count(), Homework.objects.count(), HomeworkDone.objects.count())
    assert "cahier de textes :" in first.getvalue()
    assert counts[0] > 40 and counts[1] > 20 and counts[2] > 0
    assert Visa.objects.count() == 1
    call_command("load_demo", pupils=80, stdout=io.StringIO())
    again = (Seance.objects.count(), Homework.objects.count(), HomeworkDone.objects.count())
    assert again == counts and Visa.objects.count() == 1
    # The demo teacher finds their classes filled; several subjects reach the demo pupil.
    teacher = (
        StaffMember.objects.filter(main_divisions__isnull=False, account__isnull=False)
        .order_by("account__username")
        .first()
    )
    service = TeachingService.objects.filter(teacher=teacher).first()
    assert Seance.objects.filter(teacher=teacher, division_id=service.division_id).exists()
    pupil = Pupil.objects.filter(
        account__isnull=False, division__isnull=False, pk__in=HomeworkDone.objects.values("pupil")
    ).first()
    teacher.account.accepted_charter_version = 99
    teacher.account.save(update_fields=["accepted_charter_version"])
    client.force_login(teacher.account)
    page = client.get(reverse("cahier_de_textes:mon_cahier")).content.decode()
    assert service.subject.label in page
    assert Seance.objects.values("subject").distinct().count() >= 5
    assert Homework.objects.filter(division_id=pupil.division_id).exists()
