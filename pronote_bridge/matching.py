"""Recognising the lines of the Pronote file among the establishment's accounts.

The people of the establishment who have an account are read once (four queries whatever the
number of lines): current pupils, guardians of current pupils (with their children's classes),
staff still there. A line fits a person when the names are the same (accents, case, hyphens and
spaces aside; the usage name counts as well as the birth name), when the birth date is the same
if both are known, and when the class is the same if both are known (a guardian: one of their
children's classes). A profile given by the line ("Élève", "Responsable", "Professeur",
"Personnel"…) keeps only the people of that kind.

One account fits: the line is linked. None: "non reconnue". Several: "ambiguë", with them as the
candidates to choose from.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from accounts.models import Establishment, Guardian, GuardianLink, Pupil, StaffMember
from core.text import code_key, fold, name_key

from .csvfile import ExportRow

PUPIL, GUARDIAN, STAFF = "eleve", "responsable", "personnel"
_SEPARATORS = re.compile(r"[,;/|]")


@dataclass(frozen=True)
class Person:
    user_id: int
    kind: str
    last_names: frozenset[str]
    first_name: str
    birth_date: datetime.date | None
    divisions: frozenset[str]


@dataclass
class Directory:
    """The establishment's people with an account, by (last name key, first name key)."""

    by_name: dict[tuple[str, str], list[Person]] = field(default_factory=dict)

    def add(self, person: Person) -> None:
        for last_name in person.last_names:
            self.by_name.setdefault((last_name, person.first_name), []).append(person)

    def named(self, last_name: str, first_name: str) -> list[Person]:
        return self.by_name.get((name_key(last_name), name_key(first_name)), [])


def _names(*values: str) -> frozenset[str]:
    return frozenset(key for key in (name_key(value) for value in values) if key)


def directory_of(establishment: Establishment) -> Directory:
    directory = Directory()
    for pupil in (
        Pupil.objects.current()
        .filter(establishment=establishment, account__isnull=False)
        .values(
            "account_id", "last_name", "usage_name", "first_name", "birth_date", "division__code"
        )
    ):
        directory.add(
            Person(
                user_id=pupil["account_id"],
                kind=PUPIL,
                last_names=_names(pupil["last_name"], pupil["usage_name"]),
                first_name=name_key(pupil["first_name"]),
                birth_date=pupil["birth_date"],
                divisions=frozenset({code_key(pupil["division__code"])} - {""}),
            )
        )
    children_classes: dict[int, set[str]] = defaultdict(set)
    for guardian_id, code in (
        GuardianLink.objects.of_current_pupils()
        .filter(guardian__establishment=establishment, guardian__account__isnull=False)
        .values_list("guardian_id", "pupil__division__code")
    ):
        if code:
            children_classes[guardian_id].add(code_key(code))
    for guardian in Guardian.objects.filter(
        establishment=establishment, account__isnull=False, left_on__isnull=True
    ).values("pk", "account_id", "last_name", "usage_name", "first_name"):
        directory.add(
            Person(
                user_id=guardian["account_id"],
                kind=GUARDIAN,
                last_names=_names(guardian["last_name"], guardian["usage_name"]),
                first_name=name_key(guardian["first_name"]),
                birth_date=None,
                divisions=frozenset(children_classes.get(guardian["pk"], ())),
            )
        )
    for member in StaffMember.objects.filter(
        establishment=establishment, account__isnull=False, left_on__isnull=True
    ).values("account_id", "last_name", "first_name", "birth_date"):
        directory.add(
            Person(
                user_id=member["account_id"],
                kind=STAFF,
                last_names=_names(member["last_name"]),
                first_name=name_key(member["first_name"]),
                birth_date=member["birth_date"],
                divisions=frozenset(),
            )
        )
    return directory


def kind_of(profile: str) -> str | None:
    """The kind of person a line's profile names; ``None``: any (empty or unknown)."""
    label = fold(profile)
    if not label:
        return None
    if label.startswith(("eleve", "etudiant", "national_1")):
        return PUPIL
    if label.startswith(("parent", "responsable", "national_2")):
        return GUARDIAN
    if label.startswith(
        ("prof", "enseignant", "personnel", "direction", "vie scolaire", "national_3", "national_4")
    ):
        return STAFF
    return None


def candidates(directory: Directory, row: ExportRow) -> list[int]:
    """The distinct accounts that fit ``row`` (sorted ids)."""
    kind = kind_of(row.profile)
    # A guardian's line may name several classes ("5 A, 4 B").
    divisions = {code_key(part) for part in _SEPARATORS.split(row.division)} - {""}
    fitting = {
        person.user_id
        for person in directory.named(row.last_name, row.first_name)
        if (kind is None or person.kind == kind)
        and (row.birth_date is None or person.birth_date in (None, row.birth_date))
        and (not divisions or not person.divisions or bool(divisions & person.divisions))
    }
    return sorted(fitting)
