"""Writes of the livret scolaire: the bilans périodiques (``bilans``: a teacher's part of a
class's bilans, the direction's general part and the lock) and the bilans de fin de cycle
(``cycle``). Views and other apps call them from here."""

from .bilans import (
    RowInput,
    bilan_general_save,
    bilan_lock,
    general_errors,
    row_error,
    subject_sheet_save,
)
from .cycle import cycle_bilan_lock, cycle_bilan_save, cycle_errors, cycle_of

__all__ = [
    "RowInput",
    "bilan_general_save",
    "bilan_lock",
    "cycle_bilan_lock",
    "cycle_bilan_save",
    "cycle_errors",
    "cycle_of",
    "general_errors",
    "row_error",
    "subject_sheet_save",
]
