"""VIE SCOLAIRE of Scolarité services, the family's writes: a guardian justifies one of their
child's absences or tells the school of one to come, and downloads the document they sent.
The child is looked up among the family's (404 otherwise); the forms and services are the vie
scolaire's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from core.http import attachment_response, client_ip
from vie_scolaire import forms as vs_forms
from vie_scolaire import selectors as vs_selectors
from vie_scolaire import services as vs_services
from vie_scolaire.messages import DECLARATION_SENT, JUSTIFICATION_SENT

from . import selectors
from .views import _family_or_refuse, _space

_FIELDS = {"starts_at": "jour", "ends_at": "fin_jour"}


def _guardian_child(request, pupil_id: int):
    role, children = _family_or_refuse(request)
    child = selectors.family_child(children or [], pupil_id)
    if not role.is_guardian:
        raise Http404("Réservé aux responsables légaux.")
    return role, children, child


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            name = _FIELDS.get(field, field)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def justify(request, pupil_id: int, event_id: int):
    """Justify an absence: motive, comment, optional document (checked by its content)."""
    role, children, child = _guardian_child(request, pupil_id)
    event = vs_selectors.family_absence(role, child, event_id)
    form = vs_forms.JustificationForm(
        request.POST or None, request.FILES or None, establishment_id=child.establishment_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            vs_services.justification_submit(
                role=role,
                actor=request.user,
                event=event,
                motive=form.cleaned_data["motive"],
                comment=form.cleaned_data["comment"],
                document=form.cleaned_data.get("document"),
                checked=form.checked,
                ip_address=client_ip(request),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, JUSTIFICATION_SENT)
            return redirect("teleservices:vie_scolaire", pupil_id=child.pk)
    return _space(
        request,
        "vie_scolaire_justifier.html",
        section="vie_scolaire",
        child=child,
        children=children,
        event=event,
        form=form,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def declare(request, pupil_id: int):
    """Tell the school of an absence to come."""
    role, children, child = _guardian_child(request, pupil_id)
    form = vs_forms.AbsenceDeclarationForm(
        request.POST or None, request.FILES or None, establishment_id=child.establishment_id
    )
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.span()
        try:
            vs_services.absence_declare(
                role=role,
                actor=request.user,
                pupil=child,
                starts_at=starts_at,
                ends_at=ends_at,
                motive=form.cleaned_data["motive"],
                comment=form.cleaned_data["comment"],
                document=form.cleaned_data.get("document"),
                checked=form.checked,
                ip_address=client_ip(request),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, DECLARATION_SENT)
            return redirect("teleservices:vie_scolaire", pupil_id=child.pk)
    return _space(
        request,
        "vie_scolaire_prevenir.html",
        section="vie_scolaire",
        child=child,
        children=children,
        form=form,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def justification_document(request, pupil_id: int, justification_id: int):
    """The document a guardian sent, for the child's guardians only, as a download."""
    role, _children, child = _guardian_child(request, pupil_id)
    found = vs_selectors.family_justification(role, child, justification_id)
    if not found.document:
        raise Http404("Aucun document.")
    return attachment_response(
        found.document, filename=found.document_name, content_type=found.document_type
    )
