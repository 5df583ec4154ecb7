"""The Pronote bridge's reads: whose Pronote a user opens, the secretariat's imports and lines to
settle, and the export of the ENT logins. Each in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.models import Guardian, GuardianLink, Pupil, StaffMember, User
from core import scoping

from .models import PronoteEntLink, PronoteImport, PronoteImportRow, PronoteSettings


def pronote_settings_for(establishment_ids: Iterable[int]) -> list[PronoteSettings]:
    """The Pronote of each of these establishments that has one (one query)."""
    return list(
        PronoteSettings.objects.filter(establishment_id__in=list(establishment_ids))
        .select_related("establishment")
        .order_by("establishment__name", "pk")
    )


def pronote_imports_for(user: User) -> QuerySet[PronoteImport]:
    return scoping.scope_queryset(
        PronoteImport.objects.select_related("establishment", "created_by"), user
    )


def pronote_import_get_for(user: User, import_id: int) -> PronoteImport:
    """Raises ``PronoteImport.DoesNotExist`` for an import outside the user's establishment."""
    return pronote_imports_for(user).get(pk=import_id)


def pronote_links_for(user: User) -> QuerySet[PronoteEntLink]:
    return scoping.scope_queryset(
        PronoteEntLink.objects.select_related("establishment", "user"), user
    )


def account_in_establishment(*, establishment_id: int, user_id: int) -> bool:
    """The account has a current record (pupil, guardian, staff) in the establishment."""
    return (
        Pupil.objects.current()
        .filter(establishment_id=establishment_id, account_id=user_id)
        .exists()
        or Guardian.objects.filter(
            establishment_id=establishment_id, account_id=user_id, left_on__isnull=True
        ).exists()
        or StaffMember.objects.filter(
            establishment_id=establishment_id, account_id=user_id, left_on__isnull=True
        ).exists()
    )


def account_by_username(*, establishment_id: int, username: str) -> User | None:
    user = User.objects.filter(username__iexact=username.strip()).first()
    if user is None or not account_in_establishment(
        establishment_id=establishment_id, user_id=user.pk
    ):
        return None
    return user


@dataclass(frozen=True)
class RowToSettle:
    row: PronoteImportRow
    choices: list[tuple[int, str]]  # (account id, label)


def rows_to_settle(pronote_import: PronoteImport) -> list[RowToSettle]:
    """The lines left to settle, each with its candidate accounts (two queries)."""
    rows = list(
        pronote_import.rows.filter(
            status__in=[PronoteImportRow.Status.AMBIGUOUS, PronoteImportRow.Status.UNMATCHED]
        )
    )
    ids = {user_id for row in rows for user_id in row.candidates}
    labels = {
        user.pk: f"{user.username} — {user.last_name.upper()} {user.first_name} "
        f"({user.get_profile_display()})"
        for user in User.objects.filter(pk__in=ids).only(
            "pk", "username", "last_name", "first_name", "profile"
        )
    }
    return [
        RowToSettle(
            row=row,
            choices=[(user_id, labels[user_id]) for user_id in row.candidates if user_id in labels],
        )
        for row in rows
    ]


def settled_rows(pronote_import: PronoteImport) -> QuerySet[PronoteImportRow]:
    return pronote_import.rows.filter(
        status__in=[PronoteImportRow.Status.SETTLED, PronoteImportRow.Status.IGNORED]
    ).select_related("settled_user")


# --- export of the ENT logins ------------------------------------------------------------------

EXPORT_HEADER = ["Nom", "Prénom", "Date de naissance", "Classe", "Profil", "Identifiant"]


def ent_logins_export(establishment_id: int) -> list[list[str]]:
    """Everyone of the establishment with a Cartable account, as a school links them in
    Pronote by hand: name, first name, birth date (dd/mm/yyyy), class, profile, login.
    Four queries."""
    rows: list[list[str]] = []
    for pupil in (
        Pupil.objects.current()
        .filter(establishment_id=establishment_id, account__isnull=False)
        .select_related("account", "division")
        .order_by("division__code", "last_name", "first_name", "pk")
    ):
        rows.append(
            [
                pupil.display_last_name,
                pupil.first_name,
                pupil.birth_date.strftime("%d/%m/%Y") if pupil.birth_date else "",
                pupil.division.code if pupil.division else "",
                "Élève",
                pupil.account.username if pupil.account else "",
            ]
        )
    classes: dict[int, set[str]] = defaultdict(set)
    for guardian_id, code in (
        GuardianLink.objects.legal()
        .of_current_pupils()
        .filter(guardian__establishment_id=establishment_id, pupil__division__isnull=False)
        .values_list("guardian_id", "pupil__division__code")
    ):
        classes[guardian_id].add(code)
    for guardian in (
        Guardian.objects.filter(
            establishment_id=establishment_id, account__isnull=False, left_on__isnull=True
        )
        .select_related("account")
        .order_by("last_name", "first_name", "pk")
    ):
        if guardian.pk not in classes:
            continue  # no current child here: not a family of the establishment any more
        rows.append(
            [
                guardian.display_last_name,
                guardian.first_name,
                "",
                ", ".join(sorted(classes[guardian.pk])),
                "Responsable",
                guardian.account.username if guardian.account else "",
            ]
        )
    for member in (
        StaffMember.objects.filter(
            establishment_id=establishment_id, account__isnull=False, left_on__isnull=True
        )
        .select_related("account")
        .order_by("last_name", "first_name", "pk")
    ):
        rows.append(
            [
                member.last_name,
                member.first_name,
                member.birth_date.strftime("%d/%m/%Y") if member.birth_date else "",
                "",
                "Professeur" if member.function == StaffMember.Function.TEACHER else "Personnel",
                member.account.username if member.account else "",
            ]
        )
    return rows
