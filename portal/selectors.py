"""Reads for the portal pages; each costs a fixed number of queries."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Establishment, GuardianLink, Pupil, User

from .models import CURRENT_CHARTER_VERSION, Charter


def charter_current_version() -> int:
    """The version every user must have accepted; 0 when no charter is published."""
    return CURRENT_CHARTER_VERSION.get()


def charter_current() -> Charter | None:
    return Charter.objects.order_by("-version").first()


# What the dashboard shows of a pupil and of their school: narrow rows keep planning and
# compilation cheap on a page served hundreds of times a second.
_DASHBOARD_PUPIL_FIELDS = (
    "first_name",
    "last_name",
    "usage_name",
    "establishment_id",
    "division_id",
    "division__code",
    "establishment__uai",
    "establishment__name",
    "establishment__vie_scolaire_phone",
    "establishment__vie_scolaire_fax",
    "establishment__vie_scolaire_email",
)


def _current_pupils() -> QuerySet[Pupil]:
    return (
        Pupil.objects.current()
        .select_related("division", "establishment")
        .only(*_DASHBOARD_PUPIL_FIELDS)
    )


def guardian_children(*, user: User) -> list[Pupil]:
    """The current pupils the account is the legal representative of (level 1 links), in one query."""
    links = GuardianLink.objects.filter(guardian__account=user, level=GuardianLink.Level.LEGAL)
    return list(
        _current_pupils()
        .filter(pk__in=links.values("pupil_id"))
        .order_by("first_name", "last_name")
    )


def pupil_of_account(*, user: User) -> Pupil | None:
    return _current_pupils().filter(account=user).first()


def establishment_of_account(*, user: User) -> Establishment | None:
    if user.establishment_id is None:
        return None
    return Establishment.objects.filter(pk=user.establishment_id).first()


def establishments_for_contact() -> list[Establishment]:
    """Every school, for the "who do I contact" choosers of the help pages."""
    return list(Establishment.objects.only("uai", "name", "city").order_by("name"))


def establishment_by_uai(*, uai: str) -> Establishment | None:
    if not uai:
        return None
    return Establishment.objects.filter(uai=uai).first()
