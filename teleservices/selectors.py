"""Reads for the secretariat pages: a fixed number of queries whatever the number of classes."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Guardian, GuardianLink, Pupil, User

from .models import AccountMerge, FirstConnectionLock, Letter

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


# --- Mon compte (the account's own data only) ----------------------------------------------------


def account_children(*, user: User) -> list[dict]:
    """"Enfants rattachés au compte": each current child of the account's guardian records (legal
    responsibility), with its class, establishment and the account's responsables for it.

    One query whatever the number of children or records.
    """
    if not user.is_authenticated or not user.is_guardian:
        return []
    links = (
        GuardianLink.objects.of_current_pupils()
        .filter(guardian__account=user, level=GuardianLink.Level.LEGAL)
        .select_related("pupil__division", "pupil__establishment", "guardian")
        .order_by("pupil__first_name", "pupil__last_name", "pupil_id", "rank", "pk")
    )
    children: dict[int, dict] = {}
    for link in links:
        entry = children.setdefault(link.pupil_id, {"pupil": link.pupil, "responsables": [], "ranks": []})
        entry["responsables"].append(link.guardian)
        if link.rank:
            entry["ranks"].append(link.rank)
    return list(children.values())


def merge_children(*, guardians) -> list:
    """Current children (legal links) of guardian records already loaded with their links."""
    pupil_ids = {link.pupil_id for g in guardians for link in g.links.all() if link.level == GuardianLink.Level.LEGAL}
    if not pupil_ids:
        return []
    return list(
        Pupil.objects.current().filter(pk__in=pupil_ids)
        .select_related("division", "establishment").order_by("first_name", "last_name")
    )


def guardians_of_account(*, user: User):
    """The guardian records the account may edit on the fiche de renseignements: its own only
    (after a joint regroupement, both responsables' records belong to it)."""
    if not user.is_authenticated or not user.is_guardian:
        return Guardian.objects.none()
    return Guardian.objects.filter(account=user).select_related("establishment").order_by("establishment__name", "pk")


def guardian_of_account(*, user: User, guardian_id: int):
    """One of the account's own guardian records, or ``Http404`` (never someone else's)."""
    return get_object_or_404(guardians_of_account(user=user), pk=guardian_id)


def account_merges_kept(*, user: User):
    return AccountMerge.objects.in_force().filter(survivor=user).select_related("absorbed").order_by("-created_at")
