from __future__ import annotations

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

from accounts.models import User


@dataclass(frozen=True)
class SecurityOverview:
    totp: Authenticator | None
    recovery_codes_left: int | None


def security_overview(*, user: User) -> SecurityOverview:
    """The person's TOTP authenticator and how many recovery codes remain (one query)."""
    totp = recovery = None
    for authenticator in Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
    ):
        if authenticator.type == Authenticator.Type.TOTP:
            totp = authenticator
        else:
            recovery = authenticator
    left = len(RecoveryCodes(recovery).get_unused_codes()) if recovery is not None else None
    return SecurityOverview(totp=totp, recovery_codes_left=left)
