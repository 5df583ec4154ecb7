"""Staff TOTP passcodes: checking a code once and only once, and the admin's OTP session mark.

allauth.mfa enrols the authenticator and stores its secret (encrypted by our adapter); the
passcode check is ours so that a used time step is kept on the authenticator row itself (under a
row lock) and can never be accepted again, whatever the cache does.
"""

from __future__ import annotations

import hmac
import re

import pyotp
from allauth.core import ratelimit
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.models import User
from core.http import client_ip

from .adapter import may_use_totp
from .crypto import decrypt

PASSCODE_RE = re.compile(r"^\d{6}$")
RECOVERY_CODE_RE = re.compile(r"^\d{8}$")
# Set in the session once the person has typed a passcode (login, admin check or enrolment).
SESSION_VERIFIED_KEY = "staff_otp_verified"
PASSCODE_BACKEND = "staff_otp.backends.StaffPasscodeBackend"


def now() -> float:
    """The clock the passcodes are checked against (tests travel in time by replacing it)."""
    return timezone.now().timestamp()


def current_step(at: float | None = None) -> int:
    return int((now() if at is None else at) // mfa_settings.TOTP_PERIOD)


def normalize_code(value: str) -> str:
    return "".join(value.split())


def _matching_step(secret: str, code: str) -> int | None:
    totp = pyotp.TOTP(secret, digits=mfa_settings.TOTP_DIGITS, interval=mfa_settings.TOTP_PERIOD)
    step = current_step()
    tolerance = mfa_settings.TOTP_TOLERANCE
    for candidate in range(step - tolerance, step + tolerance + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def _otp_key(user: User) -> str:
    return f"otp-user-{user.pk}"


def otp_attempts_left(*, request: HttpRequest, user: User) -> bool:
    """False once the account has used up its daily allowance of failed passcodes."""
    return ratelimit.consume(request, action="otp_login_failed", key=_otp_key(user), dry_run=True)


def otp_failure_record(*, request: HttpRequest, user: User) -> None:
    ratelimit.consume(request, action="otp_login_failed", key=_otp_key(user))


@transaction.atomic
def passcode_use(*, user: User, code: str) -> Authenticator | None:
    """Accepts ``code`` if it is a current passcode of the user's TOTP authenticator whose time
    step is later than the last one used; records that step. ``None`` otherwise."""
    code = normalize_code(code)
    if not PASSCODE_RE.match(code) or not may_use_totp(user):
        return None
    authenticator = (
        Authenticator.objects.select_for_update()
        .filter(user=user, type=Authenticator.Type.TOTP)
        .first()
    )
    if authenticator is None:
        return None
    step = _matching_step(decrypt(authenticator.data["secret"]), code)
    if step is None:
        return None
    last_step = authenticator.data.get("last_step")
    if last_step is not None and step <= last_step:
        # Replayed (or older than one already used): refused like a wrong code.
        return None
    authenticator.data = {**authenticator.data, "last_step": step}
    authenticator.last_used_at = timezone.now()
    authenticator.save(update_fields=["data", "last_used_at"])
    return authenticator


def passcode_login(*, request: HttpRequest | None, user: User, code: str) -> User | None:
    """The login forms' path (authentication backend): a failed passcode also counts against the
    account's daily allowance, which bounds guessing of a 6-digit code."""
    if request is None or not otp_attempts_left(request=request, user=user):
        return None
    if passcode_use(user=user, code=code) is None:
        otp_failure_record(request=request, user=user)
        return None
    return user


def recovery_code_use(*, user: User, code: str) -> Authenticator | None:
    code = normalize_code(code)
    if not RECOVERY_CODE_RE.match(code) or not may_use_totp(user):
        return None
    authenticator = Authenticator.objects.filter(
        user=user, type=Authenticator.Type.RECOVERY_CODES
    ).first()
    if authenticator is None or not RecoveryCodes(authenticator).validate_code(code):
        return None
    return authenticator


def session_otp_verify(*, request: HttpRequest, user: User, code: str) -> bool:
    """ "Vérification du passecode" before the admin: a TOTP passcode or an unused recovery code.
    Marks the session on success; failures are rate-limited like failed logins."""
    if not ratelimit.consume(request, action="login_failed", key=f"otp-step-up-{user.pk}"):
        raise RateLimited
    if not otp_attempts_left(request=request, user=user):
        raise RateLimited
    authenticator = passcode_use(user=user, code=code)
    method = "totp"
    if authenticator is None:
        authenticator = recovery_code_use(user=user, code=code)
        method = "recovery_code"
    if authenticator is None:
        otp_failure_record(request=request, user=user)
        audit_record(
            action=AuditAction.OTP_FAILED, actor=user, target=user, ip_address=client_ip(request)
        )
        return False
    session_mark_verified(request=request)
    audit_record(
        action=AuditAction.OTP_VERIFIED,
        actor=user,
        target=user,
        details={"method": method},
        ip_address=client_ip(request),
    )
    return True


class RateLimited(Exception):
    """Too many failed passcodes."""


def session_mark_verified(*, request: HttpRequest) -> None:
    request.session[SESSION_VERIFIED_KEY] = True


def session_is_verified(request: HttpRequest) -> bool:
    return bool(request.session.get(SESSION_VERIFIED_KEY))


def totp_enrolled(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
