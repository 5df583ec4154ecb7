"""The pupils phase of the roster import (BEE_ELEVES): classes, pupils, leavers, pupil accounts."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from accounts.models import Pupil, User

from .. import siecle
from .base import ImporterBase, _changed_fields, _invalid_fields


class PupilsPhase(ImporterBase):
    """Creates the missing classes, then creates, updates or marks as left the establishment's
    pupils, and gives every current pupil an account."""

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
        renamed: dict[int, tuple[str, str]] = {}

        for record in export.pupils:
            self._tick()
            label = f"{record.display_last_name} {record.first_name} (ELEVE_ID {record.siecle_id})"
            if not record.last_name or not record.first_name:
                self._anomaly(
                    "invalid_record",
                    f"Élève {label} ignoré : nom ou prénom manquant.",
                    record.siecle_id,
                )
                continue
            self._unencoded_names(
                f"Élève {label}",
                record.siecle_id,
                record.last_name,
                record.usage_name,
                record.first_name,
                record.second_first_name,
            )
            if record.birth_date is None and self._is_current(record.left_on):
                # Kept, with its account and its family's: dropping it would also orphan its
                # guardians' links. The school must complete SIECLE before first connection.
                self._anomaly(
                    "pupil_without_birth_date",
                    f"Élève {label} sans date de naissance : à compléter dans SIECLE "
                    "(la première connexion ne peut pas la vérifier).",
                    record.siecle_id,
                )
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
            if (
                pupil is None
                and record.ine
                and record.ine in by_ine
                and by_ine[record.ine].pk not in seen
            ):
                pupil = by_ine[record.ine]
                self._anomaly(
                    "pupil_matched_by_ine",
                    f"Élève {label} retrouvé par son INE {record.ine} "
                    f"(ancien ELEVE_ID {pupil.siecle_id}) : fiche mise à jour.",
                    record.siecle_id,
                )
            if pupil is not None and pupil.pk in seen:
                continue  # the same pupil twice in the file: reported by the parser
            is_current = self._is_current(record.left_on)
            if is_current and not record.division_code:
                self._anomaly(
                    "pupil_without_class", f"Élève {label} sans classe.", record.siecle_id
                )

            changed = list(values) if pupil is None else _changed_fields(pupil, values)
            if changed:
                problem = _invalid_fields(
                    Pupil(establishment=self.establishment, **values),
                    exclude=["establishment", "division", "account"],
                )
                if problem:
                    self._anomaly(
                        "invalid_record", f"Élève {label} ignoré : {problem}", record.siecle_id
                    )
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
                    if pupil.account_id and {"first_name", "last_name", "usage_name"} & set(
                        changed
                    ):
                        renamed[pupil.account_id] = (pupil.first_name, pupil.display_last_name)
                else:
                    self.counts.bump("pupils", "unchanged")
            if not is_current and (pupil.pk is None or was_current):
                self.counts.bump("pupils", "left")
                self._anomaly(
                    "pupil_left",
                    f"Élève {label} sorti le {record.left_on:%d/%m/%Y}.",
                    record.siecle_id,
                )

        # A pupil known before and missing from a new full export has left the collège.
        for pupil in existing.values():
            if pupil.pk and pupil.pk not in seen and self._is_current(pupil.left_on):
                pupil.left_on = self.today
                to_update[pupil.pk] = pupil
                update_fields.add("left_on")
                self.counts.bump("pupils", "left")
                self._anomaly(
                    "pupil_left",
                    f"Élève {pupil} (ELEVE_ID {pupil.siecle_id}) absent du nouvel "
                    f"export : marqué sorti le {self.today:%d/%m/%Y}.",
                    pupil.siecle_id,
                )

        # Every current pupil has an account.
        needing = [
            pupil
            for pupil in existing.values()
            if pupil.account_id is None
            and self._is_current(pupil.left_on)
            and (pupil.pk is None or pupil.pk in seen)
        ]
        users = self._create_accounts(
            [(p.first_name, p.display_last_name, User.Profile.ELEVE, None) for p in needing]
        )
        for pupil, user in zip(needing, users, strict=True):
            pupil.account = user
            if pupil.pk:
                to_update[pupil.pk] = pupil
                update_fields.add("account")
        self._write(Pupil, to_create, to_update.values(), update_fields, stamp=self.now)
        self._rename_accounts(renamed)
        self._close_unused_accounts(
            (
                pupil.account_id
                for pupil in existing.values()
                if pupil.account_id and not self._is_current(pupil.left_on)
            ),
            reason="pupil_left",
        )
