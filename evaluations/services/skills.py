"""Skill items of the socle commun and the levels the pupils reached, on the teacher's own
services."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import AuditAction
from accounts.models import TeachingService, User
from accounts.school import SchoolRole

from .. import messages as texts
from ..grid import resolve
from ..models import Devoir, Period, SkillItem, SkillLevel
from ..versions import notes_changed
from .common import audit, check_teaches
from .devoirs import check_period


@transaction.atomic
def skill_item_save(
    *,
    actor: User,
    role: SchoolRole,
    service: TeachingService,
    item: SkillItem | None,
    period: Period,
    component: str,
    label: str,
    date: datetime.date,
    visible_from: datetime.date,
    devoir: Devoir | None,
) -> SkillItem:
    check_teaches(role, service)
    check_period(service, period, date)
    notes_changed(service.establishment_id)
    if devoir is not None and devoir.service_id != service.pk:
        raise ValidationError({"devoir": texts.SKILL_DEVOIR_ELSEWHERE}, code="devoir")
    created = item is None
    if item is None:
        item = SkillItem(establishment_id=service.establishment_id, service=service)
    item.period = period
    item.component = component
    item.label = label.strip()
    item.date = date
    item.visible_from = visible_from
    item.devoir = devoir
    item.full_clean(exclude=["service", "establishment", "period", "devoir"])
    item.save()
    audit(
        AuditAction.NOTES_SKILL_CREATED if created else AuditAction.NOTES_SKILL_CHANGED,
        actor,
        item,
    )
    return item


@transaction.atomic
def skill_item_delete(*, actor: User, role: SchoolRole, item: SkillItem) -> None:
    check_teaches(role, item.service)
    notes_changed(item.establishment_id)
    audit(AuditAction.NOTES_SKILL_DELETED, actor, item, label=item.label)
    item.delete()


class LevelCell:
    """A row of the levels grid, compared like a mark's cell (``grid.resolve``)."""

    def __init__(self, pupil_id: int, level: int | None, original: str):
        self.pupil_id = pupil_id
        self.level = level
        self.yours = (str(level or ""), "")
        self.before = (original, "")


@transaction.atomic
def levels_save(
    *,
    actor: User,
    role: SchoolRole,
    item: SkillItem,
    cells: list[LevelCell],
    pupil_ids: set[int],
) -> dict[int, tuple[str, str]]:
    """Writes the changed levels; returns the conflicts (cells changed meanwhile, kept)."""
    check_teaches(role, item.service)
    notes_changed(item.establishment_id)
    if any(cell.pupil_id not in pupil_ids for cell in cells):
        raise ValidationError(texts.PUPIL_NOT_IN_CLASS, code="not_in_class")
    stored = {
        level.pupil_id: level
        for level in SkillLevel.objects.select_for_update().filter(
            item=item, pupil_id__in=[cell.pupil_id for cell in cells]
        )
    }
    current = {pk: (str(level.level), "") for pk, level in stored.items()}
    writes, conflicts = resolve(current, cells)
    now = timezone.now()
    created, changed, deleted = [], [], []
    for cell in writes:
        row = stored.get(cell.pupil_id)
        if cell.level is None:
            if row is not None:
                deleted.append(row.pk)
        elif row is None:
            created.append(
                SkillLevel(item=item, pupil_id=cell.pupil_id, level=cell.level, updated_at=now)
            )
        else:
            row.level, row.updated_at = cell.level, now
            changed.append(row)
    if created:
        SkillLevel.objects.bulk_create(created)
    if changed:
        SkillLevel.objects.bulk_update(changed, ["level", "updated_at"])
    if deleted:
        SkillLevel.objects.filter(pk__in=deleted).delete()
    if created or changed or deleted:
        audit(
            AuditAction.NOTES_LEVELS_SAVED,
            actor,
            item,
            created=len(created),
            changed=len(changed),
            deleted=len(deleted),
        )
    return conflicts
