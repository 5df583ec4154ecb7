"""How the accounts app's rows belong to an establishment (core.scoping's rules for them)."""

from __future__ import annotations

from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from core import scoping

from .models import (
    AuditEvent,
    Division,
    Establishment,
    Guardian,
    GuardianLink,
    Pupil,
    ReservedIdentifier,
    RosterImport,
    StaffMember,
    User,
)


def accounts_of_establishment_q(establishment_id: int) -> Q:
    """Accounts attached to the establishment, or to one of its pupil / guardian / staff records.

    Subqueries rather than joins: no duplicate rows, so no DISTINCT on the changelist.
    """
    return (
        Q(establishment_id=establishment_id)
        | Q(pk__in=Pupil.objects.filter(establishment_id=establishment_id).values("account_id"))
        | Q(pk__in=Guardian.objects.filter(establishment_id=establishment_id).values("account_id"))
        | Q(
            pk__in=StaffMember.objects.filter(establishment_id=establishment_id).values(
                "account_id"
            )
        )
    )


def accounts_of_establishment(establishment_id: int) -> QuerySet[User]:
    return User.objects.filter(accounts_of_establishment_q(establishment_id))


def _audit_event_q(establishment_id: int) -> Q:
    # Events written with the establishment, plus events about one of its accounts written by
    # flows that don't know the establishment (a parent confirming their e-mail…).
    account_ids = (
        accounts_of_establishment(establishment_id)
        .annotate(pk_text=Cast("pk", CharField()))
        .values("pk_text")
    )
    return Q(establishment_id=establishment_id) | Q(
        target_type=User._meta.label_lower, target_id__in=account_ids
    )


def owned_by_accounts_of(field: str = "user") -> Callable[[int], Q]:
    """Rule for a model whose rows belong to an account (``field``): the accounts' establishment."""

    def rule(establishment_id: int) -> Q:
        return Q(**{f"{field}_id__in": accounts_of_establishment(establishment_id).values("pk")})

    return rule


def register_rules() -> None:
    scoping.register(Establishment, lambda eid: Q(pk=eid))
    for model in (Division, Pupil, Guardian, StaffMember, RosterImport):
        scoping.register(model)
    scoping.register(GuardianLink, lambda eid: Q(pupil__establishment_id=eid))
    scoping.register(User, accounts_of_establishment_q)
    scoping.register(AuditEvent, _audit_event_q)
    scoping.register(
        ReservedIdentifier,
        lambda eid: Q(value__in=accounts_of_establishment(eid).values("username")),
    )
    scoping.register(EmailAddress, owned_by_accounts_of("user"))
