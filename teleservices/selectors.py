"""Reads for the secretariat pages: a fixed number of queries whatever the number of classes."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import User

from .models import FirstConnectionLock, Letter

ACTIVATED_STATES = (User.State.AWAITING_EMAIL, User.State.ACTIVE)


def activation_dashboard(*, letters: QuerySet[Letter]) -> list[dict]:
    """Per class: letters printed, first connections done, e-mails confirmed, expired.

    One aggregate query. A replaced letter counts as printed only; the other columns look at the
    letters still in force (a guardian who activated with one letter counts for every child).
    """
    now = timezone.now()
    current = Q(revoked_at__isnull=True)
    done = Q(used_at__isnull=False) | Q(account__state__in=ACTIVATED_STATES)
    confirmed = EmailAddress.objects.filter(user_id=OuterRef("account_id"), verified=True)
    rows = (
        letters.values("division__code")
        .annotate(
            printed=Count("pk"),
            first_connections=Count("pk", filter=current & done),
            emails_confirmed=Count("pk", filter=current & Q(Exists(confirmed))),
            expired=Count("pk", filter=current & ~done & Q(expires_at__lte=now)),
            waiting=Count("pk", filter=current & ~done & Q(expires_at__gt=now)),
        )
        .order_by("division__code")
    )
    result = []
    for row in rows:
        row["division"] = row.pop("division__code") or "Sans classe"
        result.append(row)
    return result


def dashboard_totals(rows: list[dict]) -> dict:
    keys = ("printed", "first_connections", "emails_confirmed", "expired", "waiting")
    return {key: sum(row[key] for row in rows) for key in keys}


def active_locks(*, locks: QuerySet[FirstConnectionLock]) -> QuerySet[FirstConnectionLock]:
    return locks.filter(locked_until__gt=timezone.now()).select_related("letter__pupil", "account")
