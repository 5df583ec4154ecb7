"""The grid of a devoir's marks as the teacher's form posts it, one row per pupil:

* ``note-<pupil>``: a mark (``12,5`` or ``12.5``) or a status (Abs, Disp, NN, NR), or nothing;
* ``comm-<pupil>``: the comment on the mark;
* ``orig-<pupil>`` and ``origcomm-<pupil>``: what the cell held when the form was loaded (hidden),
  so a save never replaces silently a mark changed meanwhile in another tab (docs/notes.md).

Reading it changes nothing: ``read_grid`` returns the cells or the errors of each row."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from . import conf
from . import messages as texts

STATUS_WORDS = {
    "abs": "ABS",
    "absent": "ABS",
    "disp": "DISP",
    "dispense": "DISP",
    "dispensé": "DISP",
    "nn": "NN",
    "non noté": "NN",
    "non note": "NN",
    "nr": "NR",
    "non rendu": "NR",
}
STATUS_SHORT = {"ABS": "Abs", "DISP": "Disp", "NN": "NN", "NR": "NR"}


def canonical(value: Decimal | None, status: str) -> str:
    """How a cell is compared: the status code, the number without trailing zeros, or ''."""
    if status:
        return status
    if value is None:
        return ""
    return f"{value.normalize():f}"


def shown(value: Decimal | None, status: str) -> str:
    """How a cell is written for people: « 12,5 », « Abs »."""
    if status:
        return STATUS_SHORT.get(status, status)
    if value is None:
        return ""
    return texts.number(value)


def parse_mark(text: str, out_of: Decimal) -> tuple[Decimal | None, str]:
    """``(value, status)`` of what was typed; ``ValueError`` with the French message if it is
    not a mark of this devoir."""
    cleaned = " ".join(text.strip().lower().split())
    if "\x00" in cleaned:
        raise ValueError(str(texts.MARK_UNREADABLE % {"value": "?"}))
    if not cleaned:
        return None, ""
    if cleaned in STATUS_WORDS:
        return None, STATUS_WORDS[cleaned]
    try:
        value = Decimal(cleaned.replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise ValueError(str(texts.MARK_UNREADABLE % {"value": text.strip()[:20]})) from None
    if not value.is_finite():
        raise ValueError(str(texts.MARK_UNREADABLE % {"value": text.strip()[:20]}))
    if value < 0:
        raise ValueError(str(texts.MARK_NEGATIVE))
    if value > out_of:
        raise ValueError(
            str(
                texts.MARK_ABOVE_MAX
                % {"value": texts.number(value), "out_of": texts.number(out_of)}
            )
        )
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(str(texts.MARK_PRECISION))
    return value.quantize(Decimal("0.01")), ""


@dataclass
class Cell:
    pupil_id: int
    text: str
    value: Decimal | None = None
    status: str = ""
    comment: str = ""
    original: str = ""
    original_comment: str = ""

    @property
    def yours(self) -> tuple[str, str]:
        return canonical(self.value, self.status), self.comment

    @property
    def before(self) -> tuple[str, str]:
        return self.original, self.original_comment


@dataclass
class ReadGrid:
    cells: list[Cell] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)
    foreign: bool = False  # a posted row of a pupil who is not in the class

    @property
    def ok(self) -> bool:
        return not self.errors and not self.foreign


def _pupil_of(key: str, prefix: str) -> int | None:
    rest = key[len(prefix) :]
    return int(rest) if rest.isdigit() and len(rest) < 19 else None


def posted_pupils(data: Any, prefixes: tuple[str, ...]) -> tuple[set[int], bool]:
    """The pupils a grid posts a row for; ``True`` if a key names no pupil at all."""
    found: set[int] = set()
    broken = False
    for key in data:
        for prefix in prefixes:
            if key.startswith(prefix):
                pupil = _pupil_of(key, prefix)
                if pupil is None:
                    broken = True
                else:
                    found.add(pupil)
    return found, broken


def read_grid(data: Any, *, out_of: Decimal, pupil_ids: set[int]) -> ReadGrid:
    grid = ReadGrid()
    posted, broken = posted_pupils(data, ("note-", "comm-", "orig-", "origcomm-"))
    grid.foreign = broken or bool(posted - pupil_ids)
    limit = conf.comment_max_length()
    for pupil_id in sorted(posted & pupil_ids):
        if f"note-{pupil_id}" not in data:
            continue
        text = data.get(f"note-{pupil_id}", "")[:40]
        cell = Cell(
            pupil_id=pupil_id,
            text=text,
            comment=" ".join(data.get(f"comm-{pupil_id}", "").split()),
            original=data.get(f"orig-{pupil_id}", "")[:20],
            original_comment=" ".join(data.get(f"origcomm-{pupil_id}", "").split()),
        )
        try:
            cell.value, cell.status = parse_mark(text, out_of)
        except ValueError as error:
            grid.errors[pupil_id] = str(error)
        if "\x00" in cell.comment or "\x00" in cell.original_comment:
            grid.errors[pupil_id] = str(texts.COMMENT_INVALID)
            cell.comment = cell.original_comment = ""
        elif len(cell.comment) > limit:
            grid.errors[pupil_id] = str(texts.COMMENT_TOO_LONG % {"limit": limit})
        elif cell.comment and cell.value is None and not cell.status:
            grid.errors.setdefault(pupil_id, str(texts.COMMENT_WITHOUT_MARK))
        grid.cells.append(cell)
    return grid


def resolve(
    current: dict[int, tuple[str, str]], cells: list[Any]
) -> tuple[list[Any], dict[int, tuple[str, str]]]:
    """Per cell, last write wins — unless the cell changed since the form was loaded and the
    teacher typed something else: then it is a conflict, and the stored cell stays.

    ``current``: pupil → the stored cell; returns the cells to write and the conflicts
    (pupil → the stored cell)."""
    writes, conflicts = [], {}
    empty = ("", "")
    for cell in cells:
        now = current.get(cell.pupil_id, empty)
        if cell.yours == cell.before or cell.yours == now:
            continue  # untouched by this tab, or already what it says
        if now != cell.before:
            conflicts[cell.pupil_id] = now
            continue
        writes.append(cell)
    return writes, conflicts
