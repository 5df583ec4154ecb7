"""Saving a devoir's grid of marks: one transaction, a fixed number of queries whatever the
size of the class (read the stored cells, one bulk insert, one bulk update, one delete, the
audit record)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import AuditAction
from accounts.models import User
from accounts.school import SchoolRole

from .. import messages as texts
from ..grid import Cell, canonical, resolve
from ..models import Devoir, Mark
from ..versions import notes_changed
from .common import audit, check_teaches


@dataclass
class GridResult:
    written: int = 0
    # pupil → the stored cell (canonical mark, comment) the save did not replace.
    conflicts: dict[int, tuple[str, str]] = field(default_factory=dict)


@transaction.atomic
def marks_save(
    *,
    actor: User,
    role: SchoolRole,
    devoir: Devoir,
    cells: Sequence[Cell],
    pupil_ids: set[int],
) -> GridResult:
    """Writes the grid's changed cells (``grid.read_grid`` read them; ``pupil_ids``: the class's
    pupils). A cell changed since the form was loaded is a conflict: left as stored, reported."""
    check_teaches(role, devoir.service)
    notes_changed(devoir.establishment_id)
    if any(cell.pupil_id not in pupil_ids for cell in cells):
        raise ValidationError(texts.PUPIL_NOT_IN_CLASS, code="not_in_class")
    stored = {
        mark.pupil_id: mark
        for mark in Mark.objects.select_for_update()
        .filter(devoir=devoir, pupil_id__in=[cell.pupil_id for cell in cells])
        .only("pk", "pupil_id", "value", "status", "comment")
    }
    current = {pk: (canonical(m.value, m.status), m.comment) for pk, m in stored.items()}
    writes, conflicts = resolve(current, list(cells))
    now = timezone.now()
    created, changed, deleted = [], [], []
    for cell in writes:
        mark = stored.get(cell.pupil_id)
        if cell.value is None and not cell.status:
            if mark is not None:
                deleted.append(mark.pk)
            continue
        if mark is None:
            mark = Mark(devoir=devoir, pupil_id=cell.pupil_id)
            created.append(mark)
        else:
            changed.append(mark)
        mark.value, mark.status, mark.comment, mark.updated_at = (
            cell.value,
            cell.status,
            cell.comment,
            now,
        )
    if created:
        Mark.objects.bulk_create(created)
    if changed:
        Mark.objects.bulk_update(changed, ["value", "status", "comment", "updated_at"])
    if deleted:
        Mark.objects.filter(pk__in=deleted).delete()
    written = len(created) + len(changed) + len(deleted)
    if written:
        audit(
            AuditAction.NOTES_MARKS_SAVED,
            actor,
            devoir,
            created=len(created),
            changed=len(changed),
            deleted=len(deleted),
            conflicts=len(conflicts),
        )
    return GridResult(written=written, conflicts=conflicts)
