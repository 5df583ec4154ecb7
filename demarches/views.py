"""The conseil de classe's pages (/orientation/): the 3e classes a professeur principal or the
direction enters the orientation of, a class's pupils with the state of each phase's file, and a
file's page with the avis / proposition form and, for the direction, the final decision. Thin:
a form, one service, a message, a redirect; every object comes through a selector checking the
role (404 otherwise)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.school import SchoolRole, school_role_of_request
from core.http import client_ip

from . import forms, selectors, services
from . import messages as texts
from .models import OrientationFile


def _refused(request) -> HttpResponse:
    return render(
        request,
        "demarches/orientation_staff_only.html",
        {"message": texts.ORIENTATION_STAFF_ONLY},
        status=403,
    )


def _staff_role(request) -> SchoolRole | None:
    role = school_role_of_request(request)
    return role if selectors.orientation_staff_allowed(role) else None


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET", "HEAD"])
def orientation_home(request):
    """The 3e classes of the professeur principal, or all of them for the direction."""
    role = _staff_role(request)
    if role is None:
        return _refused(request)
    divisions = selectors.orientation_divisions(role)
    if len(divisions) == 1:
        return redirect("demarches:orientation_class", division_id=divisions[0].pk)
    return render(
        request, "demarches/orientation_home.html", {"role": role, "divisions": divisions}
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def orientation_class(request, division_id: int):
    """A class's pupils with the state of their file in each phase."""
    role = _staff_role(request)
    if role is None:
        return _refused(request)
    found = selectors.orientation_class(role, division_id)
    return render(request, "demarches/orientation_class.html", {"role": role, "found": found})


CAN_ANSWER = (OrientationFile.State.VALIDATED, OrientationFile.State.ANSWERED)
CAN_DECIDE = (OrientationFile.State.ACCEPTED, OrientationFile.State.DISAGREED)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def orientation_file(request, file_id: int):
    """A pupil's file: the family's choices; the conseil de classe's answer to enter; the
    direction's final decision on the vœux définitifs."""
    role = _staff_role(request)
    if role is None:
        return _refused(request)
    file = selectors.orientation_staff_file(role, file_id)
    can_answer = file.status in CAN_ANSWER
    can_decide = role.is_direction and file.is_voeux and file.status in CAN_DECIDE
    posting = request.method == "POST"
    action = request.POST.get("action") if posting else None
    council_form = None
    if can_answer:
        initial = {
            "comment": file.council_comment,
            "proposal_voie": file.proposal_voie,
            "proposal_specialty": file.proposal_specialty,
        }
        for rank, wish in enumerate(file.wishes, start=1):
            initial[f"avis_{rank}"] = wish.get("avis", "")
            initial[f"avis_comment_{rank}"] = wish.get("avis_comment", "")
        council_form = forms.CouncilForm(
            request.POST if action == "conseil" else None, file=file, initial=initial
        )
    decision_form = None
    if can_decide:
        decision_form = forms.OrientationDecisionForm(
            request.POST if action == "decision" else None,
            initial={"voie": file.proposal_voie, "specialty": file.proposal_specialty},
        )
    if posting:
        if action == "conseil" and council_form is not None and council_form.is_valid():
            data = council_form.cleaned_data
            try:
                services.orientation_council_answer(
                    role=role,
                    actor=request.user,
                    file=file,
                    avis=None if file.is_voeux else council_form.avis(),
                    proposal=(data.get("proposal_voie", ""), data.get("proposal_specialty", ""))
                    if file.is_voeux
                    else None,
                    comment=data["comment"],
                    ip_address=client_ip(request),
                )
            except ValidationError as error:
                _add_errors(council_form, error)
            else:
                messages.success(request, texts.COUNCIL_SAVED)
                return redirect("demarches:orientation_file", file_id=file.pk)
        elif action == "decision" and decision_form is not None and decision_form.is_valid():
            data = decision_form.cleaned_data
            try:
                services.orientation_decide(
                    role=role,
                    actor=request.user,
                    file=file,
                    voie=data["voie"],
                    specialty=data["specialty"],
                    comment=data["comment"],
                    ip_address=client_ip(request),
                )
            except ValidationError as error:
                _add_errors(decision_form, error)
            else:
                messages.success(request, texts.ORIENTATION_DECIDED)
                return redirect("demarches:orientation_file", file_id=file.pk)
        elif council_form is None and decision_form is None:
            messages.error(request, texts.ORIENTATION_COUNCIL_NOT_EXPECTED)
            return redirect("demarches:orientation_file", file_id=file.pk)
    return render(
        request,
        "demarches/orientation_file.html",
        {
            "role": role,
            "file": file,
            "council_form": council_form,
            "decision_form": decision_form,
        },
    )
