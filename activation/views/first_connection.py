"""Activation pages: first connection with a letter, pending e-mail, confirmation link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import PASSWORD_RULE
from accounts.models import User
from accounts.selectors import email_is_confirmed
from core.http import client_ip

from .. import conf
from .. import messages as texts
from ..forms import FirstConnectionForm, LetterLoginForm
from ..middleware import SESSION_LETTER_KEY
from ..services.first_connection import (
    BirthDateUnknown,
    ConfirmationInvalid,
    FirstConnectionLocked,
    LetterUnusable,
    ResendRefused,
    WrongBirthDate,
    email_confirm,
    email_confirmation_resend,
    first_connection_complete,
    first_connection_lock,
    letter_for_first_connection,
)

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _services_url() -> str:
    return conf.services_url()


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def first_connection_login(request):
    """Where the letter's QR code leads: identifiant + temporary password."""
    user = request.user
    if user.is_authenticated:
        if user.state == User.State.PROVISIONAL and request.session.get(SESSION_LETTER_KEY):
            return redirect("activation:first_connection")
        if user.state == User.State.AWAITING_EMAIL:
            return redirect("activation:awaiting_email")
        return redirect(_services_url())
    form = LetterLoginForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        return redirect("activation:first_connection")
    return render(request, "activation/first_connection_login.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def first_connection(request):
    account = request.user
    try:
        letter = letter_for_first_connection(
            letter_id=request.session.get(SESSION_LETTER_KEY), account=account
        )
    except LetterUnusable:
        return redirect("activation:letter_invalid")
    ip = client_ip(request)
    lock = first_connection_lock(account=account)
    locked = lock is not None
    blocked = lock is not None and lock.reason == lock.Reason.LETTER
    locked_until = lock.locked_until if lock and not blocked else None
    form = FirstConnectionForm(request.POST or None, account=account)
    if request.method == "POST" and not locked and form.is_valid():
        data = form.cleaned_data
        try:
            first_connection_complete(
                account=account,
                letter_id=letter.pk,
                password=data["new_password1"],
                email=data["email"],
                birth_date=data["birth_date"],
                ip=ip,
            )
        except BirthDateUnknown:
            pass  # the page says so below, whatever was typed
        except WrongBirthDate as exc:
            form.add_error("birth_date", texts.birth_date_tries_left(exc.remaining))
        except FirstConnectionLocked as exc:
            locked, blocked, locked_until = True, exc.until is None, exc.until
        except LetterUnusable:
            return redirect("activation:letter_invalid")
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            account.refresh_from_db()
            # New password, new session: the letter session ends here.
            login(request, account, backend=MODEL_BACKEND)
            request.session.pop(SESSION_LETTER_KEY, None)
            if account.state == User.State.AWAITING_EMAIL:
                return redirect("activation:awaiting_email")
            if account.email:
                messages.success(request, texts.ACCOUNT_CREATED_CONFIRM_EMAIL)
            else:
                messages.success(request, texts.ACCOUNT_CREATED)
            return redirect(_services_url())
    context = {
        "form": form,
        "letter": letter,
        "account": account,
        "password_rule": PASSWORD_RULE,
        "birth_date_unknown": letter.pupil.birth_date is None,
        "locked": locked,
        "blocked": blocked,
        "locked_until": timezone.localtime(locked_until) if locked_until else None,
    }
    return render(
        request, "activation/first_connection.html", context, status=423 if locked else 200
    )


@require_GET
def letter_invalid(request):
    """Expired, replaced or already used letter: the same words for all, no detail."""
    return render(request, "activation/letter_invalid.html", status=410)


@never_cache
@login_required
@require_GET
def awaiting_email(request):
    account = request.user
    if email_is_confirmed(account) or not account.email:
        return redirect(_services_url())
    return render(request, "activation/awaiting_email.html", {"account": account})


@login_required
@require_POST
def email_resend(request):
    try:
        email_confirmation_resend(account=request.user)
    except ResendRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, texts.EMAIL_RESENT)
    return redirect("activation:awaiting_email")


@never_cache
@require_GET
def email_confirm_view(request, token: str):
    # A GET confirms: the link in the mail is the proof the address receives mail, whoever opens it.
    try:
        email_confirm(token=token, ip=client_ip(request))
    except ConfirmationInvalid:
        return render(request, "activation/email_confirm_invalid.html", status=410)
    return render(
        request, "activation/email_confirmed.html", {"services_url": resolve_url(_services_url())}
    )
