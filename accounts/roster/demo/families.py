"""The demo collège's people, drawn deterministically: pupils in classes, their families (legal
representatives, contacts), phone numbers in every spelling, addresses, and the messy cases every
real file has. ``_Families`` holds the generator's state; ``exports._Generator`` writes it out."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from core.text import name_key

from .data import (
    BOYS,
    FATHERS,
    GIRLS,
    LEVELS,
    MAIL_DOMAINS,
    MOTHERS,
    PUPILS_PER_CLASS,
    STREETS,
    SURNAMES,
    TOWNS,
)


@dataclass
class _Person:
    person_id: str
    civility: str
    last_name: str
    first_name: str
    usage_name: str = ""
    phone_home: str | None = None
    phone_mobile: str | None = None
    phone_work: str | None = None
    email: str | None = None
    accepts_sms: str = "1"
    address_id: str = ""


@dataclass
class _Pupil:
    pupil_id: str
    last_name: str
    first_name: str
    sex: str
    level: str
    division: str
    birth_date: datetime.date
    usage_name: str = ""
    left_on: datetime.date | None = None
    groups: list[str] = field(default_factory=list)


@dataclass
class _Link:
    pupil_id: str
    person_id: str
    level: int
    parente: str
    pays: bool = False
    hosts: bool = True
    priority: bool = False


class _Families:
    """The random draws and the people they produce; every draw goes through ``self.rng`` so the
    same arguments always give the same roster."""

    def __init__(self, *, pupils: int, seed: int, uai: str, school_year: int, name: str):
        self.rng = random.Random(f"{seed}-{pupils}-{school_year}")  # noqa: S311 - demo data, not secrets
        self.count = pupils
        self.uai = uai
        self.year = school_year
        self.name = name
        self.pupils: list[_Pupil] = []
        self.persons: list[_Person] = []
        self.links: list[_Link] = []
        self.addresses: dict[str, tuple[str, str, str]] = {}
        self.next_person = 600000
        self.next_phone = 0

    # --- small pieces ----------------------------------------------------------------------

    def _mobile(self) -> str:
        """A unique, valid-looking mobile number (06 or 07)."""
        self.next_phone += 1
        prefix = self.rng.choice(("6", "7"))
        digits = (
            f"{prefix}{(self.rng.randrange(10_000_000) + self.next_phone * 7919) % 100_000_000:08d}"
        )
        if prefix == "7" and digits[1] in "0123":  # 070–073 are not allocated to mobiles
            digits = "78" + digits[2:]
        return digits

    def _spell(self, digits: str) -> str:
        """The same number in one of the spellings found in real files."""
        national = "0" + digits
        pairs = " ".join(national[i : i + 2] for i in range(0, 10, 2))
        return self.rng.choice(
            (
                f"+33{digits}",
                pairs,
                pairs.replace(" ", "."),
                national,
                pairs.replace(" ", "-"),
                f"+33 {digits[0]} {' '.join(digits[i : i + 2] for i in range(1, 9, 2))}",
                f"0033{digits}",
            )
        )

    def _landline(self) -> str:
        return self._spell(f"549{self.rng.randrange(1_000_000):06d}")

    def _invalid_phone(self) -> str:
        return self.rng.choice(
            ("06 12 34", "0000000000", "12345", "06 12 34 56 78 9", "tel portable")
        )

    def _email(self, first_name: str, last_name: str) -> str:
        local = f"{name_key(first_name)}.{name_key(last_name)}"
        if self.rng.random() < 0.3:
            local += str(self.rng.randrange(1, 99))
        return f"{local}@{self.rng.choice(MAIL_DOMAINS)}"

    def _address(self) -> str:
        address_id = str(800000 + len(self.addresses))
        postal_code, town = self.rng.choice(TOWNS)
        street = f"{self.rng.randrange(1, 120)} {self.rng.choice(STREETS)}"
        self.addresses[address_id] = (street, postal_code, town)
        return address_id

    def _person(
        self,
        civility: str,
        last_name: str,
        first_name: str,
        *,
        usage_name: str = "",
        address_id: str = "",
    ) -> _Person:
        self.next_person += 1
        person = _Person(
            person_id=str(self.next_person),
            civility=civility,
            last_name=last_name,
            first_name=first_name,
            usage_name=usage_name,
            address_id=address_id,
        )
        roll = self.rng.random()
        mobile = self._mobile()
        if roll < 0.04:
            person.phone_mobile = self._invalid_phone()
        elif roll < 0.09:
            person.phone_home, person.phone_mobile = (
                self._spell(mobile),
                "",
            )  # mobile given as "personal"
        elif roll < 0.12:
            person.phone_mobile = None  # no phone at all
        else:
            person.phone_mobile = self._spell(mobile)
        if person.phone_home is None and self.rng.random() < 0.35:
            person.phone_home = self._landline()
        if self.rng.random() < 0.25:
            person.phone_work = self._spell(f"5{self.rng.randrange(10**8):08d}")
        person.email = (
            self._email(first_name, usage_name or last_name) if self.rng.random() < 0.9 else ""
        )
        person.accepts_sms = "1" if self.rng.random() < 0.8 else "0"
        self.persons.append(person)
        return person

    # --- the roster ------------------------------------------------------------------------

    def build_families(self) -> None:
        per_level = [self.count // 4 + (1 if i < self.count % 4 else 0) for i in range(4)]
        remaining = dict(zip(LEVELS, per_level, strict=True))
        families: list[list[str]] = []
        while sum(remaining.values()):
            size = self.rng.choices((1, 2, 3), weights=(80, 17, 3))[0]
            available = [level for level in LEVELS if remaining[level]]
            levels = self.rng.sample(available, min(size, len(available)))
            for level in levels:
                remaining[level] -= 1
            families.append(levels)

        classes = {
            level: max(1, round(count / PUPILS_PER_CLASS))
            for level, count in zip(LEVELS, per_level, strict=True)
        }
        seat: dict[str, int] = dict.fromkeys(LEVELS, 0)
        pupil_number = 0
        for index, levels in enumerate(families):
            surname = self.rng.choice(SURNAMES)
            children = []
            for level in levels:
                pupil_number += 1
                division = f"{level} {chr(65 + seat[level] % classes[level])}"
                seat[level] += 1
                sex = self.rng.choice("12")
                age = 11 + LEVELS.index(level) + (1 if self.rng.random() < 0.06 else 0)
                born = datetime.date(self.year - age, 1, 1) + datetime.timedelta(
                    days=self.rng.randrange(365)
                )
                child = _Pupil(
                    pupil_id=str(3_200_000 + pupil_number),
                    last_name=surname,
                    first_name=self.rng.choice(GIRLS if sex == "2" else BOYS),
                    sex=sex,
                    level=level,
                    division=division,
                    birth_date=born,
                )
                # Every pupil from 5e on learns a second language, in a group drawn from all the
                # classes of the level; some 4e and 3e pupils also take Latin.
                if level in "543":
                    child.groups.append("ALL2" if pupil_number % 4 == 0 else "ESP2")
                # (The draw of the two other choices is kept: the families drawn after stay
                # the same as before groups existed.)
                if (
                    level in "43"
                    and self.rng.random() < 0.3
                    and self.rng.choice(("LATIN", "ESP LV2", "ALL LV2")) == "LATIN"
                ):
                    child.groups.append("LAT")
                children.append(child)
            self.pupils.extend(children)
            self._guardians_for(index, surname, children)

    def _guardians_for(self, index: int, surname: str, children: list[_Pupil]) -> None:
        roll = self.rng.random()
        home = self._address()
        legal: list[tuple[_Person, str]] = []
        if roll < 0.78:  # two parents
            separated = self.rng.random() < 0.2
            mother_birth_name = self.rng.choice(SURNAMES)
            if self.rng.random() < 0.6:
                mother = self._person(
                    "MME",
                    mother_birth_name,
                    self.rng.choice(MOTHERS),
                    usage_name=surname,
                    address_id=home,
                )
            else:
                mother = self._person(
                    "MME", mother_birth_name, self.rng.choice(MOTHERS), address_id=home
                )
            father = self._person(
                "M.",
                surname,
                self.rng.choice(FATHERS),
                address_id=self._address() if separated else home,
            )
            if not separated and mother.email and self.rng.random() < 0.1:
                father.email = f"famille.{name_key(surname)}@{self.rng.choice(MAIL_DOMAINS)}"
                mother.email = father.email
            legal = [(mother, "10"), (father, "20")]
        elif roll < 0.93:  # single parent, mostly mothers
            if self.rng.random() < 0.8:
                legal = [
                    (self._person("MME", surname, self.rng.choice(MOTHERS), address_id=home), "10")
                ]
            else:
                legal = [
                    (self._person("M.", surname, self.rng.choice(FATHERS), address_id=home), "20")
                ]
        elif roll < 0.97:  # tutor, often a grandparent
            legal = [
                (
                    self._person(
                        "MME", self.rng.choice(SURNAMES), self.rng.choice(MOTHERS), address_id=home
                    ),
                    "50",
                )
            ]
        else:  # placed child: aide sociale à l'enfance, plus the mother as legal representative
            legal = [
                (self._person("MME", surname, self.rng.choice(MOTHERS), address_id=home), "10"),
                (
                    self._person(
                        "M.", "SERVICE ASE VIENNE", "Référent", address_id=self._address()
                    ),
                    "51",
                ),
            ]
        for child in children:
            for rank, (person, parente) in enumerate(legal):
                self.links.append(
                    _Link(
                        child.pupil_id,
                        person.person_id,
                        1,
                        parente,
                        pays=rank == 0,
                        priority=rank == 0,
                    )
                )
        if self.rng.random() < 0.1:  # a grandparent to call
            grandmother = self.rng.random() < 0.6
            grandparent = self._person(
                "MME" if grandmother else "M.",
                surname,
                self.rng.choice(MOTHERS if grandmother else FATHERS),
                address_id=self._address(),
            )
            for child in children:
                self.links.append(
                    _Link(child.pupil_id, grandparent.person_id, 3, "38", hosts=False)
                )
        if self.rng.random() < 0.04:  # someone in charge: an uncle, an educator
            carer = self._person(
                "M.", self.rng.choice(SURNAMES), self.rng.choice(FATHERS), address_id=home
            )
            for child in children:
                self.links.append(
                    _Link(child.pupil_id, carer.person_id, 2, self.rng.choice(("39", "41")))
                )

    def add_messy_cases(self) -> None:
        """The cases every real file has, placed deterministically."""
        pupils_by_id = {pupil.pupil_id: pupil for pupil in self.pupils}
        legal_by_pupil: dict[str, list[_Link]] = {}
        for link in self.links:
            if link.level == 1:
                legal_by_pupil.setdefault(link.pupil_id, []).append(link)

        # Two leavers: left during the summer, still in the export with their DATE_SORTIE.
        for pupil, left in zip(
            self.pupils[7 :: max(1, len(self.pupils) // 2)][:2],
            (datetime.date(self.year, 7, 8), datetime.date(self.year, 8, 31)),
            strict=False,
        ):
            pupil.left_on = left

        # One parent recorded twice by the school: same names and mobile, two PERSONNE_IDs.
        persons = {person.person_id: person for person in self.persons}
        children_of: dict[str, list[str]] = {}
        for link in self.links:
            if link.level == 1 and link.parente == "10":
                children_of.setdefault(link.person_id, []).append(link.pupil_id)
        twice = next(
            (
                pid
                for pid, kids in children_of.items()
                if len(kids) >= 2
                and persons[pid].phone_mobile
                and not persons[pid].phone_mobile.startswith(("06 12 34", "0000", "12345", "tel"))
            ),
            None,
        )
        if twice:
            original = persons[twice]
            self.next_person += 1
            copy = _Person(**{**original.__dict__, "person_id": str(self.next_person), "email": ""})
            self.persons.append(copy)
            second_child = children_of[twice][1]
            for link in self.links:
                if link.person_id == twice and link.pupil_id == second_child:
                    link.person_id = copy.person_id

        # Two mothers as legal representatives of one pupil.
        single = next(
            (
                pid
                for pid, links in legal_by_pupil.items()
                if len(links) == 1
                and links[0].parente == "10"
                and pupils_by_id[pid].left_on is None
            ),
            None,
        )
        if single:
            other = self._person(
                "MME",
                self.rng.choice(SURNAMES),
                self.rng.choice(MOTHERS),
                address_id=self._address(),
            )
            self.links.append(_Link(single, other.person_id, 1, "10"))

        # A pupil arrived without a class yet, and one with a usage name.
        current = [pupil for pupil in self.pupils if pupil.left_on is None]
        current[len(current) // 3].division = ""
        current[len(current) // 5].usage_name = self.rng.choice(SURNAMES)
