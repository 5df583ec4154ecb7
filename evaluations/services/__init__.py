"""Writes of the mark book: periods (checked before the admin saves them), devoirs, the grid of
marks, skill items and their levels. Each write checks who may write, runs in one transaction
and records its audit event."""

from .devoirs import devoir_delete, devoir_save
from .marks import GridResult, marks_save
from .periods import period_check
from .skills import levels_save, skill_item_delete, skill_item_save

__all__ = [
    "GridResult",
    "devoir_delete",
    "devoir_save",
    "levels_save",
    "marks_save",
    "period_check",
    "skill_item_delete",
    "skill_item_save",
]
