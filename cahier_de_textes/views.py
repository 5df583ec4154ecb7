"""Pages of the cahier de textes: « Mon cahier de textes » of a teacher (their services, séances
and travail à faire), the school community's consultation, the pupil's « Fait », attachments.
Thin: a selector finds what the role may see (404 otherwise), a form reads the input, one service
writes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Pupil
from accounts.school import school_role_of_request, teacher_services
from core.http import attachment_response

from . import messages as texts
from . import selectors, services
from .forms import CopyForm, HomeworkForm, SeanceForm, VisaForm, apply_errors

GET = ["GET", "HEAD"]
GET_POST = ["GET", "HEAD", "POST"]


@login_required
@require_http_methods(GET)
def mon_cahier(request: HttpRequest) -> HttpResponse:
    """« Mon cahier de textes »: a teacher's classes and groups by subject. The tile is also a
    family's: they go to their (first) child's CAHIER DE TEXTES in Scolarité services."""
    role = school_role_of_request(request)
    if role.is_family:
        if not role.family_pupil_ids:
            return redirect("teleservices:home")
        first = (
            Pupil.objects.current()
            .filter(pk__in=role.family_pupil_ids)
            .order_by("first_name", "last_name", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        return redirect("teleservices:cahier", pupil_id=first)
    return render(
        request,
        "cahier_de_textes/mon_cahier.html",
        {
            "role": role,
            "services": list(teacher_services(role)) if role.is_teacher else [],
            "teachers_only": texts.TEACHERS_ONLY,
        },
    )


@login_required
@require_http_methods(GET)
def service(request: HttpRequest, service_id: int) -> HttpResponse:
    role = school_role_of_request(request)
    found = selectors.teacher_service(role, service_id)
    return render(
        request,
        "cahier_de_textes/service.html",
        {"service": found, **selectors.service_cahier(found)},
    )


def _seance_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {k: data[k] for k in ("date", "starts_at", "ends_at", "title", "content")}


def _homework_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        k: data[k] for k in ("due_on", "description", "estimated_minutes", "published_on", "seance")
    }


def _entry_form_page(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(request, f"cahier_de_textes/{template}", context, status=status)


@login_required
@require_http_methods(GET_POST)
def seance_new(request: HttpRequest, service_id: int) -> HttpResponse:
    role = school_role_of_request(request)
    found = selectors.teacher_service(role, service_id)
    form = SeanceForm(request.POST or None, request.FILES or None, initial=_now_initial())
    if request.method == "POST" and form.is_valid():
        try:
            services.seance_create(
                actor=request.user,
                role=role,
                service=found,
                attachments=form.cleaned_data["attachments"],
                **_seance_fields(form.cleaned_data),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, texts.SEANCE_SAVED)
            return redirect("cahier_de_textes:service", service_id=found.pk)
    return _entry_form_page(request, "seance_form.html", form=form, service=found, seance=None)


def _now_initial() -> dict[str, Any]:
    return {"date": timezone.localdate()}


def _service_or_index(role: Any, entry: Any) -> tuple[Any, str]:
    found = selectors.service_of_entry(role, entry)
    if found is None:
        return None, reverse("cahier_de_textes:mon_cahier")
    return found, reverse("cahier_de_textes:service", kwargs={"service_id": found.pk})


@login_required
@require_http_methods(GET_POST)
def seance_edit(request: HttpRequest, seance_id: int) -> HttpResponse:
    role = school_role_of_request(request)
    seance = selectors.own_seance(role, seance_id)
    found, back = _service_or_index(role, seance)
    initial = {
        "date": seance.date,
        "starts_at": seance.starts_at,
        "ends_at": seance.ends_at,
        "title": seance.title,
        "content": seance.content,
    }
    form = SeanceForm(request.POST or None, request.FILES or None, initial=initial, entry=seance)
    if request.method == "POST" and form.is_valid():
        try:
            services.seance_update(
                actor=request.user,
                role=role,
                seance=seance,
                attachments=form.cleaned_data["attachments"],
                removed_attachment_ids=form.removed_ids(),
                **_seance_fields(form.cleaned_data),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, texts.SEANCE_SAVED)
            return redirect(back)
    return _entry_form_page(
        request, "seance_form.html", form=form, service=found, seance=seance, back=back
    )


def _delete_page(request, role, entry, *, kind: str, delete, deleted: str) -> HttpResponse:
    """The confirmation page of a deletion and its POST: the service's refusal (a visa, …) is
    shown on the page, nothing deleted."""
    _, back = _service_or_index(role, entry)
    error = None
    if request.method == "POST":
        try:
            delete()
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            messages.success(request, deleted)
            return redirect(back)
    return render(
        request,
        "cahier_de_textes/delete.html",
        {"entry": entry, "kind": kind, "back": back, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(GET_POST)
def seance_delete(request: HttpRequest, seance_id: int) -> HttpResponse:
    role = school_role_of_request(request)
    seance = selectors.own_seance(role, seance_id)
    return _delete_page(
        request,
        role,
        seance,
        kind="la séance",
        delete=lambda: services.seance_delete(actor=request.user, role=role, seance=seance),
        deleted=texts.SEANCE_DELETED,
    )


@login_required
@require_http_methods(GET_POST)
def seance_copy(request: HttpRequest, seance_id: int) -> HttpResponse:
    role = school_role_of_request(request)
    seance = selectors.own_seance(role, seance_id)
    _, back = _service_or_index(role, seance)
    targets = teacher_services(role).exclude(
        division_id=seance.division_id, group_id=seance.group_id, subject_id=seance.subject_id
    )
    form = CopyForm(
        request.POST or None,
        services=targets,
        initial={"date": seance.date, "starts_at": seance.starts_at, "ends_at": seance.ends_at},
    )
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        try:
            services.seance_copy(
                actor=request.user,
                role=role,
                seance=seance,
                target=target,
                date=form.cleaned_data["date"],
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, texts.seance_copied(target.structure_label))
            return redirect("cahier_de_textes:service", service_id=target.pk)
    return _entry_form_page(request, "seance_copy.html", form=form, seance=seance, back=back)


@login_required
@require_http_methods(GET_POST)
def homework_new(request: HttpRequest, service_id: int) -> HttpResponse:
    role = school_role_of_request(request)
    found = selectors.teacher_service(role, service_id)
    seances = selectors.service_seances(found)
    initial: dict[str, Any] = {"published_on": timezone.localdate()}
    seance_id = selectors.parse_id(request.GET.get("seance"))
    if seance_id:
        initial["seance"] = seance_id
    form = HomeworkForm(
        request.POST or None, request.FILES or None, seances=seances, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.homework_create(
                actor=request.user,
                role=role,
                service=found,
                attachments=form.cleaned_data["attachments"],
                **_homework_fields(form.cleaned_data),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, texts.HOMEWORK_SAVED)
            return redirect("cahier_de_textes:service", service_id=found.pk)
    return _entry_form_page(request, "homework_form.html", form=form, service=found, homework=None)


@login_required
@require_http_methods(GET_POST)
def homework_edit(request: HttpRequest, homework_id: int) -> HttpResponse:
    role = school_role_of_request(request)
    homework = selectors.own_homework(role, homework_id)
    found, back = _service_or_index(role, homework)
    seances = selectors.entry_seances(homework)
    initial = {
        "due_on": homework.due_on,
        "description": homework.description,
        "estimated_minutes": homework.estimated_minutes,
        "published_on": homework.published_on,
        "seance": homework.seance_id,
    }
    form = HomeworkForm(
        request.POST or None,
        request.FILES or None,
        seances=seances,
        initial=initial,
        entry=homework,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.homework_update(
                actor=request.user,
                role=role,
                homework=homework,
                attachments=form.cleaned_data["attachments"],
                removed_attachment_ids=form.removed_ids(),
                **_homework_fields(form.cleaned_data),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, texts.HOMEWORK_SAVED)
            return redirect(back)
    return _entry_form_page(
        request, "homework_form.html", form=form, service=found, homework=homework, back=back
    )


@login_required
@require_http_methods(GET_POST)
def homework_delete(request: HttpRequest, homework_id: int) -> HttpResponse:
    role = school_role_of_request(request)
    homework = selectors.own_homework(role, homework_id)
    return _delete_page(
        request,
        role,
        homework,
        kind="le travail à faire",
        delete=lambda: services.homework_delete(actor=request.user, role=role, homework=homework),
        deleted=texts.HOMEWORK_DELETED,
    )


@login_required
@require_http_methods(["GET", "POST"])
def homework_done(request: HttpRequest, homework_id: int) -> HttpResponse:
    """The pupil ticks « Fait » (POST, CSRF); back to their CAHIER DE TEXTES. Anybody else's
    work is not found, whatever the method."""
    role = school_role_of_request(request)
    if not role.is_pupil:
        raise Http404("Travail inconnu.")
    pupil = selectors.pupil_of(role)
    homework = selectors.homework_for_pupil(pupil, homework_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    done = request.POST.get("fait") == "1"
    services.homework_done_set(role=role, pupil=pupil, homework=homework, done=done)
    messages.success(request, texts.DONE_SET if done else texts.DONE_UNSET)
    url = reverse("teleservices:cahier", kwargs={"pupil_id": pupil.pk})
    return redirect(f"{url}#travail-{homework.pk}")


@login_required
@require_http_methods(GET)
def attachment(request: HttpRequest, attachment_id: int) -> HttpResponse:
    role = school_role_of_request(request)
    found = selectors.attachment_for(role, attachment_id)
    return attachment_response(found.file, filename=found.name, content_type=found.content_type)


@login_required
@require_http_methods(GET)
def consultation(request: HttpRequest) -> HttpResponse:
    """« Consultation du cahier de textes »: any class or group of the role's school, read-only."""
    role = school_role_of_request(request)
    establishments = selectors.community_establishments(role)
    if not establishments:
        return render(
            request,
            "cahier_de_textes/community_only.html",
            {"message": texts.COMMUNITY_ONLY},
            status=403,
        )
    structure = selectors.community_structure(
        role, classe=request.GET.get("classe"), groupe=request.GET.get("groupe")
    )
    context: dict[str, Any] = {
        "role": role,
        "establishments": establishments,
        **selectors.community_structures(establishments),
    }
    if structure is not None:
        context.update(selectors.structure_cahier(role, structure, week=request.GET.get("semaine")))
        context["visa_form"] = VisaForm()
    return render(request, "cahier_de_textes/consultation.html", context)


@login_required
@require_POST
def visa(request: HttpRequest) -> HttpResponse:
    """The direction visas a class's (or group's) cahier of one subject up to a date."""
    role = school_role_of_request(request)
    if not role.is_direction:
        raise Http404("Page inconnue.")
    structure = selectors.community_structure(
        role, classe=request.POST.get("classe"), groupe=request.POST.get("groupe")
    )
    if structure is None:
        raise Http404("Classe inconnue.")
    form = VisaForm(request.POST)
    back = reverse("cahier_de_textes:consultation") + (
        f"?classe={structure.pk}" if hasattr(structure, "level") else f"?groupe={structure.pk}"
    )
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(back)
    subject = selectors.visa_subject(structure, form.cleaned_data["subject"])
    is_division = hasattr(structure, "level")
    try:
        given = services.visa_give(
            actor=request.user,
            role=role,
            establishment=structure.establishment,
            division_id=structure.pk if is_division else None,
            group_id=None if is_division else structure.pk,
            subject=subject,
            up_to=form.cleaned_data["up_to"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, texts.visa_given(f"{structure} ({subject})", given.up_to))
    return redirect(back)
