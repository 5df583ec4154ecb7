"""The vie scolaire pages of the staff: a teacher's appel and observations, the desk of the vie
scolaire team and the direction (events, justifications). Thin: a form, one service, a message,
a redirect; every object is found through a selector that checks the role (404 otherwise)."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.school import SchoolRole, school_role_of_request
from core.http import attachment_response, client_ip
from core.schoolyear import current_school_year, in_school_year, school_year_label

from . import forms, selectors, services
from . import messages as texts
from .models import Event


def _refused(request, message) -> HttpResponse:
    return render(request, "vie_scolaire/staff_only.html", {"message": message}, status=403)


def _staff_role(request) -> SchoolRole | None:
    role = school_role_of_request(request)
    if not role.is_staff_member or not (role.is_teacher or role.manages_vie_scolaire):
        return None
    return role


def _current_slot() -> tuple[datetime.time, datetime.time]:
    now = timezone.localtime()
    start = max(
        (slot for slot in forms.SLOTS if slot <= now.time()), default=forms.SLOTS[0]
    ).replace(minute=0)
    end = datetime.time(min(start.hour + 1, 18), 0)
    return start, end


@login_required
@require_http_methods(["GET", "HEAD"])
def desk(request):
    """/vie-scolaire/: the teacher's appel and observations; the desk of the vie scolaire."""
    role = _staff_role(request)
    if role is None:
        return _refused(request, texts.STAFF_ONLY)
    context: dict = {"role": role}
    if role.is_teacher:
        start, end = _current_slot()
        context["start_form"] = forms.RollCallStartForm(
            role=role,
            initial={
                "jour": timezone.localdate(),
                "debut": f"{start:%H:%M}",
                "fin": f"{end:%H:%M}",
            },
        )
        context["roll_calls"] = selectors.teacher_roll_calls(role)
        context["observations"] = selectors.teacher_observations(role)
    if role.manages_vie_scolaire:
        filter_form = forms.DeskFilterForm(request.GET or None, role=role)
        context["filter_form"] = filter_form
        context["page"] = selectors.desk_events(
            role, filter_form.filters(), page=_page_number(request)
        )
        context["pending"] = selectors.pending_justifications(role)
        query = request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
    return render(request, "vie_scolaire/desk.html", context)


def _page_number(request) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and len(raw) < 6 else 1


@login_required
@require_http_methods(["GET", "HEAD"])
def roll_call_start(request):
    """The start form (class or group, day, slot) leads to that slot's appel screen."""
    role = _staff_role(request)
    if role is None or not role.is_teacher:
        return _refused(request, texts.STAFF_ONLY)
    form = forms.RollCallStartForm(request.GET or None, role=role)
    if form.is_valid():
        data = form.cleaned_data
        query = urlencode(
            {
                "jour": data["jour"].isoformat(),
                "debut": f"{data['debut']:%H:%M}",
                "fin": f"{data['fin']:%H:%M}",
            }
        )
        return redirect(f"{reverse('vie_scolaire:roll_call', args=[data['service'].pk])}?{query}")
    context = {
        "role": role,
        "start_form": form,
        "roll_calls": selectors.teacher_roll_calls(role),
        "observations": selectors.teacher_observations(role),
    }
    return render(request, "vie_scolaire/desk.html", context)


def _slot_from(request) -> tuple[datetime.date, datetime.time, datetime.time, str]:
    """The slot of the appel screen from its query string; an error message if unusable."""
    source = request.GET  # the URL carries the slot, for the screen and for its POST
    try:
        day = datetime.date.fromisoformat(source.get("jour", ""))
        start = datetime.time.fromisoformat(source.get("debut", ""))
        end = datetime.time.fromisoformat(source.get("fin", ""))
    except ValueError:
        start, end = _current_slot()
        return timezone.localdate(), start, end, ""
    year = current_school_year()
    if not in_school_year(day, year):
        return day, start, end, str(texts.OUT_OF_SCHOOL_YEAR).format(year=school_year_label(year))
    if end <= start:
        return day, start, end, str(texts.SLOT_END_BEFORE_START)
    return day, start, end, ""


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def roll_call(request, service_id: int):
    """The appel of one of the teacher's classes or groups for one slot: everyone present by
    default; absent, or late with minutes."""
    role = school_role_of_request(request)
    service = selectors.teacher_service(role, service_id)
    day, start, end, slot_error = _slot_from(request)
    pupils = selectors.roll_call_pupils(service)
    errors: list[str] = [slot_error] if slot_error else []
    posted = None
    if request.method == "POST" and not slot_error:
        marks, errors = forms.roll_call_marks_from(request.POST, pupils)
        posted = request.POST
        if not errors:
            try:
                services.roll_call_take(
                    role=role,
                    actor=request.user,
                    service_id=service.pk,
                    day=day,
                    starts_at=start,
                    ends_at=end,
                    marks=marks,
                    ip_address=client_ip(request),
                )
            except ValidationError as error:
                errors = [str(m) for m in error.messages]
            else:
                absent = sum(m.status == "absent" for m in marks.values())
                late = sum(m.status == "retard" for m in marks.values())
                messages.success(
                    request,
                    str(texts.ROLL_CALL_SAVED).format(
                        summary=texts.roll_call_summary(absent, late, len(pupils))
                    ),
                )
                return redirect(request.get_full_path())
    existing, events = selectors.roll_call_marks(service, day, start)
    rows = []
    for pupil in pupils:
        event = events.get(pupil.pk)
        if posted is not None:
            status = posted.get(f"statut_{pupil.pk}", "present")
            minutes = posted.get(f"minutes_{pupil.pk}", "")
        else:
            status = {Event.Kind.ABSENCE: "absent", Event.Kind.RETARD: "retard"}.get(
                event.kind if event else "", "present"
            )
            minutes = str(event.minutes) if event and event.minutes else ""
        rows.append({"pupil": pupil, "status": status, "minutes": minutes})
    context = {
        "role": role,
        "service": service,
        "day": day,
        "start": start,
        "end": end,
        "rows": rows,
        "errors": errors,
        "existing": existing,
        "slot_error": slot_error,
        "statuses": (("present", "Présent"), ("absent", "Absent"), ("retard", "En retard")),
    }
    return render(request, "vie_scolaire/roll_call.html", context, status=400 if errors else 200)


