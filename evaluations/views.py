"""Pages of the mark book: « Mon carnet de notes » (a teacher's services; the direction's, read
only), a service's devoirs for a period, a devoir's grid of marks, a skill item's levels. Thin:
a selector finds what the role may see (404 otherwise), a form or the grid reader reads the
input, one service writes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.models import Pupil
from accounts.school import school_role_of_request

from . import messages as texts
from . import selectors, services
from .forms import DevoirForm, SkillItemForm, apply_errors
from .grid import STATUS_SHORT, read_grid
from .levels import read_levels

GET = ["GET", "HEAD"]
GET_POST = ["GET", "HEAD", "POST"]


def _service_url(service_id: int, period_id: int | None) -> str:
    url = reverse("evaluations:service", kwargs={"service_id": service_id})
    return f"{url}?periode={period_id}" if period_id else url


@login_required
@require_http_methods(GET)
def mon_carnet(request: HttpRequest) -> HttpResponse:
    """« Mon carnet de notes »: the teacher's classes and groups by subject (every service of
    the establishment for the direction). A family goes to their first child's NOTES."""
    role = school_role_of_request(request)
    if role.is_family:
        first = (
            Pupil.objects.current()
            .filter(pk__in=role.family_pupil_ids)
            .order_by("first_name", "last_name", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if first is None:
            return redirect("teleservices:home")
        return redirect("teleservices:notes", pupil_id=first)
    return render(
        request,
        "evaluations/mon_carnet.html",
        {
            "role": role,
            "services": list(selectors.listed_services(role)),
            "teachers_only": texts.TEACHERS_ONLY,
        },
    )


@login_required
@require_http_methods(GET)
def service(request: HttpRequest, service_id: int) -> HttpResponse:
    """A service's mark book for one period: pupils × devoirs, averages, skill items."""
    role = school_role_of_request(request)
    found = selectors.readable_service(role, service_id)
    periods = selectors.service_periods(found.service)
    period = selectors.period_chosen(periods, request.GET.get("periode"), timezone.localdate())
    context: dict[str, Any] = {
        "service": found.service,
        "can_edit": found.can_edit,
        "periods": periods,
        "period": period,
        "no_period": texts.NO_PERIOD,
    }
    if period is not None:
        context.update(selectors.mark_book(found.service, period))
    return render(request, "evaluations/service.html", context)


def _form_page(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(request, f"evaluations/{template}", context, status=status)


DEVOIR_KEYS = ("period", "title", "date", "out_of", "coefficient", "is_optional", "visible_from")


def _devoir_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in DEVOIR_KEYS}


def _writable_service(request: HttpRequest, service_id: int) -> Any:
    role = school_role_of_request(request)
    found = selectors.readable_service(role, service_id)
    if not found.can_edit:
        raise Http404("Service inconnu.")
    return role, found.service


@login_required
@require_http_methods(GET_POST)
def devoir_new(request: HttpRequest, service_id: int) -> HttpResponse:
    role, found = _writable_service(request, service_id)
    periods = selectors.service_periods(found)
    today = timezone.localdate()
    current = selectors.period_chosen(periods, request.GET.get("periode"), today)
    form = DevoirForm(
        request.POST or None,
        periods=periods,
        initial={"period": current, "date": today, "visible_from": today},
    )
    if request.method == "POST" and form.is_valid():
        try:
            devoir = services.devoir_save(
                actor=request.user,
                role=role,
                service=found,
                devoir=None,
                **_devoir_fields(form.cleaned_data),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, texts.DEVOIR_SAVED)
            return redirect("evaluations:devoir_grid", devoir_id=devoir.pk)
    return _form_page(
        request, "devoir_form.html", form=form, service=found, devoir=None, periods=periods
    )


def _writable_devoir(request: HttpRequest, devoir_id: int) -> Any:
    role = school_role_of_request(request)
    devoir, found = selectors.devoir_of(role, devoir_id)
    if not found.can_edit:
        raise Http404("Devoir inconnu.")
    return role, devoir


@login_required
@require_http_methods(GET_POST)
def devoir_edit(request: HttpRequest, devoir_id: int) -> HttpResponse:
    role, devoir = _writable_devoir(request, devoir_id)
    periods = selectors.service_periods(devoir.service)
    initial = {key: getattr(devoir, key) for key in DEVOIR_KEYS}
    form = DevoirForm(request.POST or None, periods=periods, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.devoir_save(
                actor=request.user,
                role=role,
                service=devoir.service,
                devoir=devoir,
                **_devoir_fields(form.cleaned_data),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, texts.DEVOIR_SAVED)
            return redirect(_service_url(devoir.service_id, devoir.period_id))
    return _form_page(request, "devoir_form.html", form=form, service=devoir.service, devoir=devoir)


def _delete_page(
    request: HttpRequest, *, entry: Any, kind: str, back: str, delete: Any, done: str
) -> HttpResponse:
    if request.method == "POST":
        delete()
        messages.success(request, done)
        return redirect(back)
    return render(request, "evaluations/delete.html", {"entry": entry, "kind": kind, "back": back})


@login_required
@require_http_methods(GET_POST)
def devoir_delete(request: HttpRequest, devoir_id: int) -> HttpResponse:
    role, devoir = _writable_devoir(request, devoir_id)
    return _delete_page(
        request,
        entry=devoir,
        kind="le devoir",
        back=_service_url(devoir.service_id, devoir.period_id),
        delete=lambda: services.devoir_delete(actor=request.user, role=role, devoir=devoir),
        done=texts.DEVOIR_DELETED,
    )


def _shown_canonical(value: str) -> str:
    if value in STATUS_SHORT:
        return STATUS_SHORT[value]
    return value.replace(".", ",")


@login_required
@require_http_methods(GET_POST)
def devoir_grid(request: HttpRequest, devoir_id: int) -> HttpResponse:
    """The devoir's grid: every pupil's mark and comment in one form, saved at once."""
    role = school_role_of_request(request)
    devoir, found = selectors.devoir_of(role, devoir_id)
    grid = selectors.devoir_grid(devoir)
    status, error, conflicts = 200, None, 0
    if request.method == "POST":
        if not found.can_edit:
            status, error = 403, texts.READ_ONLY
        else:
            read = read_grid(request.POST, out_of=devoir.out_of, pupil_ids=grid["pupil_ids"])
            if read.ok:
                try:
                    result = services.marks_save(
                        actor=request.user,
                        role=role,
                        devoir=devoir,
                        cells=read.cells,
                        pupil_ids=grid["pupil_ids"],
                    )
                except ValidationError as refusal:
                    status, error = 400, refusal.messages[0]
                else:
                    if not result.conflicts:
                        messages.success(request, texts.MARKS_SAVED)
                        return redirect(_service_url(devoir.service_id, devoir.period_id))
                    conflicts = len(result.conflicts)
                    grid = selectors.devoir_grid(devoir)
                    posted = {cell.pupil_id: cell for cell in read.cells}
                    for row in grid["rows"]:
                        if row.pupil.pk in result.conflicts:
                            theirs, their_comment = result.conflicts[row.pupil.pk]
                            cell = posted[row.pupil.pk]
                            row.original, row.original_comment = theirs, their_comment
                            row.text, row.comment = cell.text, cell.comment
                            row.error = texts.conflict_cell(_shown_canonical(theirs), cell.text)
                    status, error = 409, texts.conflicts(conflicts)
            else:
                status = 400
                error = texts.PUPIL_NOT_IN_CLASS if read.foreign else texts.GRID_NOT_SAVED
                posted = {cell.pupil_id: cell for cell in read.cells}
                for row in grid["rows"]:
                    cell = posted.get(row.pupil.pk)
                    if cell is not None:
                        row.text, row.comment = cell.text, cell.comment
                        row.original, row.original_comment = cell.original, cell.original_comment
                    row.error = read.errors.get(row.pupil.pk, "")
    return render(
        request,
        "evaluations/grid.html",
        {
            "devoir": devoir,
            "service": devoir.service,
            "can_edit": found.can_edit,
            "rows": grid["rows"],
            "error": error,
            "back": _service_url(devoir.service_id, devoir.period_id),
        },
        status=status,
    )


def _skill_fields(data: dict[str, Any]) -> dict[str, Any]:
    keys = ("period", "component", "label", "date", "visible_from", "devoir")
    return {key: data[key] for key in keys}


@login_required
@require_http_methods(GET_POST)
def skill_new(request: HttpRequest, service_id: int) -> HttpResponse:
    role, found = _writable_service(request, service_id)
    periods = selectors.service_periods(found)
    today = timezone.localdate()
    current = selectors.period_chosen(periods, request.GET.get("periode"), today)
    devoirs = selectors.service_devoirs(found, None)
    initial: dict[str, Any] = {"period": current, "date": today, "visible_from": today}
    chosen = request.GET.get("devoir", "")
    if chosen.isdigit():
        initial["devoir"] = devoirs.filter(pk=int(chosen)).first()
    form = SkillItemForm(request.POST or None, periods=periods, devoirs=devoirs, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.skill_item_save(
                actor=request.user,
                role=role,
                service=found,
                item=None,
                **_skill_fields(form.cleaned_data),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, texts.SKILL_SAVED)
            return redirect("evaluations:skill_grid", item_id=item.pk)
    return _form_page(request, "skill_form.html", form=form, service=found)


@login_required
@require_http_methods(GET_POST)
def skill_grid(request: HttpRequest, item_id: int) -> HttpResponse:
    """A skill item's levels: one of the four levels per pupil, saved at once."""
    role = school_role_of_request(request)
    item, found = selectors.skill_item_of(role, item_id)
    grid = selectors.item_grid(item)
    status, error = 200, None
    if request.method == "POST":
        if not found.can_edit:
            status, error = 403, texts.READ_ONLY
        else:
            read = read_levels(request.POST, pupil_ids=grid["pupil_ids"])
            if read.ok:
                conflicts = services.levels_save(
                    actor=request.user,
                    role=role,
                    item=item,
                    cells=read.cells,
                    pupil_ids=grid["pupil_ids"],
                )
                if not conflicts:
                    messages.success(request, texts.LEVELS_SAVED)
                    return redirect(_service_url(item.service_id, item.period_id))
                grid = selectors.item_grid(item)
                posted = {cell.pupil_id: cell for cell in read.cells}
                for row in grid["rows"]:
                    if row.pupil.pk in conflicts:
                        theirs = conflicts[row.pupil.pk][0]
                        row.original = theirs
                        row.text = str(posted[row.pupil.pk].level or "")
                        row.error = texts.conflict_cell(theirs, row.text)
                status, error = 409, texts.conflicts(len(conflicts))
            else:
                status = 400
                error = texts.PUPIL_NOT_IN_CLASS if read.foreign else texts.GRID_NOT_SAVED
                for row in grid["rows"]:
                    row.error = read.errors.get(row.pupil.pk, "")
    return render(
        request,
        "evaluations/skill_grid.html",
        {
            "item": item,
            "service": item.service,
            "can_edit": found.can_edit,
            "rows": grid["rows"],
            "error": error,
            "levels": texts.LEVEL_OPTIONS,
            "back": _service_url(item.service_id, item.period_id),
        },
        status=status,
    )


@login_required
@require_http_methods(GET_POST)
def skill_delete(request: HttpRequest, item_id: int) -> HttpResponse:
    role = school_role_of_request(request)
    item, found = selectors.skill_item_of(role, item_id)
    if not found.can_edit:
        raise Http404("Compétence inconnue.")
    return _delete_page(
        request,
        entry=item,
        kind="la compétence",
        back=_service_url(item.service_id, item.period_id),
        delete=lambda: services.skill_item_delete(actor=request.user, role=role, item=item),
        done=texts.SKILL_DELETED,
    )
