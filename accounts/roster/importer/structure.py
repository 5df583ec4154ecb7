"""The teaching structure of the roster import: subjects (STS nomenclature), groups (STS
``GROUPES`` and the pupils' structures of type G in SIECLE), teaching services (STS ``SERVICE``
of each class and group) and who belongs to which group.

Like the other phases, every existing row is read once and written back in bulk. A service
missing from a later STS export is marked ended (``active`` false), never deleted: the cahier
de textes, the roll calls and the marks written on it stay; it comes back to life if the service
reappears.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from accounts.models import Pupil, StaffMember, Subject, TeachingGroup, TeachingService

from .. import siecle
from .base import ImporterBase, _changed_fields


def subject_label(record: siecle.SubjectRecord) -> str:
    """How the subject is shown: STS's ``LIBELLE_EDITION`` (« Anglais LV1 ») when there is one;
    else the long label, an upper-case one in sentence case (« ANGLAIS LV1 » → « Anglais LV1 »);
    else the code."""
    if record.edition_label:
        return record.edition_label[:80]
    label = record.long_label or record.short_label or record.code
    if label != label.upper():
        return label[:80]
    words = []
    for index, word in enumerate(label.lower().split()):
        if re.fullmatch(r"[a-z]+\d+", word):
            word = word.upper()  # LV1, LV2
        elif index == 0:
            word = word[:1].upper() + word[1:]
        words.append(word)
    return " ".join(words)[:80]


class StructurePhase(ImporterBase):
    """Subjects, groups and services of an STS export; the pupils' groups of a SIECLE export."""

    def import_structure(
        self, export: siecle.StsExport, staff_by_sts_id: dict[str, StaffMember]
    ) -> None:
        subjects = self._sync_subjects(export)
        groups = self._sync_groups(
            {record.code: record for record in export.groups}, count_unchanged=True
        )
        self._sync_services(export, staff_by_sts_id, subjects, groups)

    # --- subjects ----------------------------------------------------------------------------

    def _sync_subjects(self, export: siecle.StsExport) -> dict[str, Subject]:
        existing = {s.code: s for s in Subject.objects.filter(establishment=self.establishment)}
        records = {record.code: record for record in export.subjects}
        for service in export.services:
            if service.subject_code not in records and service.subject_code not in existing:
                self._anomaly(
                    "unknown_subject",
                    f"Matière {service.subject_code} d'un service de "
                    f"« {service.structure_code} » absente de la nomenclature du fichier : "
                    "créée avec son code pour libellé.",
                    service.subject_code,
                )
                records[service.subject_code] = siecle.SubjectRecord(
                    code=service.subject_code, management_code="", short_label="", long_label=""
                )
        to_create, to_update, fields = [], [], set()
        for code, record in records.items():
            values = {
                "management_code": record.management_code[:10],
                "short_label": record.short_label[:40],
                "long_label": record.long_label[:80],
                "label": subject_label(record),
            }
            subject = existing.get(code)
            if subject is None:
                subject = Subject(establishment=self.establishment, code=code[:6], **values)
                existing[code] = subject
                to_create.append(subject)
                self.counts.bump("subjects", "created")
                continue
            if subject.label != code and not record.long_label and not record.edition_label:
                values = {}  # a service-only code: keep the label the nomenclature gave before
            changed = _changed_fields(subject, values)
            if changed:
                for name in changed:
                    setattr(subject, name, values[name])
                to_update.append(subject)
                fields.update(changed)
                self.counts.bump("subjects", "updated")
            else:
                self.counts.bump("subjects", "unchanged")
        self._write(Subject, to_create, to_update, fields)
        return existing

    # --- groups ------------------------------------------------------------------------------

    def _sync_groups(
        self, records: dict[str, siecle.GroupRecord], *, count_unchanged: bool
    ) -> dict[str, TeachingGroup]:
        """Creates or updates the groups of ``records`` (label, classes they draw from)."""
        wanted_divisions: dict[str, Counter[str]] = {
            code: Counter()
            for record in records.values()
            for code in record.division_codes
            if code not in self._divisions()
        }
        if wanted_divisions:
            self._ensure_divisions(wanted_divisions, count_unchanged=False)
        divisions = self._divisions()
        existing = self._groups()
        to_create, to_update = [], []
        for code, record in records.items():
            group = existing.get(code)
            label = (record.label or code)[:100]
            if group is None:
                group = TeachingGroup(establishment=self.establishment, code=code[:20], label=label)
                existing[code] = group
                to_create.append(group)
                self.counts.bump("groups", "created")
            elif record.label and group.label != label:
                group.label = label
                to_update.append(group)
                self.counts.bump("groups", "updated")
            elif count_unchanged:
                self.counts.bump("groups", "unchanged")
        self._write(TeachingGroup, to_create, to_update, {"label"})
        through = TeachingGroup.divisions.through
        wanted = {
            (existing[code].pk, divisions[division_code].pk)
            for code, record in records.items()
            if record.division_codes
            for division_code in record.division_codes
        }
        # Only groups whose classes the file states are re-synced.
        stated = [existing[code].pk for code, record in records.items() if record.division_codes]
        self._sync_pairs(through, "teachinggroup_id", "division_id", stated, wanted)
        return existing

    def _groups(self) -> dict[str, TeachingGroup]:
        if self._groups_by_code is None:
            self._groups_by_code = {
                g.code: g for g in TeachingGroup.objects.filter(establishment=self.establishment)
            }
        return self._groups_by_code

    @staticmethod
    def _sync_pairs(
        through: Any, left: str, right: str, lefts: list[int], wanted: set[tuple[int, int]]
    ) -> tuple[int, int]:
        """Makes the rows of ``through`` for ``lefts`` exactly ``wanted``; (added, removed)."""
        rows = through.objects.filter(**{f"{left}__in": lefts}).values_list("pk", left, right)
        current = {(a, b): pk for pk, a, b in rows}
        stale = [pk for pair, pk in current.items() if pair not in wanted]
        if stale:
            through.objects.filter(pk__in=stale).delete()
        missing = sorted(wanted - set(current))
        through.objects.bulk_create([through(**{left: a, right: b}) for a, b in missing])
        return len(missing), len(stale)

    # --- services ----------------------------------------------------------------------------

    def _sync_services(
        self,
        export: siecle.StsExport,
        staff: dict[str, StaffMember],
        subjects: dict[str, Subject],
        groups: dict[str, TeachingGroup],
    ) -> None:
        divisions = self._divisions()
        missing_groups = {
            s.structure_code: siecle.GroupRecord(code=s.structure_code, label="")
            for s in export.services
            if s.kind == "G" and s.structure_code not in groups
        }
        if missing_groups:
            groups = self._sync_groups(missing_groups, count_unchanged=False)
        wanted: set[tuple[int, int, int | None, int | None]] = set()
        for service in export.services:
            teacher = staff.get(service.teacher_id)
            if teacher is None:
                continue  # reported by the staff phase ("unknown_teacher")
            structure = (
                divisions[service.structure_code].pk
                if service.kind == "D"
                else groups[service.structure_code].pk
            )
            wanted.add(
                (
                    teacher.pk,
                    subjects[service.subject_code].pk,
                    structure if service.kind == "D" else None,
                    structure if service.kind == "G" else None,
                )
            )
        existing = {
            (s.teacher_id, s.subject_id, s.division_id, s.group_id): s
            for s in TeachingService.objects.filter(establishment=self.establishment)
        }
        to_create = [
            TeachingService(
                establishment=self.establishment,
                teacher_id=teacher_id,
                subject_id=subject_id,
                division_id=division_id,
                group_id=group_id,
            )
            for teacher_id, subject_id, division_id, group_id in sorted(
                wanted - set(existing), key=str
            )
        ]
        to_update = []
        for key, service in existing.items():
            if service.active != (key in wanted):
                service.active = key in wanted
                to_update.append(service)
                self.counts.bump("services", "updated" if service.active else "left")
            elif key in wanted:
                self.counts.bump("services", "unchanged")
        self.counts.bump("services", "created", len(to_create))
        self._write(TeachingService, to_create, to_update, {"active"})

    # --- the pupils' groups (SIECLE) ---------------------------------------------------------

    def import_pupil_groups(self, export: siecle.PupilsExport) -> None:
        """Each current pupil of the file belongs to exactly the groups the file lists for them."""
        pupils = self._pupils()
        groups = self._sync_groups(
            {
                code: siecle.GroupRecord(code=code, label="")
                for record in export.pupils
                for code in record.group_codes
                if code not in self._groups()
            },
            count_unchanged=False,
        )
        members: list[Pupil] = [
            pupils[record.siecle_id]
            for record in export.pupils
            if record.siecle_id in pupils and pupils[record.siecle_id].pk
        ]
        wanted = {
            (groups[code].pk, pupils[record.siecle_id].pk)
            for record in export.pupils
            if record.siecle_id in pupils and self._is_current(record.left_on)
            for code in record.group_codes
        }
        added, removed = self._sync_pairs(
            TeachingGroup.pupils.through,
            "pupil_id",
            "teachinggroup_id",
            [pupil.pk for pupil in members],
            {(pupil_id, group_id) for group_id, pupil_id in wanted},
        )
        self.counts.bump("group_members", "created", added)
        self.counts.bump("group_members", "left", removed)
        self.counts.bump("group_members", "unchanged", len(wanted) - added)
