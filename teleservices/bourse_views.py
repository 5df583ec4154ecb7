"""SERVICES EN LIGNE › Demande de bourse de collège, the family's pages: the request's state, the
steps (foyer, avis d'imposition, coordonnées bancaires) each kept in the draft, the summary to
confirm, and the downloads (the document sent, the notification de décision). Only a legal
representative of the child reaches them (404 for a pupil or another family); the forms, reads
and writes are the démarches'."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from core.http import attachment_response, client_ip, pdf_response
from demarches import forms as bourse_forms
from demarches import messages as bourse_texts
from demarches import selectors as bourse_selectors
from demarches import services as bourse_services
from demarches.pdf import decision_pdf

from .vie_scolaire_views import _guardian_child
from .views import _space


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _page(request, template: str, child, children, found, **extra):
    return _space(
        request,
        template,
        section="services",
        child=child,
        children=children,
        bourse=found,
        campaign=found.campaign,
        bourse_request=found.request,
        step_titles=bourse_forms.STEP_TITLES,
        **extra,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def bourse(request, pupil_id: int):
    """The child's demande de bourse: the campaign's dates and message, the request's state and
    what was sent (readable after the closing), the decision."""
    role, children, child = _guardian_child(request, pupil_id)
    found = bourse_selectors.family_bourse(role, child)
    return _page(request, "bourse.html", child, children, found)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def bourse_step(request, pupil_id: int, step: int):
    """One step of the request; what is valid is kept in the draft even when another field is
    wrong, and the page shows again what was typed."""
    if step not in (*bourse_forms.STEPS, 4):
        raise Http404("Étape inconnue.")
    role, children, child = _guardian_child(request, pupil_id)
    found = bourse_selectors.family_bourse(role, child)
    current = found.request
    if found.filed_by_other or (current is not None and not current.family_can_edit):
        return redirect("teleservices:bourse", pupil_id=child.pk)
    if step == 4:
        return _page(request, "bourse_step.html", child, children, found, step=4, form=None)
    form_class = bourse_forms.STEPS[step]
    kwargs = {"has_document": bool(current and current.document)} if step == 2 else {}
    if request.method != "POST":
        form = form_class(initial=bourse_forms.step_initial(step, current), **kwargs)
        return _page(request, "bourse_step.html", child, children, found, step=step, form=form)
    form = form_class(request.POST, request.FILES or None, **kwargs)
    valid = form.is_valid()
    values = {name: value for name, value in form.cleaned_data.items() if name != "document"}
    document = form.cleaned_data.get("document") if step == 2 else None
    if values or (document is not None and form.checked):
        try:
            bourse_services.bourse_draft_save(
                role=role,
                actor=request.user,
                pupil=child,
                campaign=found.campaign,
                values=values,
                document=document,
                checked=getattr(form, "checked", None),
            )
        except ValidationError as error:
            _add_errors(form, error)
            valid = False
        else:
            if not valid:
                messages.info(request, bourse_texts.DRAFT_KEPT)
    if valid:
        messages.success(request, bourse_texts.STEP_SAVED)
        return redirect("teleservices:bourse_step", pupil_id=child.pk, step=step + 1)
    found = bourse_selectors.family_bourse(role, child)
    return _page(request, "bourse_step.html", child, children, found, step=step, form=form)


@login_required
@require_http_methods(["POST"])
def bourse_submit(request, pupil_id: int):
    """Sends the request (or the completed one) to the secretariat."""
    role, children, child = _guardian_child(request, pupil_id)
    found = bourse_selectors.family_bourse(role, child)
    if found.request is None:
        return redirect("teleservices:bourse_step", pupil_id=child.pk, step=1)
    completing = found.request.status == found.request.State.INCOMPLETE
    try:
        bourse_services.bourse_submit(
            role=role, actor=request.user, request=found.request, ip_address=client_ip(request)
        )
    except ValidationError as error:
        return _page(
            request,
            "bourse_step.html",
            child,
            children,
            found,
            step=4,
            form=None,
            submit_errors=error.messages,
        )
    messages.success(
        request,
        bourse_texts.REQUEST_COMPLETED if completing else bourse_texts.REQUEST_SUBMITTED,
    )
    return redirect("teleservices:bourse", pupil_id=child.pk)


@login_required
@require_http_methods(["GET", "HEAD"])
def bourse_document(request, pupil_id: int):
    """The avis d'imposition the family sent, for the child's legal representatives only."""
    role, _children, child = _guardian_child(request, pupil_id)
    found = bourse_selectors.family_bourse(role, child)
    if found.request is None or not found.request.document:
        raise Http404("Aucun document.")
    return attachment_response(
        found.request.document,
        filename=found.request.document_name,
        content_type=found.request.document_type,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def bourse_decision_pdf(request, pupil_id: int):
    """The notification de décision, once the secretariat decided."""
    role, _children, child = _guardian_child(request, pupil_id)
    found = bourse_selectors.family_bourse(role, child)
    if found.request is None or not found.request.is_decided:
        raise Http404("Pas encore de décision.")
    return pdf_response(decision_pdf(found.request), filename="notification-de-decision.pdf")
