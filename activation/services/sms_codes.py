"""SMS codes: 6 digits from ``secrets``, stored as an HMAC, single-use, 10 minutes, 3 tries."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import logging
import secrets
from collections.abc import MutableMapping
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from core import ratelimit
from outbox.models import OutboxMessage
from outbox.services import outbox_enqueue

from .. import conf
from ..models import SmsCode

logger = logging.getLogger(__name__)


class CodeRejected(Exception):
    """Wrong, expired, used or unknown code. ``remaining`` tries left (0: ask for a new code)."""

    def __init__(self, remaining: int) -> None:
        super().__init__(remaining)
        self.remaining = remaining


def masked(phone: str) -> str:
    return f"…{phone[-2:]}" if phone else ""


def code_hash(code: str, salt: str) -> str:
    return hmac.new(
        conf.secret_key().encode(), f"sms-code:{salt}:{code}".encode(), hashlib.sha256
    ).hexdigest()


def new_code() -> str:
    return f"{secrets.randbelow(10**conf.SMS_CODE_LENGTH):0{conf.SMS_CODE_LENGTH}d}"


def sms_request_allowed(*, phone: str, ip: str | None) -> None:
    """Every request that may send an SMS, whether a school knows the number or not (so the
    limit itself reveals nothing): per number and per IP. ``RateLimited`` when over a limit."""
    ratelimit.check(
        [
            ("sms-number-hour", phone, "sms_per_number_hour", ratelimit.HOUR),
            ("sms-number-day", phone, "sms_per_number_day", ratelimit.DAY),
            ("sms-ip-hour", ip, "sms_per_ip_hour", ratelimit.HOUR),
            ("sms-ip-day", ip, "sms_per_ip_day", ratelimit.DAY),
        ]
    )


def sms_number_allowed(*, phone: str) -> bool:
    """The per-number counters alone (a number found behind an identifier)."""
    try:
        ratelimit.check(
            [
                ("sms-number-hour", phone, "sms_per_number_hour", ratelimit.HOUR),
                ("sms-number-day", phone, "sms_per_number_day", ratelimit.DAY),
            ]
        )
    except ratelimit.RateLimited:
        return False
    return True


def sms_global_allowed() -> bool:
    """Every SMS actually sent, for the whole platform, per day: the ceiling on what toll fraud
    could cost. Only real sends count, so junk numbers cannot use up the quota."""
    return ratelimit.allowed(
        "sms-global-day", timezone.localdate().isoformat(), "sms_global_day", ratelimit.DAY
    )


def requests_allowed(*, ip: str | None) -> None:
    """Recovery and creation forms, per IP, whatever the result. ``RateLimited``."""
    ratelimit.check([("requests-ip-hour", ip, "requests_per_ip_hour", ratelimit.HOUR)])


def sms_enqueue(
    *,
    to: str,
    template: str,
    context: dict,
    key: str,
    expires_at: datetime.datetime | None = None,
) -> bool:
    """One SMS, ``<template>.txt`` rendered, through the outbox (sent after commit, retried, never
    twice). ``False`` when the platform's daily SMS ceiling is reached: nothing is sent, the
    caller's page stays the same."""
    if not sms_global_allowed():
        logger.error("Plafond quotidien de SMS atteint : SMS « %s » non envoyé.", template)
        return False
    body = render_to_string(f"{template}.txt", context).strip()
    outbox_enqueue(
        idempotency_key=f"sms:{key}",
        to=to,
        body=body,
        kind=OutboxMessage.Kind.SMS,
        expires_at=expires_at,
    )
    return True


