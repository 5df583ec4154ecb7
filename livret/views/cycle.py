"""Pages of the bilan de fin de cycle: the direction's form for a pupil of 6e or 3e (the 8
components of the socle beside the levels the pupil reached, the synthesis), the lock, the PDF.
Thin: a selector finds what the role may see (404 otherwise), one service writes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.school import school_role_of_request
from core.http import pdf_response
from evaluations.socle import COMPONENTS, LEVEL_SHORT

from .. import messages as texts
from .. import selectors, services
from ..compute import cycle_summaries
from ..models import COMPLEMENT_CHOICES, COMPLEMENT_LEVELS, CYCLE_POSITIONS
from ..pdf_cycle import cycle_bilan_pdf
from .bilans import GET, GET_POST


def _cycle_url(pupil_id: int) -> str:
    return reverse("livret:cycle", kwargs={"pupil_id": pupil_id})


@login_required
@require_http_methods(GET_POST)
def cycle_bilan(request: HttpRequest, pupil_id: int) -> HttpResponse:
    """The direction's bilan de fin de cycle of a pupil of 6e or 3e: a position per component of
    the socle (with the levels the pupil reached beside it), the synthesis, the lock."""
    role = school_role_of_request(request)
    pupil, cycle = selectors.direction_cycle_pupil(role, pupil_id)
    errors: dict[str, list[str]] = {}
    status = 200
    posted = request.method == "POST"
    if posted:
        try:
            services.cycle_bilan_save(
                actor=request.user,
                role=role,
                pupil=pupil,
                components={code: request.POST.get(f"comp_{code}", "") for code in COMPONENTS},
                synthesis=request.POST.get("synthesis", ""),
                complement=request.POST.get("complement", ""),
                complement_level=request.POST.get("complement_level", ""),
            )
        except ValidationError as error:
            status = 400
            errors = error.message_dict if hasattr(error, "error_dict") else {}
            messages.error(request, texts.ERRORS if errors else " ".join(error.messages))
        else:
            messages.success(request, texts.CYCLE_SAVED)
            return redirect(_cycle_url(pupil.pk))
    found = selectors.cycle_bilan_of(pupil, cycle)
    summaries = cycle_summaries(pupil.pk)
    saved = found.components if found else {}
    rows = []
    for code, label in COMPONENTS.items():
        value = (
            request.POST.get(f"comp_{code}", "")
            if posted
            else str(saved[code])
            if code in saved
            else ""
        )
        rows.append(
            {
                "code": code,
                "label": label,
                "value": value,
                "value_label": CYCLE_POSITIONS.get(int(value), "") if value.isdigit() else "",
                "summary": summaries.get(code),
                "error": " ".join(errors.get(f"comp_{code}", [])),
            }
        )
    return render(
        request,
        "livret/cycle.html",
        {
            "pupil": pupil,
            "cycle": cycle,
            "bilan": found,
            "rows": rows,
            "positions": list(CYCLE_POSITIONS.items()),
            "level_short": LEVEL_SHORT,
            "synthesis": request.POST.get("synthesis", "")
            if posted
            else (found.synthesis if found else ""),
            "complement": request.POST.get("complement", "")
            if posted
            else (found.complement if found else ""),
            "complement_level": request.POST.get("complement_level", "")
            if posted
            else (str(found.complement_level or "") if found else ""),
            "complement_choices": COMPLEMENT_CHOICES,
            "complement_levels": [(str(k), v) for k, v in COMPLEMENT_LEVELS.items()],
            "errors": errors,
        },
        status=status,
    )


@login_required
@require_POST
def cycle_bilan_lock(request: HttpRequest, pupil_id: int) -> HttpResponse:
    role = school_role_of_request(request)
    pupil, _cycle = selectors.direction_cycle_pupil(role, pupil_id)
    try:
        services.cycle_bilan_lock(actor=request.user, role=role, pupil=pupil)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, texts.CYCLE_LOCKED_DONE)
    return redirect(_cycle_url(pupil.pk))


@login_required
@require_http_methods(GET)
def cycle_pdf(request: HttpRequest, cycle_bilan_id: int) -> HttpResponse:
    """A bilan de fin de cycle as PDF: locked, for the pupil and their guardians; any of the
    establishment for the direction (404 for anybody else)."""
    role = school_role_of_request(request)
    found = selectors.readable_cycle_bilan(role, cycle_bilan_id)
    if not found.is_locked and not role.is_direction:
        raise Http404("Bilan inconnu.")
    return pdf_response(
        cycle_bilan_pdf(found),
        filename=f"bilan-fin-de-cycle-{found.cycle}-{found.school_year}.pdf",
    )
