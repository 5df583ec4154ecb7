"""Recovery pages: "Identifiant oublié ?", "Mot de passe oublié ?" (link or SMS code), and the
pupils' emergency access.

Thin views: form → one service call → redirect. The pages that follow a request (code sent,
identifier sent, link sent, request transmitted) are the same whether an account exists or not.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.forms import PASSWORD_RULE
from activation import messages as activation_texts
from activation.services.sms_codes import CodeRejected, code_tries_left, session_code_id
from core.http import client_ip
from core.ratelimit import RateLimited

from . import messages as texts
from .forms import (
    EmergencyAccessForm,
    IdentifierReminderForm,
    PasswordResetCodeForm,
    PasswordResetLinkForm,
    PasswordResetRequestForm,
)
from .services.emergency import emergency_request_create
from .services.recovery import (
    SMS,
    ResetLinkInvalid,
    identifier_reminder_request,
    password_reset_by_code,
    password_reset_by_link,
    password_reset_link_check,
    password_reset_request,
)

GET_POST = ["GET", "HEAD", "POST"]
RESET_KEY = "educonnect_reset"


# --- Identifiant oublié -------------------------------------------------------------------------


@never_cache
@require_http_methods(GET_POST)
def identifier_forgotten(request):
    form = IdentifierReminderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            identifier_reminder_request(
                channel=data["channel"],
                email=data.get("email") or "",
                phone=data.get("phone") or "",
                ip=client_ip(request),
            )
        except RateLimited:
            form.add_error(None, activation_texts.RATE_LIMITED)
        else:
            return redirect("recovery:identifier_sent")
    return render(request, "recovery/identifier_forgotten.html", {"form": form})


@require_http_methods(["GET", "HEAD"])
def identifier_sent(request):
    return render(request, "recovery/identifier_sent.html")


# --- Mot de passe oublié ------------------------------------------------------------------------


@never_cache
@require_http_methods(GET_POST)
def password_forgotten(request):
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        channel = form.cleaned_data["channel"]
        try:
            attempt = password_reset_request(
                identifier=form.cleaned_data["identifier"], channel=channel, ip=client_ip(request)
            )
        except RateLimited:
            form.add_error(None, activation_texts.RATE_LIMITED)
        else:
            if channel == SMS:
                request.session[RESET_KEY] = {"attempt": attempt}
                return redirect("recovery:password_code")
            return redirect("recovery:password_link_sent")
    return render(request, "recovery/password_forgotten.html", {"form": form})


@require_http_methods(["GET", "HEAD"])
def password_link_sent(request):
    return render(request, "recovery/password_link_sent.html")


def _password_changed(request):
    messages.success(request, texts.PASSWORD_CHANGED)
    return redirect("portal:login_educonnect")


@never_cache
@require_http_methods(GET_POST)
def password_code(request):
    state = request.session.get(RESET_KEY)
    if state is None:
        return redirect("recovery:password_forgotten")
    form = PasswordResetCodeForm(request.POST or None)
    dead = False
    if request.method == "POST" and form.is_valid():
        try:
            password_reset_by_code(
                code_id=session_code_id(request.session, RESET_KEY),
                code=form.cleaned_data["code"],
                password=form.cleaned_data["new_password1"],
                ip=client_ip(request),
            )
        except CodeRejected as exc:
            remaining = code_tries_left(request.session, RESET_KEY, exc)
            if remaining:
                form.add_error(
                    "code", activation_texts.tries_left(activation_texts.CODE_MISMATCH, remaining)
                )
            else:
                dead = True
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("new_password1", message)
        else:
            request.session.pop(RESET_KEY, None)
            return _password_changed(request)
    context = {"form": form, "dead": dead, "password_rule": PASSWORD_RULE}
    return render(request, "recovery/password_code.html", context)


@never_cache
@require_http_methods(GET_POST)
def password_link(request, token: str):
    try:
        reset = password_reset_link_check(token=token)
    except ResetLinkInvalid:
        return render(request, "recovery/password_link_invalid.html", status=410)
    form = PasswordResetLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_reset_by_link(
                token=token, password=form.cleaned_data["new_password1"], ip=client_ip(request)
            )
        except ResetLinkInvalid:
            return render(request, "recovery/password_link_invalid.html", status=410)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("new_password1", message)
        else:
            return _password_changed(request)
    context = {"form": form, "identifier": reset.account.username, "password_rule": PASSWORD_RULE}
    return render(request, "recovery/password_link.html", context)


# --- Accès de secours ---------------------------------------------------------------------------


@never_cache
@require_http_methods(GET_POST)
def emergency_access(request):
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            emergency_request_create(
                establishment=data["establishment"],
                last_name=data["last_name"],
                first_name=data["first_name"],
                division_label=data["division_label"],
                birth_date=data["birth_date"],
                message=data.get("message") or "",
                ip=client_ip(request),
            )
        except RateLimited:
            form.add_error(None, texts.EMERGENCY_RATE_LIMITED)
        else:
            return redirect("recovery:emergency_sent")
    return render(request, "recovery/emergency_access.html", {"form": form})


@require_http_methods(["GET", "HEAD"])
def emergency_sent(request):
    return render(request, "recovery/emergency_sent.html")
