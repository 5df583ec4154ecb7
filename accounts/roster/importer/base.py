"""What every phase of the roster import shares: label tables, header checks, bookkeeping.

- ``COUNT_KINDS`` / ``ANOMALY_LABELS``: the keys of the report and their French labels (the
  report module and the admin display them).
- ``check_exports`` / ``check_headers`` / ``total_rows``: checks and sizes computed before any
  write (at upload time only the headers are checked).
- small helpers the phases use to compare and validate rows without queries.
- ``ImporterBase``: the state of one run (counts, anomalies, accounts created) and the lookups and
  bulk writes the pupils, guardians and staff phases share; ``RosterImporter`` (the package's
  ``__init__``) composes the phases over it.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise

from accounts import messages as texts
from accounts.audit import AuditAction
from accounts.lifecycle.transitions import Audit, NewAccount, accounts_close, accounts_provision
from accounts.models import Division, Establishment, Pupil, TeachingGroup, User
from core.text import name_key

from .. import siecle

ProgressCallback = Callable[[int], None]

# Keys of report["counts"], in display order, with their French label.
COUNT_KINDS = {
    "divisions": "Classes",
    "pupils": "Élèves",
    "guardians": "Responsables",
    "links": "Liens élève – responsable",
    "staff": "Personnels",
    "subjects": "Matières",
    "groups": "Groupes",
    "group_members": "Élèves dans les groupes",
    "services": "Services d'enseignement",
}
ANOMALY_LABELS = {
    "duplicate_structure": "Structures en double",
    "duplicate_record": "Fiches en double dans le fichier",
    "invalid_record": "Fiches ignorées (données incomplètes ou invalides)",
    "invalid_value": "Valeurs illisibles",
    "pupil_without_class": "Élèves sans classe",
    "pupil_without_birth_date": "Élèves sans date de naissance",
    "pupil_left": "Élèves sortis",
    "pupil_matched_by_ine": "Élèves rapprochés par l'INE",
    "unknown_pupil": "Liens vers un élève inconnu",
    "unknown_person": "Liens vers une personne inconnue",
    "guardian_without_pupil": "Responsables liés à aucun élève actuel",
    "guardian_left": "Responsables absents du nouvel export",
    "invalid_phone": "Téléphones invalides",
    "unencoded_character": "Noms avec « ? » (lettre que SIECLE n'a pas pu écrire)",
    "duplicate_guardian": "Responsables en double (un seul compte)",
    "two_mothers": "Deux mères responsables légales",
    "shared_email": "Adresses électroniques partagées",
    "staff_left": "Personnels absents du fichier STS",
    "unknown_teacher": "Enseignants inconnus dans les services",
    "unknown_subject": "Matières absentes de la nomenclature",
}


def school_year_label(year: int | None) -> str:
    return f"{year}-{year + 1}" if year else "inconnue"


def check_exports(establishment: Establishment, exports: Sequence[siecle.Export]) -> None:
    """Refuses (French ValidationError) exports for another establishment or school year."""
    check_headers(establishment, [export.header for export in exports])


def check_headers(establishment: Establishment, headers: Sequence[siecle.ExportHeader]) -> None:
    errors: list[str | Promise] = []
    kinds = Counter(header.kind for header in headers)
    for kind, count in kinds.items():
        if count > 1:
            errors.append(texts.files_of_one_kind(count, siecle.KIND_LABELS[kind]))
    for header in headers:
        if not header.uaj:
            errors.append(texts.file_without_establishment(header.source_name))
        elif header.uaj != establishment.uai:
            errors.append(
                texts.file_of_another_establishment(
                    header.source_name, header.uaj, establishment.name, establishment.uai
                )
            )
        if header.school_year != establishment.school_year:
            errors.append(
                texts.file_of_another_school_year(
                    header.source_name,
                    school_year_label(header.school_year),
                    establishment.name,
                    school_year_label(establishment.school_year),
                )
            )
    if errors:
        errors.append(texts.IMPORT_REFUSED)
        raise ValidationError(errors)


def export_day(header: siecle.ExportHeader) -> datetime.date | None:
    """The day a file was exported (``DATE_EXPORT`` JJ/MM/AAAA, STS ``HORODATAGE`` ISO or
    JJ/MM/AAAA with a time), or None when it is missing or unreadable."""
    value = header.export_date.strip()
    for pattern, order in (
        (r"^(\d{2})/(\d{2})/(\d{4})", (3, 2, 1)),
        (r"^(\d{4})-(\d{2})-(\d{2})", (1, 2, 3)),
    ):
        match = re.match(pattern, value)
        if match:
            try:
                return datetime.date(*(int(match.group(i)) for i in order))
            except ValueError:
                return None
    return None


def total_rows(exports: Iterable[siecle.Export]) -> int:
    return sum(export.size for export in exports)


class _Counts(dict):
    def bump(self, kind: str, what: str, by: int = 1) -> None:
        self.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0, "left": 0})[what] += by


def _name_key(first_name: str, last_name: str) -> str:
    return f"{name_key(last_name)}|{name_key(first_name)}"


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _changed_fields(
    instance: models.Model, values: dict[str, Any], raw: Sequence[str] = ()
) -> list[str]:
    """The fields whose value differs; ``raw`` fields are compared with their ``<name>_raw``
    annotation (the column's text) instead of the converted attribute."""
    return [
        name
        for name, value in values.items()
        if (getattr(instance, f"{name}_raw") or "" if name in raw else getattr(instance, name))
        != value
    ]


def _invalid_fields(instance: models.Model, exclude: Sequence[str]) -> str:
    """Field-level validation without queries (foreign keys and uniqueness are checked by the
    importer itself); returns a French summary of the errors, or ''."""
    try:
        instance.clean_fields(exclude=list(exclude))
    except ValidationError as exc:
        return " ; ".join(
            f"{instance._meta.get_field(name).verbose_name} : {' '.join(messages)}"
            for name, messages in exc.message_dict.items()
        )
    return ""


class _UnionFind:
    def __init__(self, items: Iterable[str]):
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, first: str, second: str) -> None:
        root_first, root_second = self.find(first), self.find(second)
        if root_first != root_second:
            self.parent[root_second] = root_first


