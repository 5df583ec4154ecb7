"""load_demo opens the intentions provisoires for the demo 3e, with files in several states; the
demo parent of a 3e pupil can enter the child's intentions, the demo direction answers them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import GuardianLink, StaffMember
from demarches.models import Campaign, OrientationFile

pytestmark = pytest.mark.django_db


def test_the_demo_family_of_a_3e_pupil_can_enter_intentions(client):
    out = io.StringIO()
    call_command("load_demo", pupils=80, stdout=out)
    assert "campagne d'orientation ouverte pour les 3e" in out.getvalue()
    campaign = Campaign.objects.get(service=Campaign.Service.ORIENTATION_INTENTIONS)
    assert campaign.is_open
    assert OrientationFile.objects.values("status").distinct().count() >= 4
    # The demo parent: the first (by login) of two children in two classes (load_demo's rule).
    links = (
        GuardianLink.objects.legal()
        .filter(guardian__account__isnull=False, pupil__account__isnull=False)
        .select_related("guardian__account", "pupil__division")
        .order_by("guardian__account__username", "pupil__birth_date")
    )
    kids: dict = {}
    for one in links:
        kids.setdefault(one.guardian.account, []).append(one.pupil)
    parent, children = next(
        (p, v) for p, v in kids.items() if len(v) == 2 and len({k.division_id for k in v}) == 2
    )
    troisieme = next(kid for kid in children if kid.division.level == "3")
    assert not OrientationFile.objects.filter(pupil=troisieme).exists()
    parent.accepted_charter_version = 99
    parent.save(update_fields=["accepted_charter_version"])
    client.force_login(parent)
    response = client.get(reverse("teleservices:orientation", args=[troisieme.pk]))
    assert response.status_code == 200, response.get("Location")
    page = response.content.decode()
    assert "Premier choix" in page and "Valider pour la famille" in page
    # The demo direction (load_demo's rule: the first by STS id).
    direction = (
        StaffMember.objects.filter(
            establishment=campaign.establishment,
            function=StaffMember.Function.MANAGEMENT,
            account__isnull=False,
            left_on__isnull=True,
        )
        .order_by("sts_id")
        .first()
    )
    if direction is not None:
        direction.account.accepted_charter_version = 99
        direction.account.save(update_fields=["accepted_charter_version"])
        client.force_login(direction.account)
        response = client.get(reverse("demarches:orientation_home"), follow=True)
        page = response.content.decode()
        assert response.status_code == 200 and "Orientation de la classe 3" in page
        assert "Entretien proposé" in page  # the demo's file in disagreement
    call_command("load_demo", pupils=80, stdout=io.StringIO())
    assert Campaign.objects.filter(service=Campaign.Service.ORIENTATION_INTENTIONS).count() == 1
