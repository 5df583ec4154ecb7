"""Reads of the recovery flows, each in a fixed number of queries."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress

from accounts.models import Establishment, Guardian, Pupil, User
from core.text import code_key, same_name


def account_by_identifier(identifier: str) -> User | None:
    """An EduConnect account (pupil or parent) that may recover its password, else ``None``."""
    return User.objects.filter(
        username=(identifier or "").strip().lower(),
        profile__in=User.EDUCONNECT_PROFILES,
        state=User.State.ACTIVE,
        is_active=True,
    ).first()


def accounts_with_confirmed_email(email: str) -> list[User]:
    """Active EduConnect accounts whose e-mail address is this one and confirmed. One query."""
    confirmed = EmailAddress.objects.filter(email__iexact=email, verified=True).values("user_id")
    return list(
        User.objects.filter(
            pk__in=confirmed,
            email__iexact=email,
            profile__in=User.EDUCONNECT_PROFILES,
            state=User.State.ACTIVE,
            is_active=True,
        ).order_by("username")
    )


def accounts_with_recorded_mobile(phone: str) -> list[User]:
    """Active guardian accounts one of whose guardian records holds this mobile. One query."""
    return list(
        User.objects.filter(
            guardian_records__phone_mobile=phone,
            profile=User.Profile.PARENT,
            state=User.State.ACTIVE,
            is_active=True,
        )
        .distinct()
        .order_by("username")
    )


def recorded_mobile_of(account: User) -> str | None:
    """The mobile a school recorded for this guardian account (the most recently imported)."""
    if not account.is_guardian:
        return None
    phone = (
        Guardian.objects.filter(account=account)
        .exclude(phone_mobile="")
        .order_by("-updated_at")
        .values_list("phone_mobile", flat=True)
        .first()
    )
    return str(phone) if phone else None


def establishments_for_emergency() -> list[Establishment]:
    return list(Establishment.objects.only("uai", "name", "city").order_by("name"))


def pupil_for_emergency(
    *,
    establishment: Establishment,
    last_name: str,
    first_name: str,
    division_label: str,
    birth_date: datetime.date,
) -> Pupil | None:
    """The one current pupil matching what was typed (names and class loosely), else ``None``."""
    candidates = (
        Pupil.objects.current()
        .filter(establishment=establishment, birth_date=birth_date)
        .select_related("division", "account")
    )
    wanted_division = code_key(division_label)
    matches = [
        pupil
        for pupil in candidates
        if same_name(last_name, pupil.last_name, pupil.usage_name)
        and same_name(first_name, pupil.first_name)
        and pupil.division is not None
        and wanted_division == code_key(pupil.division.code)
    ]
    return matches[0] if len(matches) == 1 else None


def emergency_referent_ids(*, establishment: Establishment) -> list[int]:
    """The staff accounts of the establishment who handle the emergency access requests (they
    may change them in the admin, through a group or on their own): one query."""
    from django.db.models import Q

    perm = Q(codename="change_emergencyaccessrequest", content_type__app_label="recovery")
    from django.contrib.auth.models import Permission

    permissions = Permission.objects.filter(perm)
    return list(
        User.objects.filter(
            Q(groups__permissions__in=permissions) | Q(user_permissions__in=permissions),
            establishment=establishment,
            is_staff=True,
            is_active=True,
        )
        .distinct()
        .values_list("pk", flat=True)
    )
