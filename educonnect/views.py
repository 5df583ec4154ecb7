"""EduConnect pages: account creation by SMS, recovery, pupils' emergency access.

Thin views: form → one service call → redirect. The pages that follow a request (code sent,
identifier sent, link sent, request transmitted) are the same whether an account exists or not.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.http import client_ip
from core.ratelimit import RateLimited

from . import conf
from .forms import (
    PASSWORD_RULE,
    CreationPasswordForm,
    CreationStartForm,
    CreationVerifyForm,
    EmergencyAccessForm,
    IdentifierReminderForm,
    PasswordResetCodeForm,
    PasswordResetLinkForm,
    PasswordResetRequestForm,
)
from .services.codes import CodeRejected
from .services.creation import (
    BirthDatesRejected,
    CreationExpired,
    creation_complete,
    creation_pending,
    creation_start,
    creation_verify,
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

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
GET_POST = ["GET", "HEAD", "POST"]

CREATION_KEY = "educonnect_creation"
RESET_KEY = "educonnect_reset"

RATE_LIMITED = (
    "Trop de demandes ont été faites depuis cette connexion ou pour ce numéro. Par sécurité, "
    "réessayez dans une heure, ou contactez le secrétariat du collège."
)
CODE_DEAD = (
    "Ce code n'est plus valable : il a expiré, a déjà servi ou a été mal saisi trop de fois. "
    "Demandez un nouveau code. Si vous ne recevez toujours rien, contactez le secrétariat du collège : "
    "il vérifiera le numéro de portable qu'il a enregistré pour vous."
)



def _remaining_message(remaining: int, what: str) -> str:
    return f"{what} Vérifiez votre saisie : il vous reste {remaining} essai{'s' if remaining > 1 else ''}."


def _rejected_remaining(request, key: str, exc: CodeRejected) -> int:
    """Tries left as the page tells them. When no code was sent (nobody matches), the session counts
    the tries so the page behaves exactly as if one had been: nothing to learn from it."""
    state = request.session.get(key) or {}
    if state.get("code_id"):
        return exc.remaining
    state["fake_tries"] = state.get("fake_tries", 0) + 1
    request.session[key] = state
    return max(conf.SMS_CODE_MAX_TRIES - state["fake_tries"], 0)


# --- Je n'ai pas encore d'identifiant → Créer mon compte ----------------------------------------


@require_http_methods(["GET", "HEAD"])
def no_identifier(request):
    return render(request, "educonnect/no_identifier.html")


@never_cache
@require_http_methods(GET_POST)
def creation_start_view(request):
    form = CreationStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            code_id = creation_start(
                last_name=data["last_name"], first_name=data["first_name"], phone=data["phone"], ip=client_ip(request)
            )
        except RateLimited:
            form.add_error(None, RATE_LIMITED)
        else:
            request.session[CREATION_KEY] = {"code_id": code_id, "phone": data["phone"][-2:]}
            return redirect("educonnect:creation_code")
    return render(request, "educonnect/creation_start.html", {"form": form})


@never_cache
@require_http_methods(GET_POST)
def creation_code_view(request):
    state = request.session.get(CREATION_KEY)
    if state is None:
        return redirect("educonnect:creation_start")
    form = CreationVerifyForm(request.POST or None)
    dead = False
    if request.method == "POST" and form.is_valid():
        try:
            verified = creation_verify(
                code_id=state.get("code_id"), code=form.cleaned_data["code"], birth_dates=form.birth_dates,
                ip=client_ip(request),
            )
        except (CodeRejected, BirthDatesRejected) as exc:
            remaining = (
                exc.remaining if isinstance(exc, BirthDatesRejected) else _rejected_remaining(request, CREATION_KEY, exc)
            )
            if remaining:
                form.add_error(None, _remaining_message(
                    remaining, "Le code ou les dates de naissance ne correspondent pas à ceux que nous connaissons."
                ))
            else:
                dead = True
        else:
            if verified.already_active:
                request.session.pop(CREATION_KEY, None)
                return render(request, "educonnect/creation_already.html")
            return redirect("educonnect:creation_password")
    return render(request, "educonnect/creation_code.html", {"form": form, "dead": dead, "state": state})


@never_cache
@require_http_methods(GET_POST)
def creation_password_view(request):
    state = request.session.get(CREATION_KEY) or {}
    try:
        pending = creation_pending(code_id=state.get("code_id"))
    except CreationExpired:
        messages.error(request, "Cette étape a expiré. Recommencez la création de votre compte.")
        return redirect("educonnect:creation_start")
    form = CreationPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = creation_complete(
                code_id=pending.pk, password=form.cleaned_data["new_password1"], ip=client_ip(request)
            )
        except CreationExpired:
            messages.error(request, "Cette étape a expiré. Recommencez la création de votre compte.")
            return redirect("educonnect:creation_start")
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("new_password1", message)
        else:
            request.session.pop(CREATION_KEY, None)
            login(request, account, backend=MODEL_BACKEND)
            messages.success(
                request,
                f"Votre compte est activé. Votre identifiant est {account.username} : notez-le, il vous "
                "servira à chaque connexion.",
            )
            return redirect("portal:dashboard")
    context = {"form": form, "identifier": pending.identifier, "password_rule": PASSWORD_RULE}
    return render(request, "educonnect/creation_password.html", context)


# --- Identifiant oublié -------------------------------------------------------------------------


@never_cache
@require_http_methods(GET_POST)
def identifier_forgotten(request):
    form = IdentifierReminderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            identifier_reminder_request(
                channel=data["channel"], email=data.get("email") or "", phone=data.get("phone") or "",
                ip=client_ip(request),
            )
        except RateLimited:
            form.add_error(None, RATE_LIMITED)
        else:
            return redirect("educonnect:identifier_sent")
    return render(request, "educonnect/identifier_forgotten.html", {"form": form})


@require_http_methods(["GET", "HEAD"])
def identifier_sent(request):
    return render(request, "educonnect/identifier_sent.html")


# --- Mot de passe oublié ------------------------------------------------------------------------


@never_cache
@require_http_methods(GET_POST)
def password_forgotten(request):
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        channel = form.cleaned_data["channel"]
        try:
            code_id = password_reset_request(
                identifier=form.cleaned_data["identifier"], channel=channel, ip=client_ip(request)
            )
        except RateLimited:
            form.add_error(None, RATE_LIMITED)
        else:
            if channel == SMS:
                request.session[RESET_KEY] = {"code_id": code_id}
                return redirect("educonnect:password_code")
            return redirect("educonnect:password_link_sent")
    return render(request, "educonnect/password_forgotten.html", {"form": form})


@require_http_methods(["GET", "HEAD"])
def password_link_sent(request):
    return render(request, "educonnect/password_link_sent.html")


def _password_changed(request):
    messages.success(
        request,
        "Votre mot de passe a été modifié. Vos autres connexions ont été fermées. "
        "Connectez-vous avec votre nouveau mot de passe.",
    )
    return redirect("portal:login_educonnect")


@never_cache
@require_http_methods(GET_POST)
def password_code(request):
    state = request.session.get(RESET_KEY)
    if state is None:
        return redirect("educonnect:password_forgotten")
    form = PasswordResetCodeForm(request.POST or None)
    dead = False
    if request.method == "POST" and form.is_valid():
        try:
            password_reset_by_code(
                code_id=state.get("code_id"), code=form.cleaned_data["code"],
                password=form.cleaned_data["new_password1"], ip=client_ip(request),
            )
        except CodeRejected as exc:
            remaining = _rejected_remaining(request, RESET_KEY, exc)
            if remaining:
                form.add_error("code", _remaining_message(remaining, "Ce code ne correspond pas."))
            else:
                dead = True
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("new_password1", message)
        else:
            request.session.pop(RESET_KEY, None)
            return _password_changed(request)
    context = {"form": form, "dead": dead, "password_rule": PASSWORD_RULE}
    return render(request, "educonnect/password_code.html", context)


@never_cache
@require_http_methods(GET_POST)
def password_link(request, token: str):
    try:
        reset = password_reset_link_check(token=token)
    except ResetLinkInvalid:
        return render(request, "educonnect/password_link_invalid.html", status=410)
    form = PasswordResetLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_reset_by_link(token=token, password=form.cleaned_data["new_password1"], ip=client_ip(request))
        except ResetLinkInvalid:
            return render(request, "educonnect/password_link_invalid.html", status=410)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("new_password1", message)
        else:
            return _password_changed(request)
    context = {"form": form, "identifier": reset.account.username, "password_rule": PASSWORD_RULE}
    return render(request, "educonnect/password_link.html", context)


# --- Accès de secours ---------------------------------------------------------------------------


@never_cache
@require_http_methods(GET_POST)
def emergency_access(request):
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            emergency_request_create(
                establishment=data["establishment"], last_name=data["last_name"], first_name=data["first_name"],
                division_label=data["division_label"], birth_date=data["birth_date"],
                message=data.get("message") or "", ip=client_ip(request),
            )
        except RateLimited:
            form.add_error(None, "Trop de demandes ont été envoyées depuis cette connexion. Réessaie plus tard "
                                 "ou adresse-toi directement au référent numérique ou à la vie scolaire.")
        else:
            return redirect("educonnect:emergency_sent")
    return render(request, "educonnect/emergency_access.html", {"form": form})


@require_http_methods(["GET", "HEAD"])
def emergency_sent(request):
    return render(request, "educonnect/emergency_sent.html")


