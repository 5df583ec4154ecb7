"""Reads of Mon compte: the connected account's own data only, each in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Guardian, GuardianLink, Pupil, User

from .models import AccountMerge


def account_children(*, user: User) -> list[dict]:
    """ "Enfants rattachés au compte": each current child of the account's guardian records (legal
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
        entry = children.setdefault(
            link.pupil_id, {"pupil": link.pupil, "responsables": [], "ranks": []}
        )
        entry["responsables"].append(link.guardian)
        if link.rank:
            entry["ranks"].append(link.rank)
    return list(children.values())


def merge_children(*, guardians: Iterable[Guardian]) -> list[Pupil]:
    """Current children (legal links) of guardian records already loaded with their links."""
    pupil_ids = {
        link.pupil_id
        for g in guardians
        for link in g.links.all()
        if link.level == GuardianLink.Level.LEGAL
    }
    if not pupil_ids:
        return []
    return list(
        Pupil.objects.current()
        .filter(pk__in=pupil_ids)
        .select_related("division", "establishment")
        .order_by("first_name", "last_name")
    )


def guardians_of_account(*, user: User) -> QuerySet[Guardian]:
    """The guardian records the account may edit on the fiche de renseignements: its own only
    (after a joint regroupement, both responsables' records belong to it)."""
    if not user.is_authenticated or not user.is_guardian:
        return Guardian.objects.none()
    return (
        Guardian.objects.filter(account=user)
        .select_related("establishment")
        .order_by("establishment__name", "pk")
    )


def guardian_of_account(*, user: User, guardian_id: int) -> Guardian:
    """One of the account's own guardian records, or ``Http404`` (never someone else's)."""
    return get_object_or_404(guardians_of_account(user=user), pk=guardian_id)


def account_merges_kept(*, user: User) -> QuerySet[AccountMerge]:
    return (
        AccountMerge.objects.in_force()
        .filter(survivor=user)
        .select_related("absorbed")
        .order_by("-created_at")
    )
