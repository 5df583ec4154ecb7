""" "Je n'ai pas encore d'identifiant" → "Créer mon compte": a parent's account created by SMS.

Thin views: form → one service call → redirect. The page that follows the first step is the same
whether a school knows the number or not (``code_tries_left`` counts the tries either way).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.conf import PASSWORD_BACKEND
from accounts.forms import PASSWORD_RULE
from core.http import client_ip
from core.ratelimit import RateLimited

from .. import messages as texts
from ..forms import CreationPasswordForm, CreationStartForm, CreationVerifyForm
from ..services.sms_codes import CodeRejected, code_tries_left, session_code_id
from ..services.sms_creation import (
    BirthDatesRejected,
    CreationExpired,
    creation_complete,
    creation_pending,
    creation_start,
    creation_verify,
)

GET_POST = ["GET", "HEAD", "POST"]
CREATION_KEY = "educonnect_creation"


@require_http_methods(["GET", "HEAD"])
def no_identifier(request):
    return render(request, "activation/no_identifier.html")


@never_cache
@require_http_methods(GET_POST)
def creation_start_view(request):
    form = CreationStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            attempt = creation_start(
                last_name=data["last_name"],
                first_name=data["first_name"],
                phone=data["phone"],
                ip=client_ip(request),
            )
        except RateLimited:
            form.add_error(None, texts.RATE_LIMITED)
        else:
            request.session[CREATION_KEY] = {"attempt": attempt, "phone": data["phone"][-2:]}
            return redirect("activation:creation_code")
    return render(request, "activation/creation_start.html", {"form": form})


@never_cache
@require_http_methods(GET_POST)
def creation_code_view(request):
    state = request.session.get(CREATION_KEY)
    if state is None:
        return redirect("activation:creation_start")
    form = CreationVerifyForm(request.POST or None)
    dead = False
    if request.method == "POST" and form.is_valid():
        try:
            verified = creation_verify(
                code_id=session_code_id(request.session, CREATION_KEY),
                code=form.cleaned_data["code"],
                birth_dates=form.birth_dates,
                ip=client_ip(request),
            )
        except (CodeRejected, BirthDatesRejected) as exc:
            remaining = (
                exc.remaining
                if isinstance(exc, BirthDatesRejected)
                else code_tries_left(request.session, CREATION_KEY, exc)
            )
            if remaining:
                form.add_error(
                    None, texts.tries_left(texts.CODE_OR_BIRTH_DATES_MISMATCH, remaining)
                )
            else:
                dead = True
        else:
            if verified.already_active:
                request.session.pop(CREATION_KEY, None)
                return render(request, "activation/creation_already.html")
            return redirect("activation:creation_password")
    return render(
        request, "activation/creation_code.html", {"form": form, "dead": dead, "state": state}
    )


@never_cache
@require_http_methods(GET_POST)
def creation_password_view(request):
    state = request.session.get(CREATION_KEY) or {}
    try:
        pending = creation_pending(code_id=state.get("code_id"))
    except CreationExpired:
        messages.error(request, texts.CREATION_EXPIRED)
        return redirect("activation:creation_start")
    form = CreationPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = creation_complete(
                code_id=pending.pk,
                password=form.cleaned_data["new_password1"],
                ip=client_ip(request),
            )
        except CreationExpired:
            messages.error(request, texts.CREATION_EXPIRED)
            return redirect("activation:creation_start")
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("new_password1", message)
        else:
            request.session.pop(CREATION_KEY, None)
            login(request, account, backend=PASSWORD_BACKEND)
            messages.success(request, texts.account_created_by_sms(account.username))
            return redirect("portal:dashboard")
    context = {"form": form, "identifier": pending.identifier, "password_rule": PASSWORD_RULE}
    return render(request, "activation/creation_password.html", context)
