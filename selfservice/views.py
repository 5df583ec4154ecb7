"""Mon compte: profil (e-mail, mot de passe), enfants, regroupement de comptes, fiche de
renseignements. Every page shows only the connected account's own data, read via selectors."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from core.http import client_ip

from . import selectors
from .forms import (
    EmailChangeForm,
    GuardianContactForm,
    MergeConfirmForm,
    MergeCredentialsForm,
    PasswordChangeForm,
)
from .services.account import (
    EmailChangeInvalid,
    account_email_change_confirm,
    account_email_change_request,
    account_password_change,
    guardian_contact_update,
)
from .services.merge import MergeAlreadyDone, MergeRefused, accounts_merge, merge_plan

# The values predate the app's name: sessions opened before the move keep working.
SESSION_MERGE_KEY = "teleservices_merge_candidate"
SESSION_MERGE_DONE_KEY = "teleservices_merge_done"
# The other account's credentials were checked at step 1: the confirmation must follow soon.
MERGE_CONFIRM_WINDOW_SECONDS = 10 * 60



def _guardian_only(request) -> None:
    if not request.user.is_guardian:
        raise Http404("Réservé aux comptes de responsables.")


def _render(request, template: str, context: dict | None = None, *, section: str, status: int = 200):
    context = {"section": section, "account": request.user, **(context or {})}
    return render(request, f"selfservice/{template}", context, status=status)


@login_required
@require_GET
def account_home(request):
    return redirect("selfservice:account_profile")


@never_cache
@login_required
@require_GET
def account_profile(request):
    pending = request.user.email_changes.filter(used_at__isnull=True, cancelled_at__isnull=True).first()
    return _render(request, "profil.html", {"pending_change": pending}, section="profil")


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_email_change(request):
    form = EmailChangeForm(request.POST or None, account=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            change = account_email_change_request(
                account=request.user, new_email=form.cleaned_data["new_email"], ip=client_ip(request)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"Un mail vient d'être envoyé à {change.new_email}. Cliquez sur son lien pour valider la nouvelle "
                "adresse : d'ici là, l'adresse actuelle reste celle du compte.",
            )
            return redirect("selfservice:account_profile")
    return _render(request, "email.html", {"form": form}, section="profil")


@never_cache
@require_GET
def account_email_change_confirm_view(request, token: str):
    try:
        account_email_change_confirm(token=token, ip=client_ip(request))
    except EmailChangeInvalid:
        return render(request, "selfservice/email_change_invalid.html", status=410)
    return render(request, "selfservice/email_changed.html")


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_password_change_view(request):
    form = PasswordChangeForm(request.POST or None, account=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            account = account_password_change(
                account=request.user, new_password=form.cleaned_data["new_password1"], ip=client_ip(request)
            )
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            # The stamp rotated: every other session is over; this one gets the new hash.
            update_session_auth_hash(request, account)
            messages.success(
                request,
                "Votre mot de passe a été modifié. Vos autres connexions (autres navigateurs, autres appareils) "
                "ont été fermées.",
            )
            return redirect("selfservice:account_profile")
    return _render(request, "mot_de_passe.html", {"form": form}, section="profil")


@never_cache
@login_required
@require_GET
def account_children_view(request):
    _guardian_only(request)
    return _render(request, "enfants.html", {"children": selectors.account_children(user=request.user)},
                   section="enfants")


# --- Regrouper des comptes -----------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def merge_start(request):
    _guardian_only(request)
    form = MergeCredentialsForm(request.POST or None, account=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_MERGE_KEY] = {"absorbed_id": form.plan.absorbed.pk, "at": int(time.time())}
        return redirect("selfservice:merge_confirm")
    return _render(request, "regrouper.html", {"form": form}, section="enfants")


def _merge_candidate(request) -> User | None:
    data = request.session.get(SESSION_MERGE_KEY) or {}
    if not data or time.time() - data.get("at", 0) > MERGE_CONFIRM_WINDOW_SECONDS:
        return None
    return User.objects.filter(pk=data.get("absorbed_id")).first()


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def merge_confirm(request):
    _guardian_only(request)
    if request.method == "POST" and "annuler" in request.POST:
        request.session.pop(SESSION_MERGE_KEY, None)
        messages.info(request, "Le regroupement a été annulé : vos comptes n'ont pas changé.")
        return redirect("selfservice:account_children")
    candidate = _merge_candidate(request)
    if candidate is None:
        done = _merge_just_done(request)
        if done is not None:
            return redirect("selfservice:merge_done")
        messages.error(request, "Saisissez à nouveau l'identifiant et le mot de passe du compte à regrouper.")
        return redirect("selfservice:merge_start")
    try:
        plan = merge_plan(survivor=request.user, absorbed=candidate)
    except MergeAlreadyDone:
        return redirect("selfservice:merge_done")
    except MergeRefused as exc:
        if candidate.state == User.State.CLOSED and _merge_just_done(request):
            return redirect("selfservice:merge_done")  # the second click of a double click
        request.session.pop(SESSION_MERGE_KEY, None)
        messages.error(request, exc.message)
        return redirect("selfservice:merge_start")
    form = MergeConfirmForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            merge = accounts_merge(survivor=request.user, absorbed_id=candidate.pk,
                                   joint=form.cleaned_data.get("joint", False), ip=client_ip(request))
        except MergeAlreadyDone as exc:
            if exc.merge is not None and exc.merge.survivor_id == request.user.pk:
                return redirect("selfservice:merge_done")
            messages.error(request, exc.message)
            return redirect("selfservice:merge_start")
        except MergeRefused as exc:
            form.add_error(None, exc.message)
        else:
            request.session.pop(SESSION_MERGE_KEY, None)
            request.session[SESSION_MERGE_DONE_KEY] = merge.pk
            return redirect("selfservice:merge_done")
    context = {
        "form": form,
        "plan": plan,
        "survivor_children": selectors.merge_children(guardians=plan.survivor_guardians),
        "absorbed_children": selectors.merge_children(guardians=plan.absorbed_guardians),
    }
    return _render(request, "regrouper_confirmation.html", context, section="enfants")


def _merge_just_done(request):
    merge_id = request.session.get(SESSION_MERGE_DONE_KEY)
    if not merge_id:
        data = request.session.get(SESSION_MERGE_KEY) or {}
        if not data:
            return None
        return selectors.account_merges_kept(user=request.user).filter(absorbed_id=data.get("absorbed_id")).first()
    return selectors.account_merges_kept(user=request.user).filter(pk=merge_id).first()


@never_cache
@login_required
@require_GET
def merge_done(request):
    _guardian_only(request)
    merge = _merge_just_done(request)
    if merge is None:
        return redirect("selfservice:account_children")
    request.session.pop(SESSION_MERGE_KEY, None)
    return _render(request, "regrouper_termine.html", {"merge": merge}, section="enfants")


# --- Fiche de renseignements ---------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def fiche_view(request):
    _guardian_only(request)
    guardians = list(selectors.guardians_of_account(user=request.user))
    return _render(request, "fiche.html", {"guardians": guardians}, section="fiche")


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def fiche_edit(request, guardian_id: int):
    _guardian_only(request)
    guardian = selectors.guardian_of_account(user=request.user, guardian_id=guardian_id)
    form = GuardianContactForm(request.POST or None, instance=guardian)
    if request.method == "POST" and form.is_valid():
        try:
            guardian_contact_update(account=request.user, guardian=guardian, data=form.cleaned_data, ip=client_ip(request))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Les coordonnées de {guardian} ont été enregistrées.")
            return redirect("selfservice:fiche")
    return _render(request, "fiche_edit.html", {"form": form, "guardian": guardian}, section="fiche")
