"""Apply parsed SIECLE / STS exports to an establishment's roster, in bulk.

Every existing row of the establishment is read once into dicts, then written back with
``bulk_create`` / ``bulk_update``: the number of queries does not depend on the number of pupils.
The caller runs ``apply_exports`` inside one transaction (see ``accounts.services``).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import CharField, ExpressionWrapper, F
from django.utils import timezone

from accounts.lifecycle.transitions import NewAccount, accounts_provision
from accounts.models import (
    Division,
    Establishment,
    Guardian,
    GuardianLink,
    Pupil,
    StaffMember,
    User,
)
from core.phones import normalize_phone
from core.text import name_key

from . import siecle

ProgressCallback = Callable[[int], None]
PROGRESS_EVERY = 100

# Keys of report["counts"], in display order, with their French label.
COUNT_KINDS = {
    "divisions": "Classes",
    "pupils": "Élèves",
    "guardians": "Responsables",
    "links": "Liens élève – responsable",
    "staff": "Personnels",
}
ANOMALY_LABELS = {
    "duplicate_structure": "Structures en double",
    "duplicate_record": "Fiches en double dans le fichier",
    "invalid_record": "Fiches ignorées (données incomplètes ou invalides)",
    "invalid_value": "Valeurs illisibles",
    "pupil_without_class": "Élèves sans classe",
    "pupil_left": "Élèves sortis",
    "pupil_matched_by_ine": "Élèves rapprochés par l'INE",
    "unknown_pupil": "Liens vers un élève inconnu",
    "unknown_person": "Liens vers une personne inconnue",
    "guardian_without_pupil": "Responsables liés à aucun élève actuel",
    "invalid_phone": "Téléphones invalides",
    "duplicate_guardian": "Responsables en double (un seul compte)",
    "two_mothers": "Deux mères responsables légales",
    "shared_email": "Adresses électroniques partagées",
    "staff_left": "Personnels absents du fichier STS",
    "unknown_teacher": "Enseignants inconnus dans les services",
}

def school_year_label(year: int | None) -> str:
    return f"{year}-{year + 1}" if year else "inconnue"


def check_exports(establishment: Establishment, exports: Sequence[siecle.Export]) -> None:
    """Refuses (French ValidationError) exports for another establishment or school year."""
    check_headers(establishment, [export.header for export in exports])


def check_headers(establishment: Establishment, headers: Sequence[siecle.ExportHeader]) -> None:
    errors: list[str] = []
    kinds = Counter(header.kind for header in headers)
    for kind, count in kinds.items():
        if count > 1:
            errors.append(
                f"L'envoi contient {count} fichiers du type « {siecle.KIND_LABELS[kind]} » : "
                "déposez-en un seul à la fois."
            )
    for header in headers:
        if not header.uaj:
            errors.append(f"Le fichier « {header.source_name} » n'indique pas d'établissement (UAJ).")
        elif header.uaj != establishment.uai:
            errors.append(
                f"Le fichier « {header.source_name} » concerne l'établissement {header.uaj}, et non "
                f"{establishment.name} ({establishment.uai})."
            )
        if header.school_year != establishment.school_year:
            errors.append(
                f"Le fichier « {header.source_name} » est l'export de l'année scolaire "
                f"{school_year_label(header.school_year)}, alors que l'année en cours de "
                f"{establishment.name} est {school_year_label(establishment.school_year)}."
            )
    if errors:
        errors.append("Import refusé : aucune donnée n'a été modifiée.")
        raise ValidationError(errors)


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


def _changed_fields(instance: models.Model, values: dict[str, Any], raw: Sequence[str] = ()) -> list[str]:
    """The fields whose value differs; ``raw`` fields are compared with their ``<name>_raw``
    annotation (the column's text) instead of the converted attribute."""
    return [name for name, value in values.items()
            if (getattr(instance, f"{name}_raw") or "" if name in raw else getattr(instance, name)) != value]


def _invalid_fields(instance: models.Model, exclude: Sequence[str]) -> str:
    """Field-level validation without queries (foreign keys and uniqueness are checked by the
    importer itself); returns a French summary of the errors, or ''."""
    try:
        instance.clean_fields(exclude=list(exclude))
    except ValidationError as exc:
        return " ; ".join(f"{instance._meta.get_field(name).verbose_name} : {' '.join(messages)}"
                          for name, messages in exc.message_dict.items())
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


_PHONE_FIELDS = ("phone_home", "phone_mobile", "phone_work")


class RosterImporter:
    """One run of an import. ``run`` returns the JSON-able report.

    Each phase (pupils, guardians, staff) reads the establishment's rows once, decides in memory
    what to create, update or leave, creates the accounts the new rows need (so rows are inserted
    with their account and never updated afterwards), then writes in bulk.
    """

    def __init__(
        self,
        establishment: Establishment,
        *,
        today: datetime.date | None = None,
        progress: ProgressCallback | None = None,
    ):
        self.establishment = establishment
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.progress_callback = progress
        self.processed = 0
        self._last_reported = 0
        self.counts = _Counts()
        self.anomalies: list[dict[str, str]] = []
        self.accounts_created: Counter[str] = Counter()
        self._pupils_by_sid: dict[str, Pupil] | None = None
        self._divisions_by_code: dict[str, Division] | None = None

    # --- bookkeeping -----------------------------------------------------------------------

    def _tick(self) -> None:
        self.processed += 1
        if self.progress_callback and self.processed - self._last_reported >= PROGRESS_EVERY:
            self._last_reported = self.processed
            self.progress_callback(self.processed)

    def _anomaly(self, kind: str, message: str, ref: str = "") -> None:
        self.anomalies.append({"kind": kind, "message": message, "ref": ref})

    def _is_current(self, left_on: datetime.date | None) -> bool:
        return left_on is None or left_on > self.today

    # --- shared lookups and writes ---------------------------------------------------------

    def _divisions(self) -> dict[str, Division]:
        if self._divisions_by_code is None:
            self._divisions_by_code = {d.code: d for d in Division.objects.filter(establishment=self.establishment)}
        return self._divisions_by_code

    def _pupils(self) -> dict[str, Pupil]:
        if self._pupils_by_sid is None:
            self._pupils_by_sid = {p.siecle_id: p for p in Pupil.objects.filter(establishment=self.establishment)}
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

    def _create_accounts(self, people: Sequence[tuple[str, str, str, Establishment | None]]) -> list[User]:
        """New provisional accounts for (first name, last name, profile, establishment), through
        the lifecycle (identifiers allocated for all of them at once)."""
        users = accounts_provision(
            [NewAccount(first_name=first, last_name=last, profile=profile, establishment=establishment)
             for first, last, profile, establishment in people],
            now=self.now,
        )
        self.accounts_created.update(user.profile for user in users)
        return users

    @staticmethod
    def _write(model: type[models.Model], to_create: list, to_update: Iterable, fields: set[str],
               stamp: datetime.datetime | None = None) -> None:
        model.objects.bulk_create(to_create)
        to_update = list(to_update)
        if to_update and fields:
            if stamp is not None:
                for instance in to_update:
                    instance.updated_at = stamp
                fields = fields | {"updated_at"}
            model.objects.bulk_update(to_update, sorted(fields))

    # --- pupils ----------------------------------------------------------------------------

    def import_pupils(self, export: siecle.PupilsExport) -> None:
        wanted: dict[str, Counter[str]] = defaultdict(Counter)
        for record in export.pupils:
            if record.division_code:
                levels = wanted[record.division_code]
                if record.level:
                    levels[record.level] += 1
        self._ensure_divisions(wanted, count_unchanged=True)
        divisions = self._divisions()

        existing = self._pupils()
        by_ine = {pupil.ine: pupil for pupil in existing.values() if pupil.ine}
        seen: set[int] = set()
        to_create: list[Pupil] = []
        to_update: dict[int, Pupil] = {}
        update_fields: set[str] = set()

        for record in export.pupils:
            self._tick()
            label = f"{record.display_last_name} {record.first_name} (ELEVE_ID {record.siecle_id})"
            if record.birth_date is None or not record.last_name or not record.first_name:
                self._anomaly("invalid_record", f"Élève {label} ignoré : nom, prénom ou date de naissance "
                              "manquant.", record.siecle_id)
                continue
            values: dict[str, Any] = {
                "siecle_id": record.siecle_id,
                "elenoet": record.elenoet,
                "ine": record.ine,
                "last_name": record.last_name,
                "usage_name": record.usage_name,
                "first_name": record.first_name,
                "second_first_name": record.second_first_name,
                "birth_date": record.birth_date,
                "sex": record.sex,
                "mef_code": record.mef_code,
                "division_id": divisions[record.division_code].pk if record.division_code else None,
                "entered_on": record.entered_on,
                "left_on": record.left_on,
            }
            pupil = existing.get(record.siecle_id)
            if pupil is None and record.ine and record.ine in by_ine and by_ine[record.ine].pk not in seen:
                pupil = by_ine[record.ine]
                self._anomaly("pupil_matched_by_ine", f"Élève {label} retrouvé par son INE {record.ine} "
                              f"(ancien ELEVE_ID {pupil.siecle_id}) : fiche mise à jour.", record.siecle_id)
            if pupil is not None and pupil.pk in seen:
                continue  # the same pupil twice in the file: reported by the parser
            is_current = self._is_current(record.left_on)
            if is_current and not record.division_code:
                self._anomaly("pupil_without_class", f"Élève {label} sans classe.", record.siecle_id)

            changed = list(values) if pupil is None else _changed_fields(pupil, values)
            if changed:
                problem = _invalid_fields(Pupil(establishment=self.establishment, **values),
                                          exclude=["establishment", "division", "account"])
                if problem:
                    self._anomaly("invalid_record", f"Élève {label} ignoré : {problem}", record.siecle_id)
                    if pupil is not None:
                        seen.add(pupil.pk)
                    continue
            was_current = pupil is not None and self._is_current(pupil.left_on)
            if pupil is None:
                pupil = Pupil(establishment=self.establishment, **values)
                to_create.append(pupil)
                existing[record.siecle_id] = pupil
                self.counts.bump("pupils", "created")
            else:
                seen.add(pupil.pk)
                if pupil.siecle_id != record.siecle_id:
                    existing.pop(pupil.siecle_id, None)
                    existing[record.siecle_id] = pupil
                if changed:
                    for name in changed:
                        setattr(pupil, name, values[name])
                    to_update[pupil.pk] = pupil
                    update_fields.update(changed)
                    self.counts.bump("pupils", "updated")
                else:
                    self.counts.bump("pupils", "unchanged")
            if not is_current and (pupil.pk is None or was_current):
                self.counts.bump("pupils", "left")
                self._anomaly("pupil_left", f"Élève {label} sorti le {record.left_on:%d/%m/%Y}.", record.siecle_id)

        # A pupil known before and missing from a new full export has left the collège.
        for pupil in existing.values():
            if pupil.pk and pupil.pk not in seen and self._is_current(pupil.left_on):
                pupil.left_on = self.today
                to_update[pupil.pk] = pupil
                update_fields.add("left_on")
                self.counts.bump("pupils", "left")
                self._anomaly("pupil_left", f"Élève {pupil} (ELEVE_ID {pupil.siecle_id}) absent du nouvel "
                              f"export : marqué sorti le {self.today:%d/%m/%Y}.", pupil.siecle_id)

        # Every current pupil has an account.
        needing = [pupil for pupil in existing.values()
                   if pupil.account_id is None and self._is_current(pupil.left_on)
                   and (pupil.pk is None or pupil.pk in seen)]
        users = self._create_accounts([(p.first_name, p.display_last_name, User.Profile.ELEVE, None) for p in needing])
        for pupil, user in zip(needing, users, strict=True):
            pupil.account = user
            if pupil.pk:
                to_update[pupil.pk] = pupil
                update_fields.add("account")
        self._write(Pupil, to_create, to_update.values(), update_fields, stamp=self.now)

    # --- guardians -------------------------------------------------------------------------

    def _phone(self, raw: str, what: str, label: str, ref: str) -> tuple[str, bool]:
        if not raw:
            return "", False
        phone = normalize_phone(raw)
        if phone is None:
            self._anomaly("invalid_phone", f"{what} invalide « {raw} » pour {label} : non enregistré.", ref)
            return "", False
        return phone.e164, phone.is_mobile

    def _guardian_values(self, record: siecle.PersonRecord, export: siecle.GuardiansExport,
                         label: str) -> dict[str, Any]:
        mobile, _ = self._phone(record.phone_mobile, "Téléphone portable", label, record.siecle_id)
        home, home_is_mobile = self._phone(record.phone_home, "Téléphone personnel", label, record.siecle_id)
        work, _ = self._phone(record.phone_work, "Téléphone professionnel", label, record.siecle_id)
        if not mobile and home_is_mobile:
            mobile = home  # parents often give their mobile as their "personal" number
        email = record.email.lower()
        if email and not _is_email(email):
            self._anomaly("invalid_value", f"Adresse électronique invalide « {record.email} » pour {label} : "
                          "non enregistrée.", record.siecle_id)
            email = ""
        address = export.addresses.get(record.address_id)
        return {
            "civility": record.civility[:10],
            "last_name": record.last_name,
            "usage_name": record.usage_name,
            "first_name": record.first_name,
            "phone_home": home,
            "phone_mobile": mobile,
            "phone_work": work,
            "email": email,
            "accepts_sms": record.accepts_sms,
            "address_lines": "\n".join(address.lines) if address else "",
            "postal_code": address.postal_code if address else "",
            "city": address.city if address else "",
            "country": address.country if address else "",
        }

    def import_guardians(self, export: siecle.GuardiansExport) -> None:
        # Phone columns are read as plain text: turning ~3,000 of them into PhoneNumber objects
        # (parse and validate each) would cost more than the rest of the comparison.
        existing = {
            g.siecle_id: g
            for g in Guardian.objects.filter(establishment=self.establishment).defer(*_PHONE_FIELDS).annotate(
                **{f"{name}_raw": ExpressionWrapper(F(name), output_field=CharField()) for name in _PHONE_FIELDS})
        }
        records: dict[str, Guardian] = {}  # the persons of this file, new or existing
        contacts: dict[str, dict[str, Any]] = {}
        to_create: list[Guardian] = []
        to_update: dict[str, Guardian] = {}
        update_fields: set[str] = set()
        for record in export.persons:
            self._tick()
            label = f"{record.civility} {record.display_last_name} {record.first_name} (PERSONNE_ID {record.siecle_id})".strip()
            if not record.last_name:
                self._anomaly("invalid_record", f"Personne {record.siecle_id} ignorée : nom manquant.", record.siecle_id)
                continue
            values = self._guardian_values(record, export, label)
            guardian = existing.get(record.siecle_id)
            changed = list(values) if guardian is None else _changed_fields(guardian, values, raw=_PHONE_FIELDS)
            if changed:
                # Phones are already validated and normalised: checking them again costs time.
                problem = _invalid_fields(Guardian(establishment=self.establishment, siecle_id=record.siecle_id, **values),
                                          exclude=["establishment", "account", *_PHONE_FIELDS])
                if problem:
                    self._anomaly("invalid_record", f"Personne {label} ignorée : {problem}", record.siecle_id)
                    continue
            if guardian is None:
                guardian = Guardian(establishment=self.establishment, siecle_id=record.siecle_id, **values)
                to_create.append(guardian)
                self.counts.bump("guardians", "created")
            elif changed:
                for name in changed:
                    setattr(guardian, name, values[name])
                to_update[record.siecle_id] = guardian
                update_fields.update(changed)
                self.counts.bump("guardians", "updated")
            else:
                self.counts.bump("guardians", "unchanged")
            records[record.siecle_id] = guardian
            contacts[record.siecle_id] = values
        absent = len(set(existing) - set(records))
        if absent:
            self.counts.bump("guardians", "left", absent)

        links = self._plan_links(export, records)
        groups = self._check_guardians(records, contacts, links)

        # One account per person: siblings share it, and so do a person's duplicate records.
        needing: list[list[Guardian]] = []
        for group in groups:
            account_id = next((guardian.account_id for guardian in group if guardian.account_id), None)
            if account_id is None:
                needing.append(group)
                continue
            for guardian in group:
                if guardian.account_id is None:
                    guardian.account_id = account_id
                    if guardian.pk:
                        to_update[guardian.siecle_id] = guardian
                        update_fields.add("account")
        users = self._create_accounts([(group[0].first_name, group[0].display_last_name, User.Profile.PARENT, None)
                                       for group in needing])
        for group, user in zip(needing, users, strict=True):
            for guardian in group:
                guardian.account = user
                if guardian.pk:
                    to_update[guardian.siecle_id] = guardian
                    update_fields.add("account")
        self._write(Guardian, to_create, to_update.values(), update_fields, stamp=self.now)
        self._write_links(links, records)

    def _plan_links(self, export: siecle.GuardiansExport,
                    records: dict[str, Guardian]) -> dict[tuple[int, str], dict[str, Any]]:
        """(pupil pk, PERSONNE_ID) → link values, for the links whose pupil and person are known."""
        pupils = self._pupils()
        planned: dict[tuple[int, str], dict[str, Any]] = {}
        legal_count: Counter[int] = Counter()
        unknown_pupils: set[str] = set()
        for record in export.links:
            self._tick()
            pupil = pupils.get(record.pupil_id)
            if pupil is None or pupil.pk is None:
                if record.pupil_id not in unknown_pupils:
                    unknown_pupils.add(record.pupil_id)
                    self._anomaly("unknown_pupil", f"Élève ELEVE_ID {record.pupil_id} inconnu (absent de l'export "
                                  "des élèves) : ses liens avec des responsables sont ignorés.", record.pupil_id)
                continue
            if record.person_id not in records:
                self._anomaly("unknown_person", f"Personne PERSONNE_ID {record.person_id} inconnue : son lien avec "
                              f"l'élève {pupil} est ignoré.", record.person_id)
                continue
            key = (pupil.pk, record.person_id)
            if key in planned:
                continue
            rank = None
            if record.level == GuardianLink.Level.LEGAL:
                legal_count[pupil.pk] += 1
                rank = record.legal_rank or legal_count[pupil.pk]
            planned[key] = {
                "level": record.level,
                "parente": record.parente if record.parente in GuardianLink.Parente.values else "",
                "rank": rank,
                "pays_fees": record.pays_fees,
                "receives_aid": record.receives_aid,
                "hosts_pupil": record.hosts_pupil,
                "priority_contact": record.priority_contact,
            }
        return planned

    def _check_guardians(self, records: dict[str, Guardian], contacts: dict[str, dict[str, Any]],
                         links: dict[tuple[int, str], dict[str, Any]]) -> list[list[Guardian]]:
        """Reports the guardians' anomalies; returns the groups of records that get one account
        each: the level-1 guardians of a current pupil, a person's duplicate records together."""
        pupils_by_pk = {pupil.pk: pupil for pupil in self._pupils().values() if pupil.pk}
        linked_to_current: set[str] = set()
        entitled: set[str] = set()
        mothers: dict[int, list[str]] = defaultdict(list)
        for (pupil_pk, sid), values in links.items():
            if not self._is_current(pupils_by_pk[pupil_pk].left_on):
                continue
            linked_to_current.add(sid)
            if values["level"] == GuardianLink.Level.LEGAL:
                entitled.add(sid)
                if values["parente"] == GuardianLink.Parente.MERE:
                    mothers[pupil_pk].append(sid)

        for sid, guardian in records.items():
            if sid not in linked_to_current:
                self._anomaly("guardian_without_pupil", f"{guardian} (PERSONNE_ID {sid}) n'est lié à aucun élève "
                              "actuel : pas de compte.", sid)
        for pupil_pk, sids in mothers.items():
            if len(sids) > 1:
                pupil = pupils_by_pk[pupil_pk]
                names = ", ".join(f"{records[sid]} ({sid})" for sid in sids)
                self._anomaly("two_mothers", f"L'élève {pupil} a {len(sids)} mères représentantes légales : "
                              f"{names}. À vérifier dans SIECLE.", pupil.siecle_id)

        # Same names and same mobile or e-mail: one person known under two PERSONNE_IDs.
        people = sorted(entitled, key=lambda sid: (len(sid), sid))
        union = _UnionFind(people)
        first_with: dict[tuple[str, str], str] = {}
        for sid in people:
            values = contacts[sid]
            name = _name_key(values["first_name"], values["usage_name"] or values["last_name"])
            for contact in (values["phone_mobile"], values["email"]):
                if contact:
                    union.union(first_with.setdefault((name, contact), sid), sid)
        groups: dict[str, list[Guardian]] = defaultdict(list)
        for sid in people:
            groups[union.find(sid)].append(records[sid])
        for group in groups.values():
            if len(group) > 1:
                ids = " et ".join(g.siecle_id for g in group)
                self._anomaly("duplicate_guardian", f"{group[0]} apparaît sous plusieurs identifiants "
                              f"(PERSONNE_ID {ids}) avec le même téléphone ou courriel : un seul compte pour "
                              "ces fiches.", group[0].siecle_id)

        owners_of: dict[str, set[str]] = defaultdict(set)
        for sid, values in contacts.items():
            if values["email"]:
                owners_of[values["email"]].add(union.find(sid) if sid in union.parent else sid)
        for email, owners in sorted(owners_of.items()):
            if len(owners) > 1:
                names = ", ".join(sorted(str(records[sid]) for sid in owners))
                self._anomaly("shared_email", f"Adresse {email} partagée par {len(owners)} responsables ({names}).",
                              email)
        return list(groups.values())

    def _write_links(self, planned: dict[tuple[int, str], dict[str, Any]], guardians: dict[str, Guardian]) -> None:
        existing = {
            (link.pupil_id, link.guardian_id): link
            for link in GuardianLink.objects.filter(pupil__establishment=self.establishment)
        }
        to_create: list[GuardianLink] = []
        to_update: list[GuardianLink] = []
        update_fields: set[str] = set()
        kept: set[tuple[int, int]] = set()
        for (pupil_pk, sid), values in planned.items():
            guardian_pk = guardians[sid].pk
            key = (pupil_pk, guardian_pk)
            kept.add(key)
            link = existing.get(key)
            if link is None:
                to_create.append(GuardianLink(pupil_id=pupil_pk, guardian_id=guardian_pk, **values))
                self.counts.bump("links", "created")
                continue
            changed = _changed_fields(link, values)
            if changed:
                for name in changed:
                    setattr(link, name, values[name])
                to_update.append(link)
                update_fields.update(changed)
                self.counts.bump("links", "updated")
            else:
                self.counts.bump("links", "unchanged")
        self._write(GuardianLink, to_create, to_update, update_fields)
        stale = [link.pk for key, link in existing.items() if key not in kept]
        if stale:
            # Links gone from a full export (custody changes): the guardian keeps their account.
            GuardianLink.objects.filter(pk__in=stale).delete()
            self.counts.bump("links", "left", len(stale))

    # --- staff -----------------------------------------------------------------------------

    def import_staff(self, export: siecle.StsExport) -> None:
        wanted: dict[str, Counter[str]] = {code: Counter() for code in export.teaching}
        for record in export.staff:
            for code in record.main_division_codes:
                wanted.setdefault(code, Counter())
        self._ensure_divisions({code: levels for code, levels in wanted.items() if code not in self._divisions()},
                               count_unchanged=False)
        divisions = self._divisions()

        existing = {s.sts_id: s for s in StaffMember.objects.filter(establishment=self.establishment)}
        to_create: list[StaffMember] = []
        to_update: dict[str, StaffMember] = {}
        update_fields: set[str] = set()
        in_file: dict[str, StaffMember] = {}
        for record in export.staff:
            self._tick()
            label = f"{record.last_name} {record.first_name} (STS {record.sts_id})"
            if not record.last_name:
                self._anomaly("invalid_record", f"Personnel {record.sts_id} ignoré : nom manquant.", record.sts_id)
                continue
            values: dict[str, Any] = {
                "sts_type": record.sts_type[:20],
                "civility": record.civility[:10],
                "last_name": record.last_name,
                "first_name": record.first_name,
                "birth_date": record.birth_date,
                "function": record.function if record.function in StaffMember.Function.values else "",
                "left_on": None,
            }
            member = existing.get(record.sts_id)
            changed = list(values) if member is None else _changed_fields(member, values)
            if changed:
                problem = _invalid_fields(StaffMember(establishment=self.establishment, sts_id=record.sts_id, **values),
                                          exclude=["establishment", "account"])
                if problem:
                    self._anomaly("invalid_record", f"Personnel {label} ignoré : {problem}", record.sts_id)
                    continue
            if member is None:
                member = StaffMember(establishment=self.establishment, sts_id=record.sts_id, **values)
                to_create.append(member)
                self.counts.bump("staff", "created")
            elif changed:
                for name in changed:
                    setattr(member, name, values[name])
                to_update[record.sts_id] = member
                update_fields.update(changed)
                self.counts.bump("staff", "updated")
            else:
                self.counts.bump("staff", "unchanged")
            in_file[record.sts_id] = member
        for sts_id, member in existing.items():
            if sts_id not in in_file and member.left_on is None:
                member.left_on = self.today
                to_update[sts_id] = member
                update_fields.add("left_on")
                self.counts.bump("staff", "left")
                self._anomaly("staff_left", f"{member} (STS {sts_id}) absent du fichier STS : marqué parti le "
                              f"{self.today:%d/%m/%Y}.", sts_id)

        needing = [member for member in in_file.values() if member.account_id is None]
        users = self._create_accounts([
            (m.first_name, m.last_name,
             User.Profile.ENSEIGNANT if m.function == StaffMember.Function.TEACHER else User.Profile.PERSONNEL,
             self.establishment)
            for m in needing
        ])
        for member, user in zip(needing, users, strict=True):
            member.account = user
            if member.pk:
                to_update[member.sts_id] = member
                update_fields.add("account")
        self._write(StaffMember, to_create, to_update.values(), update_fields, stamp=self.now)

        teaching: dict[str, set[int]] = defaultdict(set)
        for code, teacher_ids in export.teaching.items():
            for teacher_id in sorted(teacher_ids):
                if teacher_id in in_file:
                    teaching[teacher_id].add(divisions[code].pk)
                else:
                    self._anomaly("unknown_teacher", f"Enseignant STS {teacher_id} de la classe {code} absent "
                                  "de la liste des personnels : ignoré.", teacher_id)
        main = {record.sts_id: {divisions[code].pk for code in record.main_division_codes}
                for record in export.staff if record.sts_id in in_file}
        members = list(in_file.values())
        self._sync_m2m(StaffMember.divisions.through, members, {m.pk: teaching.get(m.sts_id, set()) for m in members})
        self._sync_m2m(StaffMember.main_divisions.through, members, {m.pk: main.get(m.sts_id, set()) for m in members})

    @staticmethod
    def _sync_m2m(through: type[models.Model], members: list[StaffMember], wanted: dict[int, set[int]]) -> None:
        current: dict[int, set[int]] = defaultdict(set)
        stale: list[int] = []
        rows = through.objects.filter(staffmember_id__in=[m.pk for m in members]).values_list(
            "pk", "staffmember_id", "division_id")
        for pk, member_pk, division_pk in rows:
            if division_pk in wanted.get(member_pk, set()):
                current[member_pk].add(division_pk)
            else:
                stale.append(pk)
        if stale:
            through.objects.filter(pk__in=stale).delete()
        through.objects.bulk_create([
            through(staffmember_id=member_pk, division_id=division_pk)
            for member_pk, division_pks in wanted.items()
            for division_pk in sorted(division_pks - current[member_pk])
        ])

    # --- entry point -----------------------------------------------------------------------

    def run(self, exports: Sequence[siecle.Export]) -> dict[str, Any]:
        for export in exports:
            self.anomalies.extend(anomaly.as_dict() for anomaly in export.anomalies)
        for kind, importer in ((siecle.PupilsExport, self.import_pupils),
                               (siecle.GuardiansExport, self.import_guardians),
                               (siecle.StsExport, self.import_staff)):
            for export in exports:
                if isinstance(export, kind):
                    importer(export)
        if self.progress_callback:
            self.progress_callback(self.processed)
        return self.report(exports)

    def report(self, exports: Sequence[siecle.Export]) -> dict[str, Any]:
        return {
            "establishment": self.establishment.uai,
            "school_year": self.establishment.school_year,
            "imported_at": self.now.isoformat(),
            "files": [
                {"name": e.header.source_name, "kind": e.header.kind, "uaj": e.header.uaj,
                 "school_year": e.header.school_year, "export_date": e.header.export_date}
                for e in exports
            ],
            "counts": {kind: self.counts[kind] for kind in COUNT_KINDS if kind in self.counts},
            "accounts_created": {profile: self.accounts_created[profile]
                                 for profile in ("eleve", "parent", "enseignant", "personnel")},
            "anomalies": self.anomalies,
        }


def apply_exports(
    establishment: Establishment,
    exports: Sequence[siecle.Export],
    *,
    progress: ProgressCallback | None = None,
    today: datetime.date | None = None,
) -> dict[str, Any]:
    """Checks then applies the exports; call inside ``transaction.atomic``."""
    check_exports(establishment, exports)
    return RosterImporter(establishment, today=today, progress=progress).run(exports)
