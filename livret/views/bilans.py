"""Pages of the livret scolaire: the index (a teacher's classes, the direction's), a teacher's
form for one class and period (one form, every pupil), the direction's class overview, a pupil's
bilan (general part, lock), the LSU export, the PDF. Thin: a selector finds what the role may
see (404 otherwise), one service writes."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.audit import AuditAction, audit_record
from accounts.models import Establishment, StaffMember
from accounts.school import school_role_of_request, teacher_services
from core.http import pdf_response
from evaluations.selectors import period_chosen

from .. import messages as texts
from .. import selectors, services
from ..lsu import ExportRefused, export_bilans
from ..models import ACCOMPANIMENT_CHOICES, PARCOURS_CHOICES
from ..pdf import bilan_pdf

GET = ["GET", "HEAD"]
GET_POST = ["GET", "HEAD", "POST"]
_ROW_KEY = re.compile(r"^(?:app|pos|prog)-(\d+)$")


def _period(request: HttpRequest, establishment_id: int, school_year: int) -> tuple[list, Any]:
    periods = selectors.periods_of_school(establishment_id, school_year)
    value = request.POST.get("periode") or request.GET.get("periode")
    return periods, period_chosen(periods, value, timezone.localdate())


@login_required
@require_http_methods(GET)
def index(request: HttpRequest) -> HttpResponse:
    """A teacher's classes and groups (one form each per period); the direction's classes."""
    role = school_role_of_request(request)
    if role.is_family:
        return redirect("teleservices:home")
    divisions = selectors.direction_divisions(role)
    periods, period = [], None
    if divisions:
        establishment = selectors.direction_establishment(role)
        periods, period = _period(request, establishment.pk, establishment.school_year)
        if period is not None and "periode" not in request.GET:
            # The export proposes the latest period already locked, not an empty current one.
            period = selectors.last_locked_period(establishment.pk, periods) or period
    return render(
        request,
        "livret/index.html",
        {
            "role": role,
            "services": list(teacher_services(role)) if role.is_teacher else [],
            "divisions": divisions,
            "periods": periods,
            "period": period,
            "staff_only": texts.STAFF_ONLY,
        },
    )


def _sheet_rows(request: HttpRequest) -> list[services.RowInput]:
    ids = sorted({int(m.group(1)) for key in request.POST if (m := _ROW_KEY.match(key))})
    return [
        services.RowInput(
            pupil_id=pk,
            programme=request.POST.get(f"prog-{pk}", ""),
            positionnement=request.POST.get(f"pos-{pk}", ""),
            appreciation=request.POST.get(f"app-{pk}", ""),
        )
        for pk in ids
    ]


@login_required
@require_http_methods(GET_POST)
def service_sheet(request: HttpRequest, service_id: int) -> HttpResponse:
    """The teacher's subject part of the bilans of a class for a period: every pupil in one
    form (programme, positionnement, appreciation), the computed averages beside."""
    role = school_role_of_request(request)
    service = selectors.own_service(role, service_id)
    periods, period = _period(request, service.establishment_id, service.establishment.school_year)
    context: dict[str, Any] = {"service": service, "periods": periods, "period": period}
    if period is None:
        context["no_period"] = texts.NO_PERIOD
        return render(request, "livret/service.html", context)
    sheet = selectors.service_sheet(service, period)
    status = 200
    if request.method == "POST":
        rows = _sheet_rows(request)
        names = {
            r.pupil.pk: f"{r.pupil.first_name} {r.pupil.display_last_name}" for r in sheet["rows"]
        }
        try:
            services.subject_sheet_save(
                actor=request.user,
                role=role,
                service=service,
                period=period,
                rows=rows,
                pupil_names=names,
            )
        except ValidationError as error:
            status = 400
            typed = {row.pupil_id: row for row in rows}
            by_pupil = error.message_dict if hasattr(error, "error_dict") else {}
            for row in sheet["rows"]:
                entry = typed.get(row.pupil.pk)
                if entry is not None and not row.locked:
                    row.programme, row.positionnement, row.appreciation = (
                        entry.programme,
                        entry.positionnement,
                        entry.appreciation,
                    )
                row.error = " ".join(by_pupil.get(str(row.pupil.pk), []))
            messages.error(request, texts.ERRORS if by_pupil else " ".join(error.messages))
        else:
            messages.success(request, texts.SAVED)
            url = reverse("livret:service", kwargs={"service_id": service.pk})
            return redirect(f"{url}?periode={period.pk}")
    context.update(sheet)
    return render(request, "livret/service.html", context, status=status)


@login_required
@require_http_methods(GET)
def division(request: HttpRequest, division_id: int) -> HttpResponse:
    """The direction's view of a class for a period: each pupil's bilan and its state."""
    role = school_role_of_request(request)
    found = selectors.direction_division(role, division_id)
    periods, period = _period(request, found.establishment_id, found.establishment.school_year)
    cycle = selectors.division_cycle(found)
    rows = selectors.division_overview(found, period) if period or cycle else []
    return render(
        request,
        "livret/division.html",
        {
            "division": found,
            "cycle": cycle,
            "cycle_locked_count": sum(1 for r in rows if r.cycle_bilan and r.cycle_bilan.is_locked),
            "periods": periods,
            "period": period,
            "rows": rows,
            "locked_count": sum(1 for r in rows if r.bilan and r.bilan.is_locked),
            "no_period": texts.NO_PERIOD,
        },
    )


def _bilan_url(pupil_id: int, period_id: int) -> str:
    return reverse("livret:bilan", kwargs={"pupil_id": pupil_id, "period_id": period_id})


@login_required
@require_http_methods(GET_POST)
def bilan(request: HttpRequest, pupil_id: int, period_id: int) -> HttpResponse:
    """A pupil's bilan for a period, for the direction: every subject, the vie scolaire, the
    general part (a form until it is locked), the lock."""
    role = school_role_of_request(request)
    pupil = selectors.direction_pupil(role, pupil_id)
    period = selectors.direction_period(role, period_id)
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        parcours = {code: request.POST.get(f"parcours_{code}", "") for code, _ in PARCOURS_CHOICES}
        try:
            services.bilan_general_save(
                actor=request.user,
                role=role,
                pupil=pupil,
                period=period,
                appreciation=request.POST.get("general_appreciation", ""),
                parcours=parcours,
                accompaniments=request.POST.getlist("accompaniments"),
            )
        except ValidationError as error:
            status = 400
            errors = error.message_dict if hasattr(error, "error_dict") else {}
            messages.error(request, texts.ERRORS if errors else " ".join(error.messages))
        else:
            messages.success(request, texts.GENERAL_SAVED)
            return redirect(_bilan_url(pupil.pk, period.pk))
    sheet = selectors.bilan_sheet(pupil, period)
    current = sheet.bilan
    posted = request.method == "POST"
    return render(
        request,
        "livret/bilan.html",
        {
            "pupil": pupil,
            "period": period,
            "sheet": sheet,
            "errors": errors,
            "general_appreciation": request.POST.get("general_appreciation", "")
            if posted
            else (current.general_appreciation if current else ""),
            "parcours_fields": [
                (
                    code,
                    label,
                    request.POST.get(f"parcours_{code}", "")
                    if posted
                    else (current.parcours.get(code, "") if current else ""),
                    " ".join(errors.get(f"parcours_{code}", [])),
                )
                for code, label in PARCOURS_CHOICES
            ],
            "accompaniment_fields": [
                (
                    code,
                    label,
                    code
                    in (
                        request.POST.getlist("accompaniments")
                        if posted
                        else (current.accompaniments if current else [])
                    ),
                )
                for code, label in ACCOMPANIMENT_CHOICES
            ],
        },
        status=status,
    )


@login_required
@require_POST
def bilan_lock(request: HttpRequest, pupil_id: int, period_id: int) -> HttpResponse:
    role = school_role_of_request(request)
    pupil = selectors.direction_pupil(role, pupil_id)
    period = selectors.direction_period(role, period_id)
    try:
        services.bilan_lock(actor=request.user, role=role, pupil=pupil, period=period)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, texts.LOCKED_DONE)
    return redirect(_bilan_url(pupil.pk, period.pk))


def _lsu_response(
    request: HttpRequest,
    *,
    establishment: Establishment,
    period: Any,
    bilans: list,
    cycle_bilans: list,
    target: Any,
    filename: str,
    back: str,
    nothing: str,
) -> HttpResponse:
    staff = StaffMember.objects.filter(
        establishment_id=establishment.pk,
        sts_id__in={line.teacher_sts_id for b in bilans for line in b.lines.all()},
    ).only("sts_id", "civility", "last_name", "first_name")
    try:
        content = export_bilans(
            establishment=establishment,
            period=period,
            bilans=bilans,
            cycle_bilans=cycle_bilans,
            staff=list(staff),
            nothing=nothing,
        )
    except ExportRefused as refused:
        messages.error(request, str(refused))
        return redirect(back)
    audit_record(
        action=AuditAction.LIVRET_LSU_EXPORTED,
        actor=request.user,
        target=target,
        establishment=Establishment(pk=establishment.pk),
        details={
            "period": period.pk if period else None,
            "bilans": len(bilans),
            "cycle_bilans": len(cycle_bilans),
        },
    )
    response = HttpResponse(content, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(GET)
def lsu_export(request: HttpRequest, division_id: int) -> HttpResponse:
    """The class's locked bilans of the period, and its locked bilans de fin de cycle of the
    year, as the LSU's XML import file."""
    role = school_role_of_request(request)
    found = selectors.direction_division(role, division_id)
    periods, period = _period(request, found.establishment_id, found.establishment.school_year)
    back = reverse("livret:division", kwargs={"division_id": found.pk})
    if period is None:
        messages.error(request, texts.NO_PERIOD)
        return redirect(back)
    code = re.sub(r"[^A-Za-z0-9]+", "-", found.code).strip("-") or "classe"
    return _lsu_response(
        request,
        establishment=found.establishment,
        period=period,
        bilans=selectors.locked_bilans_of_division(found, period),
        cycle_bilans=selectors.locked_cycle_bilans(
            found.establishment_id, found.establishment.school_year, found
        ),
        target=found,
        filename=f"lsu-bilans-{code}-periode-{period.number}.xml",
        back=f"{back}?periode={period.pk}",
        nothing=texts.EXPORT_NOTHING,
    )


