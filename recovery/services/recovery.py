""" "Identifiant oublié ?" and "Mot de passe oublié ?".

Only confirmed channels: an e-mail address confirmed through its link, or the mobile a school
recorded for the guardian. Every request answers the same whether the account exists or not, and
does the same work (a token is drawn and hashed, a message rendered, an audit row written) so the
timing does not tell either.
"""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth import password_validation
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.lifecycle import Audit, account_password_set
from accounts.models import User
from accounts.selectors import email_is_confirmed
from activation.models import SmsCode
from activation.services.sms_codes import (
    CodeRejected,
    attempt_code_record,
    attempt_new,
    masked,
    requests_allowed,
    sms_code_check,
    sms_code_send,
    sms_code_use,
    sms_enqueue,
    sms_number_allowed,
    sms_request_allowed,
)
from core import ratelimit
from core.deferred import after_commit
from core.links import public_reverse
from core.tokens import new_token, token_digest
from outbox.services import outbox_enqueue_mail

from .. import conf, selectors
from ..models import PasswordResetToken
from ..tasks import identifier_reminder_process as identifier_reminder_process_task
from ..tasks import password_reset_process as password_reset_process_task

EMAIL = "email"
SMS = "sms"


class ResetLinkInvalid(Exception):
    """Unknown, expired or already used link. Never say which."""


def _mail_enqueue(
    *,
    to: str,
    template: str,
    context: dict,
    key: str,
    expires_at: datetime.datetime | None = None,
) -> None:
    outbox_enqueue_mail(
        idempotency_key=key,
        to=to,
        template=f"recovery/emails/{template}",
        context=context,
        expires_at=expires_at,
    )


def _mail_allowed(target: str) -> bool:
    return ratelimit.allowed(
        "mail-target-hour", target.lower(), "mail_per_target_hour", ratelimit.HOUR
    )


# --- Identifiant oublié -------------------------------------------------------------------------


def identifier_reminder_request(
    *, channel: str, email: str = "", phone: str = "", ip: str | None
) -> None:
    """Counts the request (whatever the result; ``RateLimited`` when over a limit) and hands the
    search and the sending to a task run after the response, so that a known and an unknown
    address take the same time."""
    requests_allowed(ip=ip)
    if channel == SMS:
        sms_request_allowed(phone=phone, ip=ip)
    after_commit(identifier_reminder_process_task, channel=channel, email=email, phone=phone, ip=ip)


@transaction.atomic
def identifier_reminder_process(
    *, channel: str, email: str = "", phone: str = "", ip: str | None
) -> None:
    """Sends the identifier(s) to the confirmed e-mail address or the recorded mobile, if any."""
    if channel == SMS:
        accounts = selectors.accounts_with_recorded_mobile(phone)
        target = phone
    else:
        accounts = selectors.accounts_with_confirmed_email(email)
        target = email
        if not _mail_allowed(email):
            accounts = []  # silently: the page must not differ
    context = {
        "identifiers": [account.username for account in accounts],
        "login_url": public_reverse("portal:login_educonnect"),
    }
    key = f"identifier-reminder:{secrets.token_hex(12)}"
    sent = False
    if accounts and channel == SMS:
        sent = sms_enqueue(
            to=phone, template="recovery/sms/identifier_reminder", context=context, key=key
        )
    elif accounts:
        # The address as the account holds it, not as typed.
        _mail_enqueue(
            to=accounts[0].email, template="identifier_reminder", context=context, key=key
        )
        sent = True
    else:
        render_to_string("recovery/sms/identifier_reminder.txt", context)  # the same work
    audit_record(
        action=AuditAction.IDENTIFIER_REMINDER_SENT
        if sent
        else AuditAction.IDENTIFIER_REMINDER_NO_MATCH,
        target=accounts[0] if accounts else None,
        ip_address=ip,
        details={
            "channel": channel,
            "to": masked(target) if channel == SMS else target[:3] + "…",
            "accounts": [a.pk for a in accounts],
        },
    )


# --- Mot de passe oublié ------------------------------------------------------------------------


def password_reset_request(*, identifier: str, channel: str, ip: str | None) -> str:
    """Counts the request (``RateLimited`` when over a limit, known account or not) and hands the
    rest to a task run after the response: a known and an unknown identifier take the same time.
    Returns the attempt key the session keeps: the SMS code page finds the code sent for it
    (``session_code_id``), and asks for a code either way."""
    identifier = (identifier or "").strip().lower()
    requests_allowed(ip=ip)
    if channel == SMS:
        # Counted on the identifier typed, known or not; the recorded number is counted later.
        sms_request_allowed(phone=f"identifier:{identifier}", ip=ip)
    attempt = attempt_new()
    after_commit(
        password_reset_process_task, identifier=identifier, channel=channel, ip=ip, attempt=attempt
    )
    return attempt


