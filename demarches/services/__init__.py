"""Writes of the démarches (each audits itself)."""

from .bourse import (
    bourse_accept,
    bourse_ask_missing_piece,
    bourse_draft_save,
    bourse_refuse,
    bourse_submit,
)
from .campaigns import campaign_notify_run, campaign_notify_start, campaign_remind

__all__ = [
    "bourse_accept",
    "bourse_ask_missing_piece",
    "bourse_draft_save",
    "bourse_refuse",
    "bourse_submit",
    "campaign_notify_run",
    "campaign_notify_start",
    "campaign_remind",
]
