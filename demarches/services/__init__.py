"""Writes of the démarches (each audits itself)."""

from .bourse import (
    bourse_accept,
    bourse_ask_missing_piece,
    bourse_draft_save,
    bourse_refuse,
    bourse_submit,
)
from .campaigns import campaign_notify_run, campaign_notify_start, campaign_remind
from .orientation import (
    orientation_council_answer,
    orientation_decide,
    orientation_family_answer,
    orientation_save,
)

__all__ = [
    "bourse_accept",
    "bourse_ask_missing_piece",
    "bourse_draft_save",
    "bourse_refuse",
    "bourse_submit",
    "campaign_notify_run",
    "campaign_notify_start",
    "campaign_remind",
    "orientation_council_answer",
    "orientation_decide",
    "orientation_family_answer",
    "orientation_save",
]
