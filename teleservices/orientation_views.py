"""SERVICES EN LIGNE › Orientation en fin de 3e, the family's page: each phase (intentions
provisoires, vœux définitifs) with the ranked choices, who validated them and when, the conseil
de classe's answer, the family's « j'accepte » / « je ne suis pas d'accord », the final decision.
Both legal representatives act; the pupil reads their own file; anybody else gets a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from core.http import client_ip
from demarches import forms as demarches_forms
from demarches import messages as demarches_texts
from demarches import selectors as demarches_selectors
from demarches import services as demarches_services

from . import selectors
from .bourse_views import _add_errors
from .views import _family_or_refuse, _space


def _family_child(request, pupil_id: int):
    role, children = _family_or_refuse(request)
    if children is None:
        raise Http404("Réservé aux familles.")
    return role, children, selectors.family_child(children, pupil_id)


def _page(request, child, children, found, *, bound=None, status: int = 200):
    forms = {}
    for phase in found.phases:
        if not phase.can_edit:
            continue
        if bound is not None and bound[0] == phase.campaign.pk:
            forms[phase.campaign.pk] = bound[1]
        else:
            forms[phase.campaign.pk] = demarches_forms.OrientationWishesForm(
                initial=demarches_forms.orientation_initial(phase.file),
                auto_id=f"c{phase.campaign.pk}_%s",
            )
    phases = [(phase, forms.get(phase.campaign.pk)) for phase in found.phases]
    response = _space(
        request,
        "orientation.html",
        section="services",
        child=child,
        children=children,
        orientation=found,
        phases=phases,
    )
    response.status_code = status
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def orientation(request, pupil_id: int):
    """The child's orientation file, phase by phase."""
    role, children, child = _family_child(request, pupil_id)
    found = demarches_selectors.family_orientation(role, child)
    return _page(request, child, children, found)


@login_required
@require_http_methods(["POST"])
def orientation_save(request, pupil_id: int, campaign_id: int):
    """Keeps the draft, or validates the choices for the family; on an error the page shows
    again what was typed, and the stored draft is unchanged."""
    role, children, child = _family_child(request, pupil_id)
    found, phase = demarches_selectors.family_orientation_phase(role, child, campaign_id)
    if not role.is_guardian:
        raise Http404("Réservé aux responsables légaux.")
    form = demarches_forms.OrientationWishesForm(request.POST, auto_id=f"c{campaign_id}_%s")
    validate = request.POST.get("action") == "valider"
    if form.is_valid():
        try:
            demarches_services.orientation_save(
                role=role,
                actor=request.user,
                pupil=child,
                campaign=phase.campaign,
                wishes=[(wish["voie"], wish["specialty"]) for wish in form.cleaned_data["wishes"]],
                comment=form.cleaned_data["comment"],
                validate=validate,
                ip_address=client_ip(request),
            )
        except ValidationError as error:
            if not phase.can_edit:
                # Closed campaign or validated file: no form to show the error on.
                for message in error.messages:
                    messages.error(request, message)
                return redirect("teleservices:orientation", pupil_id=child.pk)
            _add_errors(form, error)
        else:
            messages.success(
                request,
                demarches_texts.ORIENTATION_VALIDATED
                if validate
                else demarches_texts.ORIENTATION_DRAFT_SAVED,
            )
            return redirect("teleservices:orientation", pupil_id=child.pk)
    return _page(request, child, children, found, bound=(phase.campaign.pk, form))


@login_required
@require_http_methods(["POST"])
def orientation_answer(request, pupil_id: int, campaign_id: int):
    """« J'accepte » or « Je ne suis pas d'accord » to the conseil de classe's answer."""
    role, children, child = _family_child(request, pupil_id)
    found, phase = demarches_selectors.family_orientation_phase(role, child, campaign_id)
    if not role.is_guardian or phase.file is None:
        raise Http404("Rien à répondre.")
    answer = request.POST.get("reponse")
    if answer not in ("accepte", "desaccord"):
        messages.error(request, demarches_texts.ORIENTATION_ANSWER_INVALID)
        return redirect("teleservices:orientation", pupil_id=child.pk)
    try:
        demarches_services.orientation_family_answer(
            role=role,
            actor=request.user,
            file=phase.file,
            agrees=answer == "accepte",
            ip_address=client_ip(request),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            demarches_texts.ORIENTATION_AGREED
            if answer == "accepte"
            else demarches_texts.ORIENTATION_DISAGREED,
        )
    return redirect("teleservices:orientation", pupil_id=child.pk)
