"""The guardians phase of the roster import (BEE_RESPONSABLES): guardians, their links to pupils,
the anomalies specific to families (duplicates, two mothers, shared e-mails) and one parent account
per person."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import CharField, ExpressionWrapper, F

from accounts.models import Guardian, GuardianLink, User
from core.phones import normalize_phone

from .. import siecle
from .base import ImporterBase, _changed_fields, _invalid_fields, _is_email, _name_key, _UnionFind

_PHONE_FIELDS = ("phone_home", "phone_mobile", "phone_work")


class GuardiansPhase(ImporterBase):
    """Creates or updates the guardians, plans and writes their links to the pupils already
    imported, and gives each entitled person one account (shared by their duplicate records)."""

    def _phone(self, raw: str, what: str, label: str, ref: str) -> tuple[str, bool]:
        if not raw:
            return "", False
        phone = normalize_phone(raw)
        if phone is None:
            self._anomaly(
                "invalid_phone", f"{what} invalide « {raw} » pour {label} : non enregistré.", ref
            )
            return "", False
        return phone.e164, phone.is_mobile

    def _guardian_values(
        self, record: siecle.PersonRecord, export: siecle.GuardiansExport, label: str
    ) -> dict[str, Any]:
        mobile, _ = self._phone(record.phone_mobile, "Téléphone portable", label, record.siecle_id)
        home, home_is_mobile = self._phone(
            record.phone_home, "Téléphone personnel", label, record.siecle_id
        )
        work, _ = self._phone(record.phone_work, "Téléphone professionnel", label, record.siecle_id)
        if not mobile and home_is_mobile:
            # Parents often give their mobile as their "personal" number: moved where SMS
            # creation and letters look for it.
            mobile, home = home, ""
        email = record.email.lower()
        if email and not _is_email(email):
            self._anomaly(
                "invalid_value",
                f"Adresse électronique invalide « {record.email} » pour {label} : non enregistrée.",
                record.siecle_id,
            )
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
            for g in Guardian.objects.filter(establishment=self.establishment)
            .defer(*_PHONE_FIELDS)
            .annotate(
                **{
                    f"{name}_raw": ExpressionWrapper(F(name), output_field=CharField())
                    for name in _PHONE_FIELDS
                }
            )
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
                self._anomaly(
                    "invalid_record",
                    f"Personne {record.siecle_id} ignorée : nom manquant.",
                    record.siecle_id,
                )
                continue
            self._unencoded_names(
                f"Personne {label}",
                record.siecle_id,
                record.last_name,
                record.usage_name,
                record.first_name,
            )
            values = self._guardian_values(record, export, label)
            guardian = existing.get(record.siecle_id)
            changed = (
                list(values)
                if guardian is None
                else _changed_fields(guardian, values, raw=_PHONE_FIELDS)
            )
            if changed:
                # Phones are already validated and normalised: checking them again costs time.
                problem = _invalid_fields(
                    Guardian(
                        establishment=self.establishment, siecle_id=record.siecle_id, **values
                    ),
                    exclude=["establishment", "account", *_PHONE_FIELDS],
                )
                if problem:
                    self._anomaly(
                        "invalid_record", f"Personne {label} ignorée : {problem}", record.siecle_id
                    )
                    continue
            if guardian is None:
                guardian = Guardian(
                    establishment=self.establishment, siecle_id=record.siecle_id, **values
                )
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
        # A person no longer in the file: named in the report, marked with the export's date,
        # and their account treated like a leaving pupil's (see _close_unused_accounts).
        gone: list[Guardian] = []
        for sid in sorted(set(existing) - set(records)):
            guardian = existing[sid]
            if guardian.left_on is None:
                guardian.left_on = self.today
                to_update[sid] = guardian
                update_fields.add("left_on")
                gone.append(guardian)
                self._anomaly(
                    "guardian_left",
                    f"Personne {guardian} (PERSONNE_ID {sid}) absente du nouvel export : "
                    f"marquée absente le {self.today:%d/%m/%Y}.",
                    sid,
                )
        if gone:
            self.counts.bump("guardians", "left", len(gone))
        for sid, guardian in records.items():
            if guardian.pk and guardian.left_on is not None:  # back in the file
                guardian.left_on = None
                to_update[sid] = guardian
                update_fields.add("left_on")

        links = self._plan_links(export, records)
        groups = self._check_guardians(records, contacts, links)

        # One account per person: siblings share it, and so do a person's duplicate records.
        needing: list[list[Guardian]] = []
        for group in groups:
            account_id = next(
                (guardian.account_id for guardian in group if guardian.account_id), None
            )
            if account_id is None:
                needing.append(group)
                continue
            for guardian in group:
                if guardian.account_id is None:
                    guardian.account_id = account_id
                    if guardian.pk:
                        to_update[guardian.siecle_id] = guardian
                        update_fields.add("account")
        users = self._create_accounts(
            [
                (group[0].first_name, group[0].display_last_name, User.Profile.PARENT, None)
                for group in needing
            ]
        )
        for group, user in zip(needing, users, strict=True):
            for guardian in group:
                guardian.account = user
                if guardian.pk:
                    to_update[guardian.siecle_id] = guardian
                    update_fields.add("account")
        self._write(Guardian, to_create, to_update.values(), update_fields, stamp=self.now)
        self._write_links(links, records)
        if gone:
            # An account shared with a record still in a file (a duplicate, another school) stays.
            ids = {guardian.account_id for guardian in gone if guardian.account_id}
            in_use = set(
                Guardian.objects.filter(account_id__in=ids, left_on__isnull=True).values_list(
                    "account_id", flat=True
                )
            )
            self._close_unused_accounts(ids - in_use, reason="guardian_left")

    def _plan_links(
        self, export: siecle.GuardiansExport, records: dict[str, Guardian]
    ) -> dict[tuple[int, str], dict[str, Any]]:
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
                    self._anomaly(
                        "unknown_pupil",
                        f"Élève ELEVE_ID {record.pupil_id} inconnu (absent de l'export "
                        "des élèves) : ses liens avec des responsables sont ignorés.",
                        record.pupil_id,
                    )
                continue
            if record.person_id not in records:
                self._anomaly(
                    "unknown_person",
                    f"Personne PERSONNE_ID {record.person_id} inconnue : son lien avec "
                    f"l'élève {pupil} est ignoré.",
                    record.person_id,
                )
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

    def _check_guardians(
        self,
        records: dict[str, Guardian],
        contacts: dict[str, dict[str, Any]],
        links: dict[tuple[int, str], dict[str, Any]],
    ) -> list[list[Guardian]]:
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
                self._anomaly(
                    "guardian_without_pupil",
                    f"{guardian} (PERSONNE_ID {sid}) n'est lié à aucun élève "
                    "actuel : pas de compte.",
                    sid,
                )
        for pupil_pk, sids in mothers.items():
            if len(sids) > 1:
                pupil = pupils_by_pk[pupil_pk]
                names = ", ".join(f"{records[sid]} ({sid})" for sid in sids)
                self._anomaly(
                    "two_mothers",
                    f"L'élève {pupil} a {len(sids)} mères représentantes légales : "
                    f"{names}. À vérifier dans SIECLE.",
                    pupil.siecle_id,
                )

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
                self._anomaly(
                    "duplicate_guardian",
                    f"{group[0]} apparaît sous plusieurs identifiants "
                    f"(PERSONNE_ID {ids}) avec le même téléphone ou courriel : un seul compte pour "
                    "ces fiches.",
                    group[0].siecle_id,
                )

        owners_of: dict[str, set[str]] = defaultdict(set)
        for sid, values in contacts.items():
            if values["email"]:
                owners_of[values["email"]].add(union.find(sid) if sid in union.parent else sid)
        for email, owners in sorted(owners_of.items()):
            if len(owners) > 1:
                names = ", ".join(sorted(str(records[sid]) for sid in owners))
                self._anomaly(
                    "shared_email",
                    f"Adresse {email} partagée par {len(owners)} responsables ({names}).",
                    email,
                )
        return list(groups.values())

    def _write_links(
        self, planned: dict[tuple[int, str], dict[str, Any]], guardians: dict[str, Guardian]
    ) -> None:
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
