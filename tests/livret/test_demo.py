"""The demo collège's livret: the demo pupil's class has its first-trimestre bilans locked, so
the demo parent sees LIVRET with a PDF; a second run adds nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import GuardianLink
from livret.models import Bilan

pytestmark = pytest.mark.django_db


def test_the_demo_parent_sees_a_locked_bilan_with_its_pdf(client):
    out = io.StringIO()
    call_command("load_demo", pupils=80, stdout=out)
    assert "bilans du 1er trimestre verrouillés" in out.getvalue()
    count = Bilan.objects.filter(locked_at__isnull=False).count()
    assert count > 1
    call_command("load_demo", pupils=80, stdout=io.StringIO())
    assert Bilan.objects.count() == count
    # The demo parent and the demo pupil, their first child (load_demo's rule).
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
    bilan = Bilan.objects.get(pupil=link.pupil, locked_at__isnull=False)
    parent = link.guardian.account
    parent.accepted_charter_version = 99
    parent.save(update_fields=["accepted_charter_version"])
    client.force_login(parent)
    page = client.get(reverse("teleservices:livret", kwargs={"pupil_id": bilan.pupil_id}))
    assert "Bilan du 1er trimestre" in page.content.decode()
    pdf = client.get(reverse("livret:bilan_pdf", kwargs={"bilan_id": bilan.pk}))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_class_ending_a_cycle_has_its_bilans_de_fin_de_cycle_in_preparation():
    from livret.models import CYCLE_OF_LEVEL, CycleBilan

    out = io.StringIO()
    call_command("load_demo", pupils=80, stdout=out)
    drafts = list(CycleBilan.objects.select_related("pupil__division"))
    locked = list(Bilan.objects.select_related("pupil__division"))
    # The demo pupil's class is a 3e (the demo parent's elder child): its pupils end cycle 4.
    assert {b.pupil.division.level for b in locked} == {"3"} and "3" in CYCLE_OF_LEVEL
    assert {d.pupil_id for d in drafts} == {b.pupil_id for b in locked}
    assert not any(d.is_locked for d in drafts)  # locked at the end of the year
    assert all(0 < len(d.components) <= 8 for d in drafts)
    assert {d.complement for d in drafts} == {"LCA", "AUC"}
    assert f"{len(drafts)} bilans de fin de cycle en préparation" in out.getvalue()
    call_command("load_demo", pupils=80, stdout=io.StringIO())
    assert CycleBilan.objects.count() == len(drafts)
