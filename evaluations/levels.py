"""The grid of a skill item's levels as the teacher's form posts it: ``niveau-<pupil>`` (1 to 4,
or nothing) and ``orig-<pupil>`` (the level when the form was loaded)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import messages as texts
from .grid import posted_pupils
from .services.skills import LevelCell


@dataclass
class ReadLevels:
    cells: list[LevelCell] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)
    foreign: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not self.foreign


def read_levels(data: Any, *, pupil_ids: set[int]) -> ReadLevels:
    read = ReadLevels()
    posted, broken = posted_pupils(data, ("niveau-", "orig-"))
    read.foreign = broken or bool(posted - pupil_ids)
    for pupil_id in sorted(posted & pupil_ids):
        if f"niveau-{pupil_id}" not in data:
            continue
        text = data.get(f"niveau-{pupil_id}", "").strip()
        original = data.get(f"orig-{pupil_id}", "")[:2]
        if text in {"", "1", "2", "3", "4"}:
            read.cells.append(LevelCell(pupil_id, int(text) if text else None, original))
        else:
            read.errors[pupil_id] = str(texts.LEVEL_UNREADABLE)
    return read
