"""Reads of activation: the secretariat's dashboard (a fixed number of queries whatever the number
of classes) and the roster records behind an account creation by SMS."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import Guardian, GuardianLink, GuardianLinkQuerySet, Pupil, User
from core.text import same_name

from .models import FirstConnectionLock, Letter

ACTIVATED_STATES = (User.State.AWAITING_EMAIL, User.State.ACTIVE)


def activation_dashboard(*, letters: QuerySet[Letter]) -> list[dict]:
    """Per class: letters printed, first connections done, e-mails confirmed, expired.

    One aggregate query. A letter is printed once its batch's PDF was downloaded; a replaced
    letter counts as printed only; the other columns look at the
    letters still in force (a guardian who activated with one letter counts for every child).
    """
    now = timezone.now()
    current = Q(revoked_at__isnull=True)
    done = Q(used_at__isnull=False) | Q(account__state__in=ACTIVATED_STATES)
    confirmed = EmailAddress.objects.filter(user_id=OuterRef("account_id"), verified=True)
    rows = (
        letters.values("division__code")
        .annotate(
            printed=Count("pk", filter=Q(batch__pdf_downloaded_at__isnull=False)),
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


# --- Account creation by SMS -------------------------------------------------------------------


def _current_legal_links() -> GuardianLinkQuerySet:
    return GuardianLink.objects.of_current_pupils().legal()


def guardians_for_creation(*, phone: str, last_name: str, first_name: str) -> list[Guardian]:
    """The guardian records, in every school, with this mobile and this name, that are the legal
    representative of at least one current pupil. Two queries."""
    candidates = [
        guardian
        for guardian in Guardian.objects.filter(phone_mobile=phone)
        .select_related("account")
        .order_by("pk")
        if same_name(last_name, guardian.last_name, guardian.usage_name)
        and same_name(first_name, guardian.first_name)
    ]
    if not candidates:
        return []
    with_children = set(
        _current_legal_links().filter(guardian__in=candidates).values_list("guardian_id", flat=True)
    )
    return [guardian for guardian in candidates if guardian.pk in with_children]


def guardians_by_ids(ids: list[int]) -> list[Guardian]:
    return list(Guardian.objects.filter(pk__in=ids).select_related("account").order_by("pk"))


def children_of_guardians(guardian_ids: list[int]) -> list[Pupil]:
    """Current pupils whose legal representative is one of these guardian records. One query."""
    pupil_ids = _current_legal_links().filter(guardian_id__in=guardian_ids).values("pupil_id")
    return list(
        Pupil.objects.filter(pk__in=pupil_ids)
        .select_related("establishment", "division")
        .order_by("first_name")
    )


def children_birth_dates(guardian_ids: list[int]) -> set[datetime.date]:
    pupil_ids = _current_legal_links().filter(guardian_id__in=guardian_ids).values("pupil_id")
    # A child the school recorded without a birth date cannot be asked for: the others prove it.
    return set(
        Pupil.objects.filter(pk__in=pupil_ids, birth_date__isnull=False).values_list(
            "birth_date", flat=True
        )
    )
