"""First connection with a letter, then e-mail confirmation.

provisional --first connection--> awaiting_email (guardians) --link clicked--> active
provisional --first connection--> active (pupils; recovery by e-mail stays off until confirmed)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import NoReturn

from allauth.account.models import EmailAddress
from django.contrib.auth import password_validation
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise

from accounts.audit import AuditAction, audit_record
from accounts.lifecycle import Audit, account_activate
from accounts.models import User
from core import ratelimit
from core.links import public_reverse
from core.tokens import new_token, token_digest
from outbox.services import outbox_enqueue_mail

from .. import conf
from .. import messages as texts
from ..models import EmailConfirmation, FirstConnectionLock, Letter


class LetterUnusable(Exception):
    """Expired, revoked, already used, or its account is no longer provisional. Never say which."""


class FirstConnectionLocked(Exception):
    """``until`` is None when the letter stays blocked until the school unblocks or reissues it."""

    def __init__(self, until: datetime.datetime | None) -> None:
        super().__init__(until)
        self.until = until


class BirthDateUnknown(Exception):
    """The school recorded the pupil without a birth date: nothing to check the answer against,
    so the family must contact the school (which completes SIECLE and re-imports)."""


class WrongBirthDate(Exception):
    def __init__(self, remaining: int) -> None:
        super().__init__(remaining)
        self.remaining = remaining


# --- Letter lookup ------------------------------------------------------------------------------


def letter_for_first_connection(*, letter_id: int | None, account: User) -> Letter:
    """The live letter this session logged in with, or ``LetterUnusable``."""
    letter = (
        Letter.objects.select_related("pupil", "establishment", "account")
        .filter(pk=letter_id, account=account)
        .first()
        if letter_id
        else None
    )
    if letter is None or not _is_live(letter) or account.state != User.State.PROVISIONAL:
        raise LetterUnusable
    return letter


def _is_live(letter: Letter, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return letter.used_at is None and letter.revoked_at is None and letter.expires_at > now


# --- Wrong birth dates and locks ----------------------------------------------------------------


def _counter_keys(account: User, ip: str | None) -> list[str]:
    keys = [f"activation:fc-failures:account:{account.pk}"]
    if ip:
        keys.append(f"activation:fc-failures:ip:{ip}")
    return keys


def first_connection_lock(*, account: User) -> FirstConnectionLock | None:
    """The lock that refuses any answer for this account now (its own tries, not its address)."""
    return (
        FirstConnectionLock.objects.filter(account=account, locked_until__gt=timezone.now())
        .exclude(reason=FirstConnectionLock.Reason.IP)
        .order_by("-locked_until")
        .first()
    )


def _ip_locked(ip: str | None) -> FirstConnectionLock | None:
    if not ip:
        return None
    return (
        FirstConnectionLock.objects.filter(
            ip_address=ip, reason=FirstConnectionLock.Reason.IP, locked_until__gt=timezone.now()
        )
        .order_by("-locked_until")
        .first()
    )


def _raise_locked(lock: FirstConnectionLock) -> NoReturn:
    permanent = lock.reason == FirstConnectionLock.Reason.LETTER
    raise FirstConnectionLocked(None if permanent else lock.locked_until)


def _failure_record(*, letter: Letter, account: User, ip: str | None) -> FirstConnectionLock | int:
    """Counts one wrong birth date per account and per IP; locks when either reaches the limit.

    Returns the lock now in force, or the tries left for this account. After
    ``FIRST_CONNECTION_MAX_LOCKS`` locks of the same letter, the last one lasts until the school
    unblocks or reissues the letter: 5 tries per 15 minutes would still allow about 480 guesses a
    day, and a collège pupil's birth date lies in some 1,100 days.
    """
    timeout = int(conf.FIRST_CONNECTION_LOCK.total_seconds())
    account_count, *ip_count = [
        ratelimit.increment(key, timeout) for key in _counter_keys(account, ip)
    ]
    now = timezone.now()
    reason = None
    failures = account_count
    locked_until = now + conf.FIRST_CONNECTION_LOCK
    if account_count >= conf.FIRST_CONNECTION_MAX_TRIES:
        reason = FirstConnectionLock.Reason.ACCOUNT
        earlier = FirstConnectionLock.objects.filter(
            letter=letter, reason=FirstConnectionLock.Reason.ACCOUNT
        ).count()
        if earlier + 1 >= conf.FIRST_CONNECTION_MAX_LOCKS:
            reason, locked_until = FirstConnectionLock.Reason.LETTER, letter.expires_at
    elif ip_count and ip_count[0] >= conf.FIRST_CONNECTION_MAX_TRIES:
        reason, failures = FirstConnectionLock.Reason.IP, ip_count[0]
    if reason is None:
        return conf.FIRST_CONNECTION_MAX_TRIES - account_count
    lock = FirstConnectionLock.objects.create(
        establishment=letter.establishment,
        account=account,
        letter=letter,
        ip_address=ip,
        reason=reason,
        failures=failures,
        locked_until=locked_until,
    )
    ratelimit.reset(*_counter_keys(account, ip))
    audit_record(
        action=AuditAction.FIRST_CONNECTION_LOCKED,
        target=letter,
        establishment=letter.establishment,
        details={"account": account.username, "reason": reason, "failures": failures},
        ip_address=ip,
    )
    return lock


# --- First connection ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FirstConnectionResult:
    account: User
    confirmation_sent: bool


def first_connection_complete(
    *,
    account: User,
    letter_id: int,
    password: str,
    email: str,
    birth_date: datetime.date,
    ip: str | None = None,
) -> FirstConnectionResult:
    """Validates the letter, the child's birth date and the new password, then activates.

    Raises ``FirstConnectionLocked``, ``WrongBirthDate``, ``LetterUnusable`` or ``ValidationError``.
    """
    lock = first_connection_lock(account=account)
    if lock:
        _raise_locked(lock)
    letter = letter_for_first_connection(letter_id=letter_id, account=account)
    email = (email or "").strip().lower()
    if account.is_guardian and not email:
        raise ValidationError({"email": texts.EMAIL_REQUIRED_FOR_GUARDIANS})
    password_validation.validate_password(password, account)
    if letter.pupil.birth_date is None:
        raise BirthDateUnknown
    if birth_date != letter.pupil.birth_date:
        # An address locked by others' wrong tries refuses only wrong answers: the right date
        # still goes through for an account that is not itself locked (families share
        # addresses behind the school's Wi-Fi and carriers' NAT).
        ip_lock = _ip_locked(ip)
        # Counted outside the transaction below: a wrong try must stay counted.
        outcome = _failure_record(letter=letter, account=account, ip=ip)
        if isinstance(outcome, FirstConnectionLock):
            _raise_locked(outcome)
        if ip_lock:
            _raise_locked(ip_lock)
        raise WrongBirthDate(outcome)
    result = _first_connection_activate(
        account_id=account.pk, letter_id=letter.pk, password=password, email=email, ip=ip
    )
    ratelimit.reset(*_counter_keys(account, ip))
    return result


@transaction.atomic
def _first_connection_activate(
    *, account_id: int, letter_id: int, password: str, email: str, ip: str | None
) -> FirstConnectionResult:
    now = timezone.now()
    account = User.objects.select_for_update().get(pk=account_id)
    # The conditional UPDATE is the arbiter: of two simultaneous first connections with the same
    # letter, only one sees used_at still empty.
    won = Letter.objects.filter(
        pk=letter_id,
        account_id=account_id,
        used_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now,
    ).update(used_at=now)
    if not won or account.state != User.State.PROVISIONAL:
        raise LetterUnusable
    letter = Letter.objects.select_related("establishment").get(pk=letter_id)

    state = User.State.AWAITING_EMAIL if account.is_guardian else User.State.ACTIVE
    account_activate(
        account=account,
        state=state,
        password=password,
        email=email,
        audit=Audit(
            action=AuditAction.FIRST_CONNECTION_COMPLETED,
            actor=account,
            target=letter,
            establishment=letter.establishment,
            ip=ip,
            details={"account": account.username, "email_given": bool(email), "state": state},
        ),
    )
    # Any other e-mail on file is replaced: the one just typed is the only one to confirm.
    EmailAddress.objects.filter(user=account).exclude(email__iexact=email).delete()
    confirmation_sent = False
    if email:
        EmailAddress.objects.update_or_create(
            user=account, email=email, defaults={"verified": False, "primary": True}
        )
        _confirmation_create(account=account, email=email, deadline=letter.expires_at)
        confirmation_sent = True
    return FirstConnectionResult(account=account, confirmation_sent=confirmation_sent)


# --- E-mail confirmation ------------------------------------------------------------------------


def _confirmation_create(
    *, account: User, email: str, deadline: datetime.datetime | None = None
) -> EmailConfirmation:
    now = timezone.now()
    # Only the newest link works: a resent mail makes the previous one useless.
    EmailConfirmation.objects.filter(account=account, used_at__isnull=True).update(used_at=now)
    token, digest = new_token()
    expires_at = now + conf.EMAIL_CONFIRMATION_VALIDITY
    confirmation = EmailConfirmation.objects.create(
        account=account, email=email, token_hash=digest, expires_at=expires_at
    )
    link = public_reverse("activation:email_confirm", token)
    context = {"account": account, "link": link, "expires_at": expires_at, "deadline": deadline}
    outbox_enqueue_mail(
        idempotency_key=f"email-confirmation:{confirmation.pk}",
        to=email,
        template="activation/emails/activation",
        context=context,
        from_address=conf.activation_from_email(),
        expires_at=expires_at,
    )
    return confirmation


class ResendRefused(Exception):
    """ "Renvoyer le mail" refused; ``message`` says why (activation.messages)."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(message)
        self.message = message