@transaction.atomic
def password_reset_process(*, identifier: str, channel: str, ip: str | None, attempt: str) -> None:
    """E-mail: a single-use link to the confirmed address. SMS: a code to the recorded mobile,
    recorded for the page's ``attempt``."""
    account = selectors.account_by_identifier(identifier)
    token, digest = new_token()
    if channel == SMS:
        phone = selectors.recorded_mobile_of(account) if account else None
        sms_code = None
        if phone and not sms_number_allowed(phone=phone):
            phone = None
        if phone:
            sms_code = sms_code_send(
                purpose=SmsCode.Purpose.PASSWORD_RESET, phone=phone, ip=ip, account=account
            )
        audit_record(
            action=AuditAction.PASSWORD_RESET_CODE_SENT
            if sms_code
            else AuditAction.PASSWORD_RESET_NO_CHANNEL,
            target=account,
            ip_address=ip,
            details={"channel": SMS, "identifier": identifier[:150]},
        )
        attempt_code_record(attempt=attempt, code_id=sms_code.pk if sms_code else None)
        return

    sent = False
    if account is not None and email_is_confirmed(account) and _mail_allowed(f"reset:{identifier}"):
        now = timezone.now()
        PasswordResetToken.objects.filter(account=account, used_at__isnull=True).update(used_at=now)
        reset = PasswordResetToken(
            account=account,
            token_hash=digest,
            created_at=now,
            expires_at=now + conf.PASSWORD_RESET_VALIDITY,
        )
        reset.full_clean()
        reset.save()
        context = {
            "account": account,
            "link": public_reverse("recovery:password_link", token),
            "minutes": int(conf.PASSWORD_RESET_VALIDITY.total_seconds() // 60),
        }
        _mail_enqueue(
            to=account.email,
            template="password_reset",
            context=context,
            key=f"password-reset:{reset.pk}",
            expires_at=reset.expires_at,
        )
        sent = True
    else:
        render_to_string(
            "recovery/emails/password_reset_message.txt", {"link": token, "minutes": 60}
        )
    audit_record(
        action=AuditAction.PASSWORD_RESET_LINK_SENT
        if sent
        else AuditAction.PASSWORD_RESET_NO_CHANNEL,
        target=account,
        ip_address=ip,
        details={"channel": EMAIL, "identifier": identifier[:150]},
    )


def password_reset_link_check(*, token: str) -> PasswordResetToken:
    reset = (
        PasswordResetToken.objects.select_related("account")
        .filter(token_hash=token_digest(token or ""))
        .first()
    )
    if (
        reset is None
        or reset.used_at is not None
        or reset.expires_at <= timezone.now()
        or reset.account.state != User.State.ACTIVE
    ):
        raise ResetLinkInvalid
    return reset


@transaction.atomic
def password_reset_by_link(*, token: str, password: str, ip: str | None) -> User:
    reset = password_reset_link_check(token=token)
    password_validation.validate_password(password, reset.account)
    if not PasswordResetToken.objects.filter(pk=reset.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    ):
        raise ResetLinkInvalid  # used by a parallel request
    return _password_set(account=reset.account, password=password, channel=EMAIL, ip=ip)


def password_reset_by_code(
    *, code_id: int | None, code: str, password: str, ip: str | None
) -> User:
    """``CodeRejected`` (try counted) or ``ValidationError`` (password rule), else the account."""
    sms_code = sms_code_check(code_id=code_id, purpose=SmsCode.Purpose.PASSWORD_RESET, code=code)
    account = sms_code.account
    if account is None or account.state != User.State.ACTIVE:
        raise CodeRejected(remaining=0)
    password_validation.validate_password(password, account)
    with transaction.atomic():
        if not sms_code_use(sms_code=sms_code):
            raise CodeRejected(remaining=0)
        return _password_set(account=account, password=password, channel=SMS, ip=ip)


def _password_set(*, account: User, password: str, channel: str, ip: str | None) -> User:
    """New password; every other session ends; the user is told through a confirmed channel."""
    now = timezone.now()
    account_password_set(
        account=account,
        password=password,
        audit=Audit(
            action=AuditAction.PASSWORD_RESET,
            by_account=True,
            ip=ip,
            details={"channel": channel},
        ),
    )
    PasswordResetToken.objects.filter(account=account, used_at__isnull=True).update(used_at=now)
    SmsCode.objects.filter(account=account, used_at__isnull=True).update(used_at=now)
    context = {
        "account": account,
        "when": timezone.localtime(now),
        "login_url": public_reverse("portal:login_educonnect"),
    }
    key = f"password-changed:{account.pk}:{secrets.token_hex(8)}"
    if email_is_confirmed(account):
        _mail_enqueue(to=account.email, template="password_changed", context=context, key=key)
    else:
        phone = selectors.recorded_mobile_of(account)
        if phone:
            sms_enqueue(
                to=phone, template="recovery/sms/password_changed", context=context, key=key
            )
    return account