def _event_form_class(kind: str) -> type[forms._EventForm]:
    try:
        return forms.EVENT_FORMS[kind]
    except KeyError:
        raise Http404("Type d'évènement inconnu.") from None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def event_new(request):
    """Record an event: any kind for the vie scolaire and the direction, an observation or an
    encouragement for a teacher (pupils they teach)."""
    role = _staff_role(request)
    if role is None:
        return _refused(request, texts.STAFF_ONLY)
    kind = request.GET.get("type", Event.Kind.OBSERVATION)
    if not role.manages_vie_scolaire and kind not in (
        Event.Kind.OBSERVATION,
        Event.Kind.ENCOURAGEMENT,
    ):
        return _refused(request, texts.DESK_ONLY)
    form_class = _event_form_class(kind)
    pupils = (
        selectors.establishment_pupils(role)
        if role.manages_vie_scolaire
        else selectors.taught_pupils(role)
    )
    initial = {"jour": timezone.localdate()}
    if request.GET.get("eleve", "").isdigit():
        initial["eleve"] = int(request.GET["eleve"])
    form = form_class(request.POST or None, role=role, pupil_choices=pupils, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen_kind = form.cleaned_data.get("genre") or kind
        try:
            services.event_create(
                role=role,
                actor=request.user,
                pupil=form.cleaned_data["eleve"],
                kind=chosen_kind,
                data=form.event_data(),
                ip_address=client_ip(request),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request,
                texts.OBSERVATION_SAVED
                if chosen_kind in services.events.TEACHER_KINDS
                else texts.EVENT_SAVED,
            )
            return redirect("vie_scolaire:desk")
    return render(
        request,
        "vie_scolaire/event_form.html",
        {"role": role, "form": form, "kind": kind, "kinds": Event.Kind, "event": None},
    )


_FIELD_OF = {"starts_at": "jour", "ends_at": "fin_jour", "status": "status", "motive": "motive"}


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = _FIELD_OF.get(field, field)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def event_edit(request, event_id: int):
    """Edit an event of the establishment (vie scolaire and direction; 404 for anyone else)."""
    role = school_role_of_request(request)
    event = selectors.desk_event(role, event_id)
    form_class = _event_form_class(event.kind)
    form = form_class(request.POST or None, role=role, initial=form_class.initial_from(event))
    if "genre" in form.fields:
        del form.fields["genre"]
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(
                role=role,
                actor=request.user,
                event=event,
                data=form.event_data(),
                ip_address=client_ip(request),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, texts.EVENT_SAVED)
            return redirect("vie_scolaire:event_edit", event_id=event.pk)
    return render(
        request,
        "vie_scolaire/event_form.html",
        {"role": role, "form": form, "kind": event.kind, "kinds": Event.Kind, "event": event},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def justification(request, justification_id: int):
    """A family's justification: read it, accept or refuse it with a message."""
    role = school_role_of_request(request)
    found = selectors.desk_justification(role, justification_id)
    form = forms.AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accepter"
        try:
            services.justification_answer(
                role=role,
                actor=request.user,
                justification=found,
                accept=accept,
                message=form.cleaned_data["message"],
                ip_address=client_ip(request),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request, texts.JUSTIFICATION_ACCEPTED if accept else texts.JUSTIFICATION_REFUSED
            )
            return redirect("vie_scolaire:desk")
    return render(
        request,
        "vie_scolaire/justification.html",
        {"role": role, "justification": found, "event": found.event, "form": form},
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def justification_document(request, justification_id: int):
    """The document a family joined, for the vie scolaire of its establishment only."""
    role = school_role_of_request(request)
    found = selectors.desk_justification(role, justification_id)
    if not found.document:
        raise Http404("Aucun document.")
    return attachment_response(
        found.document, filename=found.document_name, content_type=found.document_type
    )
