"""Mon compte: profil (e-mail, mot de passe), enfants, regroupement de comptes, fiche de
renseignements. Every page shows only the connected account's own data, read via selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.selectors import notice_opt_outs
from accounts.services import notice_preferences_set
from core import notices
from core.http import client_ip
from core.ratelimit import RateLimited
from staff_otp.adapter import may_use_totp

from . import messages as texts
from . import selectors
from .forms import (
    EmailChangeForm,
    GuardianContactForm,
    MergeConfirmForm,
    MergeCredentialsForm,
    NoticePreferencesForm,
    PasswordChangeForm,
)
from .services.account import (
    EmailChangeInvalid,
    account_email_change_cancel,
    account_email_change_confirm,
    account_email_change_request,
    account_password_change,
    guardian_contact_update,
)
from .services.merge_wizard import MergeWizard


def _guardian_only(request) -> None:
    if not request.user.is_guardian:
        raise Http404("Réservé aux comptes de responsables.")


def _render(
    request, template: str, context: dict | None = None, *, section: str, status: int = 200
):
    context = {
        "section": section,
        "account": request.user,
        # Staff enrol their passcode OTP on the staff_otp page, linked from this menu.
        "may_use_totp": may_use_totp(request.user),
        **(context or {}),
    }
    return render(request, f"selfservice/{template}", context, status=status)


@login_required
@require_GET
def account_home(request):
    return redirect("selfservice:account_profile")


@never_cache
@login_required
@require_GET
def account_profile(request):
    pending = request.user.email_changes.filter(
        used_at__isnull=True, cancelled_at__isnull=True
    ).first()
    return _render(request, "profil.html", {"pending_change": pending}, section="profil")


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_email_change(request):
    form = EmailChangeForm(request.POST or None, account=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            change = account_email_change_request(
                account=request.user,
                new_email=form.cleaned_data["new_email"],
                ip=client_ip(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except RateLimited:
            form.add_error(None, texts.EMAIL_CHANGE_RATE_LIMITED)
        else:
            messages.success(request, texts.email_change_sent(change.new_email))
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
@require_GET
def account_email_change_cancel_view(request, token: str):
    # No login: the link was mailed to the old address. Cancelling is the safe direction, so a
    # mail scanner opening the link does no harm.
    try:
        account_email_change_cancel(token=token, ip=client_ip(request))
    except EmailChangeInvalid:
        return render(request, "selfservice/email_change_cancel_invalid.html", status=410)
    return render(request, "selfservice/email_change_cancelled.html")


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_password_change_view(request):
    form = PasswordChangeForm(request.POST or None, account=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            account = account_password_change(
                account=request.user,
                new_password=form.cleaned_data["new_password1"],
                ip=client_ip(request),
            )
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            # The stamp rotated: every other session is over; this one gets the new hash.
            update_session_auth_hash(request, account)
            messages.success(request, texts.PASSWORD_CHANGED)
            return redirect("selfservice:account_profile")
    return _render(request, "mot_de_passe.html", {"form": form}, section="profil")


@never_cache
@login_required
@require_GET
def account_children_view(request):
    _guardian_only(request)
    return _render(
        request,
        "enfants.html",
        {"children": selectors.account_children(user=request.user)},
        section="enfants",
    )


# --- Regrouper des comptes -----------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def merge_start(request):
    _guardian_only(request)
    form = MergeCredentialsForm(request.POST or None, account=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        MergeWizard(request.session, request.user).start(form.plan)
        return redirect("selfservice:merge_confirm")
    return _render(request, "regrouper.html", {"form": form}, section="enfants")


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def merge_confirm(request):
    _guardian_only(request)
    wizard = MergeWizard(request.session, request.user)
    if request.method == "POST" and "annuler" in request.POST:
        wizard.cancel()
        messages.info(request, texts.MERGE_CANCELLED)
        return redirect("selfservice:account_children")
    step = wizard.confirmation()
    plan = step.plan
    form = MergeConfirmForm(request.POST or None, plan=plan) if plan is not None else None
    if form is not None and plan is not None and request.method == "POST" and form.is_valid():
        step = wizard.merge(
            plan=plan, joint=form.cleaned_data.get("joint", False), ip=client_ip(request)
        )
        if step.kind == "refused":
            form.add_error(None, step.message)
    if step.kind == "done":
        return redirect("selfservice:merge_done")
    if step.kind == "restart" or plan is None:
        messages.error(request, step.message)
        return redirect("selfservice:merge_start")
    context = {
        "form": form,
        "plan": plan,
        "survivor_children": selectors.merge_children(guardians=plan.survivor_guardians),
        "absorbed_children": selectors.merge_children(guardians=plan.absorbed_guardians),
    }
    return _render(request, "regrouper_confirmation.html", context, section="enfants")


@never_cache
@login_required
@require_GET
def merge_done(request):
    _guardian_only(request)
    merge = MergeWizard(request.session, request.user).finish()
    if merge is None:
        return redirect("selfservice:account_children")
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
    # Bound on every POST, even an empty one, so that it shows what is missing.
    data = request.POST if request.method == "POST" else None
    form = GuardianContactForm(data, instance=guardian)
    if request.method == "POST" and form.is_valid():
        try:
            guardian_contact_update(
                account=request.user,
                guardian=guardian,
                data=form.cleaned_data,
                ip=client_ip(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, texts.contact_saved(guardian))
            return redirect("selfservice:fiche")
    return _render(
        request, "fiche_edit.html", {"form": form, "guardian": guardian}, section="fiche"
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_notifications(request):
    """The e-mail notices the portal sends on its own, each of which the account may turn off."""
    kinds = notices.kinds_for(request.user.profile)
    enabled = {kind.key for kind in kinds} - notice_opt_outs(request.user)
    # Every box unticked posts nothing: the form is bound on any POST, not on a non-empty one.
    data = request.POST if request.method == "POST" else None
    form = NoticePreferencesForm(data, kinds=kinds, enabled=enabled)
    if request.method == "POST" and form.is_valid():
        notice_preferences_set(user=request.user, enabled=form.enabled())
        messages.success(request, texts.NOTICES_SAVED)
        return redirect("selfservice:account_notifications")
    return _render(request, "notifications.html", {"form": form}, section="notifications")
