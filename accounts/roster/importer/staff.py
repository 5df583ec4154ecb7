"""The staff phase of the roster import (STS_EDT): staff members, leavers, their accounts, the
classes they teach and the classes they are professeur principal of."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db import models

from accounts.models import StaffMember, User

from .. import siecle
from .base import ImporterBase, _changed_fields, _invalid_fields


class StaffPhase(ImporterBase):
    """Creates, updates or marks as left the staff members, gives them accounts and syncs their
    classes (taught, and as professeur principal)."""

    def import_staff(self, export: siecle.StsExport) -> dict[str, StaffMember]:
        """Returns the staff members of the file by STS id (for the services)."""
        wanted: dict[str, Counter[str]] = {code: Counter() for code in export.teaching}
        for record in export.staff:
            for code in record.main_division_codes:
                wanted.setdefault(code, Counter())
        self._ensure_divisions(
            {code: levels for code, levels in wanted.items() if code not in self._divisions()},
            count_unchanged=False,
        )
        divisions = self._divisions()

        existing = {
            s.sts_id: s for s in StaffMember.objects.filter(establishment=self.establishment)
        }
        to_create: list[StaffMember] = []
        to_update: dict[str, StaffMember] = {}
        update_fields: set[str] = set()
        in_file: dict[str, StaffMember] = {}
        for record in export.staff:
            self._tick()
            label = f"{record.last_name} {record.first_name} (STS {record.sts_id})"
            if not record.last_name:
                self._anomaly(
                    "invalid_record",
                    f"Personnel {record.sts_id} ignoré : nom manquant.",
                    record.sts_id,
                )
                continue
            values: dict[str, Any] = {
                "sts_type": record.sts_type[:20],
                "civility": record.civility[:10],
                "last_name": record.last_name,
                "first_name": record.first_name,
                "birth_date": record.birth_date,
                "function": record.function
                if record.function in StaffMember.Function.values
                else "",
                "left_on": None,
            }
            member = existing.get(record.sts_id)
            changed = list(values) if member is None else _changed_fields(member, values)
            if changed:
                problem = _invalid_fields(
                    StaffMember(establishment=self.establishment, sts_id=record.sts_id, **values),
                    exclude=["establishment", "account"],
                )
                if problem:
                    self._anomaly(
                        "invalid_record", f"Personnel {label} ignoré : {problem}", record.sts_id
                    )
                    continue
            if member is None:
                member = StaffMember(
                    establishment=self.establishment, sts_id=record.sts_id, **values
                )
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
                self._anomaly(
                    "staff_left",
                    f"{member} (STS {sts_id}) absent du fichier STS : marqué parti le "
                    f"{self.today:%d/%m/%Y}.",
                    sts_id,
                )

        needing = [member for member in in_file.values() if member.account_id is None]
        users = self._create_accounts(
            [
                (
                    m.first_name,
                    m.last_name,
                    User.Profile.ENSEIGNANT
                    if m.function == StaffMember.Function.TEACHER
                    else User.Profile.PERSONNEL,
                    self.establishment,
                )
                for m in needing
            ]
        )
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
                    self._anomaly(
                        "unknown_teacher",
                        f"Enseignant STS {teacher_id} de la classe {code} absent "
                        "de la liste des personnels : ignoré.",
                        teacher_id,
                    )
        main = {
            record.sts_id: {divisions[code].pk for code in record.main_division_codes}
            for record in export.staff
            if record.sts_id in in_file
        }
        members = list(in_file.values())
        self._sync_m2m(
            StaffMember.divisions.through,
            members,
            {m.pk: teaching.get(m.sts_id, set()) for m in members},
        )
        self._sync_m2m(
            StaffMember.main_divisions.through,
            members,
            {m.pk: main.get(m.sts_id, set()) for m in members},
        )
        return in_file

    @staticmethod
    def _sync_m2m(
        through: type[models.Model], members: list[StaffMember], wanted: dict[int, set[int]]
    ) -> None:
        current: dict[int, set[int]] = defaultdict(set)
        stale: list[int] = []
        rows = through.objects.filter(staffmember_id__in=[m.pk for m in members]).values_list(
            "pk", "staffmember_id", "division_id"
        )
        for pk, member_pk, division_pk in rows:
            if division_pk in wanted.get(member_pk, set()):
                current[member_pk].add(division_pk)
            else:
                stale.append(pk)
        if stale:
            through.objects.filter(pk__in=stale).delete()
        through.objects.bulk_create(
            [
                through(staffmember_id=member_pk, division_id=division_pk)
                for member_pk, division_pks in wanted.items()
                for division_pk in sorted(division_pks - current[member_pk])
            ]
        )
