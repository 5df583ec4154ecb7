"""The livret's object URLs in the access walk: school B's class, pupil, period, and pupil B's
locked bilan and bilan de fin de cycle, which the direction of A (and parent A, for the PDFs)
must not reach (404); the direction of B (parent B) reaches them. A teacher's class form: another teacher of A is
refused teacher A's service."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import StaffMember, User
from tests.factories import StaffMemberFactory, UserFactory


def _direction(school, username):
    account = UserFactory(
        username=username,
        profile=User.Profile.PERSONNEL,
        establishment=school,
        accepted_charter_version=99,
    )
    StaffMemberFactory(
        establishment=school, function=StaffMember.Function.MANAGEMENT, account=account
    )
    return account


def livret_world(*, a, b, pupil_b) -> dict:
    from accounts.school import school_role
    from evaluations.models import Period
    from evaluations.socle import COMPONENTS
    from livret import services

    today = timezone.localdate()
    period_b = Period.objects.create(
        establishment=b,
        school_year=b.school_year,
        # A semestre: the walks' other worlds make trimestres of B.
        kind=Period.Kind.SEMESTRE,
        number=1,
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=10),
        council_on=today,
    )
    direction_a = _direction(a, "d.dira")
    direction_b = _direction(b, "d.dirb")
    role = school_role(direction_b)
    services.bilan_general_save(
        actor=direction_b,
        role=role,
        pupil=pupil_b,
        period=period_b,
        appreciation="Bon trimestre.",
        parcours={},
        accompaniments=[],
    )
    bilan_b = services.bilan_lock(actor=direction_b, role=role, pupil=pupil_b, period=period_b)
    # Pupil B's class ends cycle 3: their locked bilan de fin de cycle.
    pupil_b.division.level = "6"
    pupil_b.division.save(update_fields=["level"])
    pupil_b.refresh_from_db()
    services.cycle_bilan_save(
        actor=direction_b,
        role=role,
        pupil=pupil_b,
        components=dict.fromkeys(COMPONENTS, "3"),
        synthesis="Des acquis solides.",
    )
    cycle_bilan_b = services.cycle_bilan_lock(actor=direction_b, role=role, pupil=pupil_b)
    return {
        "direction_a": direction_a,
        "direction_b": direction_b,
        "period_b": period_b,
        "bilan_b": bilan_b,
        "cycle_bilan_b": cycle_bilan_b,
    }


def livret_checks(check_class) -> dict:
    def service(w):
        return {"service_id": w["service_a"].pk}

    def division(w):
        return {"division_id": w["pupil_b"].division_id}

    def bilan(w):
        return {"pupil_id": w["pupil_b"].pk, "period_id": w["period_b"].pk}

    def pdf(w):
        return {"bilan_id": w["bilan_b"].pk}

    def pupil(w):
        return {"pupil_id": w["pupil_b"].pk}

    def cycle_pdf(w):
        return {"cycle_bilan_id": w["cycle_bilan_b"].pk}

    return {
        "livret:service": check_class("other_teacher_a", service, "teacher_a", service),
        "livret:division": check_class("direction_a", division, "direction_b", division),
        "livret:lsu_export": check_class("direction_a", division, "direction_b", division),
        "livret:bilan": check_class("direction_a", bilan, "direction_b", bilan),
        "livret:bilan_lock": check_class(
            "direction_a", bilan, "direction_b", bilan, owner_status=405
        ),
        "livret:bilan_pdf": check_class("parent_a", pdf, "parent_b", pdf),
        "livret:cycle": check_class("direction_a", pupil, "direction_b", pupil),
        "livret:cycle_lock": check_class(
            "direction_a", pupil, "direction_b", pupil, owner_status=405
        ),
        "livret:cycle_pdf": check_class("parent_a", cycle_pdf, "parent_b", cycle_pdf),
    }