@transaction.atomic
def sms_code_send(
    *,
    purpose: str,
    phone: str,
    ip: str | None,
    guardian_ids: list[int] | None = None,
    account: User | None = None,
) -> SmsCode | None:
    """Issues a code and queues its SMS. Earlier live codes of the same purpose and number die."""
    now = timezone.now()
    SmsCode.objects.filter(
        purpose=purpose, phone=phone, used_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)
    code = new_code()
    salt = secrets.token_hex(16)
    sms_code = SmsCode(
        purpose=purpose,
        phone=phone,
        code_salt=salt,
        code_hash=code_hash(code, salt),
        guardian_ids=guardian_ids or [],
        account=account,
        created_at=now,
        expires_at=now + conf.SMS_CODE_VALIDITY,
        ip_address=ip,
    )
    sms_code.full_clean()
    sms_code.save()
    sent = sms_enqueue(
        to=phone,
        template=f"activation/sms/code_{purpose}",
        key=f"code:{sms_code.pk}:{salt}",
        context={"code": code, "minutes": int(conf.SMS_CODE_VALIDITY.total_seconds() // 60)},
        expires_at=sms_code.expires_at,
    )
    if not sent:
        sms_code.expires_at = now
        sms_code.save(update_fields=["expires_at"])
        return None
    return sms_code


def sms_code_check(*, code_id: int | None, purpose: str, code: str) -> SmsCode:
    """The live code ``code_id`` if ``code`` is right, else ``CodeRejected``.

    Every try is counted by one conditional UPDATE before comparing, so parallel requests cannot
    get more than ``SMS_CODE_MAX_TRIES`` tries between them. Callers must not roll the count back
    (no enclosing transaction that the exception undoes). The same hashing work is done whether the
    code row exists or not."""
    now = timezone.now()
    sms_code = (
        SmsCode.objects.select_related("account").filter(pk=code_id, purpose=purpose).first()
        if code_id
        else None
    )
    salt = sms_code.code_salt if sms_code else secrets.token_hex(16)
    expected = sms_code.code_hash if sms_code else code_hash(secrets.token_hex(8), salt)
    matches = hmac.compare_digest(code_hash(code.strip(), salt), expected)
    if sms_code is None:
        raise CodeRejected(remaining=0)
    claimed = SmsCode.objects.filter(
        pk=sms_code.pk,
        used_at__isnull=True,
        expires_at__gt=now,
        attempts__lt=conf.SMS_CODE_MAX_TRIES,
    ).update(attempts=F("attempts") + 1)
    if not claimed:
        raise CodeRejected(remaining=0)
    sms_code.attempts += 1  # at least; others may have counted meanwhile
    if not matches:
        sms_code.refresh_from_db(fields=["attempts"])
        raise CodeRejected(remaining=max(conf.SMS_CODE_MAX_TRIES - sms_code.attempts, 0))
    return sms_code


# An SMS code is sent after the response (core.deferred); the page's session holds a random
# attempt key, and the task records here which code it sent for that attempt.
ATTEMPT_PREFIX = "cartable:sms-attempt:"


def attempt_new() -> str:
    return secrets.token_urlsafe(24)


def attempt_code_record(*, attempt: str, code_id: int | None) -> None:
    if code_id:
        cache.set(ATTEMPT_PREFIX + attempt, code_id, int(conf.SMS_CODE_VALIDITY.total_seconds()))


def session_code_id(session: MutableMapping[str, Any], key: str) -> int | None:
    """The code sent for the attempt in ``session[key]`` (``None`` when none was, or not yet)."""
    state = session.get(key) or {}
    if not state.get("code_id") and state.get("attempt"):
        code_id = cache.get(ATTEMPT_PREFIX + state["attempt"])
        if code_id:
            state["code_id"] = code_id
            session[key] = state
    return state.get("code_id")


def code_tries_left(session: MutableMapping[str, Any], key: str, exc: CodeRejected) -> int:
    """Tries left as the page tells them. When no code was sent (nobody matches), the session
    state ``session[key]`` counts the tries so the page behaves exactly as if one had been:
    nothing to learn from it."""
    state = session.get(key) or {}
    if state.get("code_id"):
        return exc.remaining
    state["fake_tries"] = state.get("fake_tries", 0) + 1
    session[key] = state
    return max(conf.SMS_CODE_MAX_TRIES - state["fake_tries"], 0)


def sms_code_fail(*, sms_code: SmsCode) -> int:
    """A right code but something else wrong (birth dates): the try already counted; the tries
    left."""
    sms_code.refresh_from_db(fields=["attempts"])
    return max(conf.SMS_CODE_MAX_TRIES - sms_code.attempts, 0)


def sms_code_use(*, sms_code: SmsCode) -> bool:
    """Marks the code used; ``False`` if another request used it first (replay)."""
    return bool(
        SmsCode.objects.filter(pk=sms_code.pk, used_at__isnull=True).update(used_at=timezone.now())
    )