class ImporterBase:
    """The state of one run and what its phases share; see ``RosterImporter``."""

    def __init__(
        self,
        establishment: Establishment,
        *,
        today: datetime.date | None = None,
        progress: ProgressCallback | None = None,
    ):
        self.establishment = establishment
        # The day the leavers are judged on: the export's DATE_EXPORT once a file is read
        # (``run`` sets it per file), this fallback only for a file without a readable date.
        self.fallback_today = today or timezone.localdate()
        self.today = self.fallback_today
        self.now = timezone.now()
        self.progress_callback = progress
        self.processed = 0
        self._last_reported = 0
        self.counts = _Counts()
        self.anomalies: list[dict[str, str]] = []
        self.accounts_created: Counter[str] = Counter()
        self._pupils_by_sid: dict[str, Pupil] | None = None
        self._divisions_by_code: dict[str, Division] | None = None
        self._groups_by_code: dict[str, TeachingGroup] | None = None

    # --- bookkeeping -----------------------------------------------------------------------

    def _tick(self) -> None:
        """Counts one processed row. Defined by ``RosterImporter``, next to ``PROGRESS_EVERY`` in
        ``accounts.roster.importer``, where the reporting threshold is read (and can be tuned)."""
        raise NotImplementedError

    def _anomaly(self, kind: str, message: str, ref: str = "") -> None:
        self.anomalies.append({"kind": kind, "message": message, "ref": ref})

    def _unencoded_names(self, label: str, ref: str, *names: str) -> None:
        """SIECLE writes ``?`` for a letter its encoding lacks (``NGUY?N``). The name is kept as
        written (guessing the letter would be worse) and shown to the school to correct."""
        for name in names:
            if "?" in name:
                self._anomaly(
                    "unencoded_character",
                    f"{label} : « {name} » contient « ? », une lettre que SIECLE n'a pas pu "
                    "écrire ; gardé tel quel, à corriger dans SIECLE.",
                    ref,
                )

    def _is_current(self, left_on: datetime.date | None) -> bool:
        return left_on is None or left_on > self.today

    # --- shared lookups and writes ---------------------------------------------------------

    def _divisions(self) -> dict[str, Division]:
        if self._divisions_by_code is None:
            self._divisions_by_code = {
                d.code: d for d in Division.objects.filter(establishment=self.establishment)
            }
        return self._divisions_by_code

    def _pupils(self) -> dict[str, Pupil]:
        if self._pupils_by_sid is None:
            self._pupils_by_sid = {
                p.siecle_id: p for p in Pupil.objects.filter(establishment=self.establishment)
            }
        return self._pupils_by_sid

    def _ensure_divisions(self, wanted: dict[str, Counter[str]], *, count_unchanged: bool) -> None:
        """Creates the missing classes; ``wanted`` maps a class code to the levels seen in it
        (the most common level wins; the class code's first digit when no level is known)."""
        divisions = self._divisions()
        created, updated = [], []
        for code, levels in wanted.items():
            level = levels.most_common(1)[0][0] if levels else ""
            division = divisions.get(code)
            if division is None:
                if not level and code[:1] in {"6", "5", "4", "3"}:
                    level = code[:1]
                division = Division(establishment=self.establishment, code=code[:8], level=level)
                divisions[code] = division
                created.append(division)
            elif level and division.level != level:
                division.level = level
                updated.append(division)
            elif count_unchanged:
                self.counts.bump("divisions", "unchanged")
        Division.objects.bulk_create(created)
        Division.objects.bulk_update(updated, ["level"])
        self.counts.bump("divisions", "created", len(created))
        self.counts.bump("divisions", "updated", len(updated))

    def _create_accounts(
        self, people: Sequence[tuple[str, str, str, Establishment | None]]
    ) -> list[User]:
        """New provisional accounts for (first name, last name, profile, establishment), through
        the lifecycle (identifiers allocated for all of them at once)."""
        users = accounts_provision(
            [
                NewAccount(
                    first_name=first, last_name=last, profile=profile, establishment=establishment
                )
                for first, last, profile, establishment in people
            ],
            now=self.now,
        )
        self.accounts_created.update(user.profile for user in users)
        return users

    def _rename_accounts(self, names: dict[int, tuple[str, str]]) -> None:
        """Accounts follow their record's new names (account id → first, last name); the
        identifier, already printed on letters and used to log in, never changes."""
        accounts = list(User.objects.filter(pk__in=names))
        for account in accounts:
            account.first_name, account.last_name = names[account.pk]
        User.objects.bulk_update(accounts, ["first_name", "last_name"])

    def _close_unused_accounts(self, account_ids: Iterable[int], reason: str) -> None:
        """The policy for people the roster no longer holds: an account never used (still
        provisional) is closed, through the lifecycle, with its audit record; an account in use
        is left to its owner (documents, messages) and to the retention rules."""
        accounts = User.objects.filter(pk__in=set(account_ids), state=User.State.PROVISIONAL)
        accounts_close(
            accounts=list(accounts),
            audit=Audit(
                action=AuditAction.ACCOUNT_CLOSED,
                establishment=self.establishment,
                details={"reason": reason},
            ),
        )

    @staticmethod
    def _write(
        model: type[models.Model],
        to_create: list,
        to_update: Iterable,
        fields: set[str],
        stamp: datetime.datetime | None = None,
    ) -> None:
        model.objects.bulk_create(to_create)
        to_update = list(to_update)
        if to_update and fields:
            if stamp is not None:
                for instance in to_update:
                    instance.updated_at = stamp
                fields = fields | {"updated_at"}
            model.objects.bulk_update(to_update, sorted(fields))
