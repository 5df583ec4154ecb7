"""Data life: a decided request's avis d'imposition and bank details are erased by the daily sweep
after the keeping time (a setting), counted in its report; the demo step is believable and
idempotent."""

from __future__ import annotations

import datetime

from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.school import school_role
from core import demo
from core.retention import sweep_daily
from demarches.demo import demo_bourse
from demarches.models import BourseRequest, Campaign
from demarches.services import bourse_accept, bourse_submit
from tests.demarches.conftest import filled_draft


def test_documents_are_erased_after_the_keeping_time(bourse, settings):
    settings.CARTABLE_BOURSE_KEEP_DAYS = 30
    request = filled_draft(bourse)
    bourse_submit(role=school_role(bourse.mother), actor=bourse.mother, request=request)
    bourse_accept(actor=bourse.secretary, request=request, echelon=1, document_checked=True)
    stored = BourseRequest.objects.get().document.name
    assert default_storage.exists(stored)
    now = timezone.now()
    assert sweep_daily(now=now + datetime.timedelta(days=29))["bourse_pieces_apres_decision"] == 0
    report = sweep_daily(now=now + datetime.timedelta(days=31))
    assert report["bourse_pieces_apres_decision"] == 1
    request.refresh_from_db()
    assert not request.document and request.iban == "" and request.documents_erased_at
    assert request.status == "acceptee" and request.echelon == 1  # the decision stays
    assert not default_storage.exists(stored)
    assert AuditEvent.objects.filter(action="demarches.bourse_documents_erased").exists()
    again = sweep_daily(now=now + datetime.timedelta(days=32))
    assert again["bourse_pieces_apres_decision"] == 0


def test_undecided_requests_keep_their_documents(bourse, settings):
    settings.CARTABLE_BOURSE_KEEP_DAYS = 1
    filled_draft(bourse)
    report = sweep_daily(now=timezone.now() + datetime.timedelta(days=400))
    assert report["bourse_pieces_apres_decision"] == 0
    assert BourseRequest.objects.get().document


def test_the_demo_opens_a_campaign_with_requests_in_several_states(bourse):
    from tests.factories import GuardianFactory, GuardianLinkFactory, PupilFactory, UserFactory

    Campaign.objects.all().delete()
    for index in range(6):
        pupil = PupilFactory(establishment=bourse.school, division=bourse.cinquieme)
        account = UserFactory(username=f"demo.parent{index}")
        GuardianLinkFactory(
            pupil=pupil, guardian=GuardianFactory(establishment=bourse.school, account=account)
        )
    world = demo.DemoWorld(
        establishment=bourse.school,
        today=timezone.localdate(),
        parent=bourse.mother,
        children=[bourse.pupil, bourse.sixth],
        teacher=None,
        education=None,
        direction=None,
        secretary=bourse.secretary,
    )
    line = demo_bourse(world)
    assert "5 demandes" in line
    campaign = Campaign.objects.get()
    assert campaign.is_open and campaign.levels == "6,5,4,3"
    states = set(BourseRequest.objects.values_list("status", flat=True))
    assert states == {"envoyee", "incomplete", "acceptee", "refusee", "brouillon"}
    # The demo parent's children are left free to file.
    assert not BourseRequest.objects.filter(pupil__in=[bourse.pupil, bourse.sixth]).exists()
    count = BourseRequest.objects.count()
    assert "déjà en place" in demo_bourse(world)
    assert BourseRequest.objects.count() == count


def test_the_demo_opens_the_intentions_for_the_3e_with_files_in_several_states(orientation):
    from demarches.demo import demo_orientation
    from demarches.models import OrientationFile
    from tests.factories import GuardianFactory, GuardianLinkFactory, PupilFactory, UserFactory

    o = orientation
    Campaign.objects.all().delete()
    for index in range(6):
        pupil = PupilFactory(establishment=o.school, division=o.troisieme_b)
        account = UserFactory(username=f"demo.parent3e{index}")
        GuardianLinkFactory(
            pupil=pupil, guardian=GuardianFactory(establishment=o.school, account=account)
        )
    world = demo.DemoWorld(
        establishment=o.school,
        today=timezone.localdate(),
        parent=o.mother,
        children=[o.pupil],
        teacher=None,
        education=None,
        direction=None,
        secretary=o.direction,
    )
    assert "5 dossiers" in demo_orientation(world)
    campaign = Campaign.objects.get()
    assert campaign.is_open and campaign.service == "orientation_intentions"
    assert set(OrientationFile.objects.values_list("status", flat=True)) == {
        "brouillon",
        "validee",
        "avis",
        "accepte",
        "desaccord",
    }
    assert not OrientationFile.objects.filter(pupil=o.pupil).exists()
    assert "déjà en place" in demo_orientation(world)