@transaction.atomic
def email_confirmation_resend(*, account: User) -> EmailConfirmation:
    """ "Renvoyer le mail": at most one a minute and a few an hour per account."""
    if (
        not account.email
        or EmailAddress.objects.filter(
            user=account, email__iexact=account.email, verified=True
        ).exists()
    ):
        raise ResendRefused(texts.RESEND_NOTHING_PENDING)
    recent_key = f"activation:resend:recent:{account.pk}"
    hour_key = f"activation:resend:hour:{account.pk}"
    if not cache.add(recent_key, 1, int(conf.EMAIL_RESEND_MIN_INTERVAL.total_seconds())):
        raise ResendRefused(texts.RESEND_TOO_SOON)
    sent_this_hour = ratelimit.increment(hour_key, ratelimit.HOUR)
    if sent_this_hour > conf.EMAIL_RESEND_MAX_PER_HOUR:
        raise ResendRefused(texts.RESEND_TOO_MANY)
    confirmation = _confirmation_create(account=account, email=account.email)
    audit_record(
        action=AuditAction.EMAIL_CONFIRMATION_RESENT,
        actor=account,
        target=account,
        details={"email": account.email},
    )
    return confirmation


class ConfirmationInvalid(Exception):
    """Unknown, used or expired link. The page says the same for all three."""


@transaction.atomic
def email_confirm(*, token: str, ip: str | None = None) -> User:
    now = timezone.now()
    confirmation = (
        EmailConfirmation.objects.select_for_update()
        .select_related("account")
        .filter(token_hash=token_digest(token))
        .first()
    )
    if confirmation is None or confirmation.used_at or confirmation.expires_at <= now:
        raise ConfirmationInvalid
    account = User.objects.select_for_update().get(pk=confirmation.account_id)
    if account.email.lower() != confirmation.email.lower():
        raise ConfirmationInvalid  # the address changed since this mail was sent
    EmailConfirmation.objects.filter(pk=confirmation.pk).update(used_at=now)
    address, _ = EmailAddress.objects.update_or_create(
        user=account, email=confirmation.email, defaults={"verified": True, "primary": True}
    )
    EmailAddress.objects.filter(user=account).exclude(pk=address.pk).update(primary=False)
    audit = Audit(
        action=AuditAction.EMAIL_CONFIRMED,
        actor=account,
        details={"email": confirmation.email},
        ip=ip,
    )
    if account.state == User.State.AWAITING_EMAIL:
        account_activate(account=account, audit=audit)
    else:
        audit.write(account)
    return account
