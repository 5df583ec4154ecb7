"""Reads of the accounts app (roster imports, e-mail notices), with the joins their pages need."""

from __future__ import annotations

from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.db.models import F, QuerySet

from core import scoping

from .models import Establishment, NoticeOptOut, RosterImport, User


def establishments_for_staff(user: User) -> QuerySet[Establishment]:
    """The establishments whose roster ``user`` may import: all for a superuser, else their own."""
    return scoping.scope_queryset(Establishment.objects.all(), user)


def roster_imports_for(user: User) -> QuerySet[RosterImport]:
    return scoping.scope_queryset(
        RosterImport.objects.select_related("establishment", "created_by"), user
    )


def roster_import_get_for(user: User, roster_import_id: int) -> RosterImport:
    """Raises RosterImport.DoesNotExist for an import of another establishment."""
    return roster_imports_for(user).get(pk=roster_import_id)


def roster_import_progress(roster_import: RosterImport) -> tuple[int, int]:
    """(processed, total). While running, the committed row lags behind the import's own
    transaction: the cache holds the live figures."""
    if roster_import.status == RosterImport.Status.RUNNING:
        from .services import roster_import_progress_key

        live = cache.get(roster_import_progress_key(roster_import.pk))
        if live:
            return live[0], live[1]
    if roster_import.status == RosterImport.Status.DONE:
        return roster_import.total, roster_import.total
    return roster_import.processed, roster_import.total


def email_is_confirmed(account: User) -> bool:
    """Self-service recovery by e-mail is allowed only once this is true."""
    return (
        bool(account.email)
        and EmailAddress.objects.filter(
            user=account, email__iexact=account.email, verified=True
        ).exists()
    )


def notice_opt_outs(user: User) -> set[str]:
    """The kinds of e-mail notices (``core.notices``) the account turned off."""
    return set(NoticeOptOut.objects.filter(user=user).values_list("kind", flat=True))


def notice_recipients(*, kind: str, user_ids: Iterable[int]) -> dict[int, str]:
    """Of ``user_ids``, the active accounts that still want notices of ``kind``, with their
    confirmed address (a notice never goes to an address nobody confirmed): one query."""
    rows = (
        EmailAddress.objects.filter(
            user_id__in=set(user_ids),
            user__is_active=True,
            verified=True,
            email__iexact=F("user__email"),
        )
        .exclude(user__notice_opt_outs__kind=kind)
        .values_list("user_id", "user__email")
    )
    return dict(rows)
