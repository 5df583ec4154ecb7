"""The démarches in the access walks: school B's open bourse campaign and parent B's decided
request (with its avis d'imposition), which parent A and pupil B must not reach (404); parent B
reaches each page (the POST-only sending: 405 on GET)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

PDF = b"%PDF-1.4\n%%EOF\n"


def bourse_request_of(w, school: str = "b"):
    """School ``school``'s campaign and the decided request of its pupil (made once per world)."""
    key = f"bourse_request_{school}"
    if key not in w:
        from core.schoolyear import current_school_year
        from demarches.models import Bareme, BourseRequest, Campaign

        now = timezone.now()
        year = current_school_year()
        establishment = w[school]
        campaign, _ = Campaign.objects.get_or_create(
            establishment=establishment,
            service=Campaign.Service.BOURSE,
            school_year=year,
            defaults={
                "opens_at": now - datetime.timedelta(days=1),
                "closes_at": now + datetime.timedelta(days=10),
                "levels": "6,5,4,3",
            },
        )
        Bareme.objects.get_or_create(establishment=establishment, school_year=year)
        request = BourseRequest(
            campaign=campaign,
            pupil=w[f"pupil_{school}"],
            school_year=year,
            filed_by=w[f"parent_{school}"],
            status=BourseRequest.State.ACCEPTED,
            dependent_children=2,
            reference_income=Decimal("9000"),
            iban="FR7630006000011234567890189",
            bic="AGRIFRPP",
            account_holder="B",
            document_name="avis.pdf",
            document_type="application/pdf",
            submitted_at=now,
            decided_at=now,
            echelon=2,
            yearly_amount=Decimal("294"),
        )
        request.document.save("avis.pdf", ContentFile(PDF), save=False)
        request.save()
        w[key], w[f"campaign_{school}"] = request, campaign
    return w[key]


def _pupil_b(w):
    bourse_request_of(w)
    return {"pupil_id": w["pupil_b"].pk}


def _step_b(w):
    return {**_pupil_b(w), "step": 1}


def orientation_world(*, a) -> dict:
    """A professeur principal of a 3e class of school A (must not reach school B's)."""
    from accounts.models import StaffMember, User
    from tests.factories import DivisionFactory, StaffMemberFactory, UserFactory

    account = UserFactory(
        username="p.principala",
        profile=User.Profile.ENSEIGNANT,
        establishment=a,
        accepted_charter_version=99,
    )
    member = StaffMemberFactory(
        establishment=a, function=StaffMember.Function.TEACHER, account=account
    )
    member.main_divisions.add(DivisionFactory(establishment=a, code="3 A", level="3"))
    return {"principal_a": account}


def orientation_file_of(w):
    """School B's intentions provisoires campaign for pupil B's class (made a 3e) and pupil B's
    validated file (made once per world)."""
    if "orientation_file_b" not in w:
        from accounts.models import Division
        from core.schoolyear import current_school_year
        from demarches.models import Campaign, OrientationFile

        now = timezone.now()
        division = w["pupil_b"].division
        Division.objects.filter(pk=division.pk).update(level="3")
        division.level = "3"
        campaign = Campaign.objects.create(
            establishment=w["b"],
            service=Campaign.Service.ORIENTATION_INTENTIONS,
            school_year=current_school_year(),
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=10),
            levels="3",
        )
        w["orientation_file_b"] = OrientationFile.objects.create(
            campaign=campaign,
            pupil=w["pupil_b"],
            status=OrientationFile.State.VALIDATED,
            wishes=[{"voie": "2gt", "specialty": "", "avis": "", "avis_comment": ""}],
            validated_by=w["parent_b"],
            validated_at=now,
        )
    return w["orientation_file_b"]


def _orientation_b(w):
    file = orientation_file_of(w)
    return {"pupil_id": w["pupil_b"].pk, "campaign_id": file.campaign_id}


def _orientation_page_b(w):
    orientation_file_of(w)
    return {"pupil_id": w["pupil_b"].pk}


def _class_b(w):
    orientation_file_of(w)
    return {"division_id": w["pupil_b"].division_id}


def _file_b(w):
    return {"file_id": orientation_file_of(w).pk}


def orientation_checks(check_class) -> dict:
    checks = {}
    for name, kwargs, owner_status in (
        ("teleservices:orientation", _orientation_page_b, 200),
        ("teleservices:orientation_save", _orientation_b, 405),
        ("teleservices:orientation_answer", _orientation_b, 405),
    ):
        checks[name] = check_class(
            "parent_a", kwargs, "parent_b", kwargs, owner_status=owner_status
        )
        # Another pupil; the pupil B reads their own file.
        checks[f"{name}#eleve"] = check_class(
            "pupil_account_a", kwargs, "pupil_account_b", kwargs, owner_status=owner_status
        )
    for name, kwargs in (
        ("demarches:orientation_class", _class_b),
        ("demarches:orientation_file", _file_b),
    ):
        # The professeur principal of another school's class; a teacher of the class who is
        # not its professeur principal; a parent of the class.
        checks[name] = check_class("principal_a", kwargs, "direction_b", kwargs)
        checks[f"{name}#prof"] = check_class("teacher_b", kwargs, "direction_b", kwargs)
        checks[f"{name}#parent"] = check_class("parent_b", kwargs, "direction_b", kwargs)
    return checks


def demarches_checks(check_class) -> dict:
    checks = orientation_checks(check_class)
    for name, kwargs, owner_status in (
        ("teleservices:bourse", _pupil_b, 200),
        # B's request is decided: its steps send back to the request's page.
        ("teleservices:bourse_step", _step_b, 302),
        ("teleservices:bourse_submit", _pupil_b, 405),
        ("teleservices:bourse_document", _pupil_b, 200),
        ("teleservices:bourse_pdf", _pupil_b, 200),
    ):
        checks[name] = check_class(
            "parent_a", kwargs, "parent_b", kwargs, owner_status=owner_status
        )
        # The pupil sees nothing of the bourse, not even their own.
        checks[f"{name}#eleve"] = check_class(
            "pupil_account_b", kwargs, "parent_b", kwargs, owner_status=owner_status
        )
    return checks


def admin_objects_of_b() -> dict:
    from demarches.models import Bareme

    return {
        "demarches.Campaign": lambda w: (bourse_request_of(w), w["campaign_b"])[1],
        "demarches.BourseRequest": lambda w: bourse_request_of(w),
        "demarches.Bareme": lambda w: (
            bourse_request_of(w),
            Bareme.objects.get(establishment=w["b"]),
        )[1],
    }


ADMIN_EXTRA_CHECKS = {
    "admin:demarches_campaign_followup": ("demarches.Campaign", "campaign_id"),
    "admin:demarches_campaign_followup_csv": ("demarches.Campaign", "campaign_id"),
    "admin:demarches_boursereq_document": ("demarches.BourseRequest", "request_id"),
    "admin:demarches_boursereq_pdf": ("demarches.BourseRequest", "request_id"),
}
