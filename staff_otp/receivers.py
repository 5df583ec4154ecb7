"""Session mark and audit trail around logins and TOTP enrolment."""

from __future__ import annotations

from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts.audit import AuditAction, audit_record
from core.http import client_ip

from . import services


@receiver(user_logged_in)
def mark_passcode_login(sender, request, user, **kwargs) -> None:
    if request is None or getattr(user, "backend", "") != services.PASSCODE_BACKEND:
        return
    services.session_mark_verified(request=request)
    audit_record(
        action=AuditAction.OTP_LOGIN, actor=user, target=user, ip_address=client_ip(request)
    )


@receiver(mfa_signals.authenticator_added)
def totp_enrolled(sender, request, user, authenticator, **kwargs) -> None:
    if authenticator.type != Authenticator.Type.TOTP:
        return
    # The code typed to confirm the enrolment proves the phone: it opens the admin, and its time
    # step is spent so the same code cannot log in a second time.
    authenticator.data = {**authenticator.data, "last_step": services.current_step()}
    authenticator.save(update_fields=["data"])
    services.session_mark_verified(request=request)
    audit_record(
        action=AuditAction.OTP_ENROLLED, actor=user, target=user, ip_address=client_ip(request)
    )


@receiver(mfa_signals.authenticator_removed)
def totp_removed(sender, request, user, authenticator, **kwargs) -> None:
    if authenticator.type != Authenticator.Type.TOTP:
        return
    request.session.pop(services.SESSION_VERIFIED_KEY, None)
    audit_record(
        action=AuditAction.OTP_REMOVED, actor=user, target=user, ip_address=client_ip(request)
    )
