"""Writes of the portal: charter acceptance and ending every session of an account."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.lifecycle import Audit, account_sessions_revoke
from accounts.models import User

from .models import Charter, CharterAcceptance


@transaction.atomic
def charter_accept(
    *, user: User, charter: Charter, ip_address: str | None = None
) -> CharterAcceptance:
    """Records that ``user`` accepted ``charter`` (version and date) and remembers the version
    on the account, so the charter middleware needs no query."""
    acceptance = CharterAcceptance.objects.filter(user=user, charter=charter).first()
    if acceptance is None:
        acceptance = CharterAcceptance(user=user, charter=charter, accepted_at=timezone.now())
        acceptance.full_clean()
        acceptance.save()
    if (user.accepted_charter_version or 0) < charter.version:
        user.accepted_charter_version = charter.version
        user.save(update_fields=["accepted_charter_version"])
    audit_record(
        action=AuditAction.CHARTER_ACCEPTED,
        actor=user,
        target=user,
        establishment=user.establishment,
        details={"version": charter.version},
        ip_address=ip_address,
    )
    return acceptance


def user_sessions_revoke(*, user: User, ip_address: str | None = None) -> User:
    """ "Se déconnecter de partout": every session of the account ends."""
    return account_sessions_revoke(
        account=user,
        audit=Audit(
            action=AuditAction.SESSIONS_REVOKED,
            by_account=True,
            establishment=user.establishment,
            ip=ip_address,
        ),
    )