@login_required
@require_http_methods(GET)
def school_lsu_export(request: HttpRequest) -> HttpResponse:
    """Every locked bilan of the period in the establishment, and the year's locked bilans de
    fin de cycle, as one LSU import file."""
    role = school_role_of_request(request)
    establishment = selectors.direction_establishment(role)
    periods, period = _period(request, establishment.pk, establishment.school_year)
    back = reverse("livret:index")
    if period is None:
        messages.error(request, texts.NO_PERIOD)
        return redirect(back)
    return _lsu_response(
        request,
        establishment=establishment,
        period=period,
        bilans=selectors.locked_bilans_of_school(establishment.pk, period),
        cycle_bilans=selectors.locked_cycle_bilans(establishment.pk, establishment.school_year),
        target=establishment,
        filename=f"lsu-bilans-{establishment.uai}-periode-{period.number}.xml",
        back=f"{back}?periode={period.pk}",
        nothing=texts.EXPORT_NOTHING_SCHOOL,
    )


@login_required
@require_http_methods(GET)
def pdf(request: HttpRequest, bilan_id: int) -> HttpResponse:
    """A bilan as PDF: a locked bilan for the pupil and their guardians, any bilan of the
    establishment for the direction (404 for anybody else)."""
    role = school_role_of_request(request)
    found = selectors.readable_bilan(role, bilan_id)
    if not found.is_locked and not role.is_direction:
        raise Http404("Bilan inconnu.")
    return pdf_response(
        bilan_pdf(found), filename=f"bilan-periode-{found.period_number}-{found.school_year}.pdf"
    )
