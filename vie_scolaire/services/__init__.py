"""Writes of the vie scolaire: each function is one transaction, checks who acts through
``accounts.school``, calls ``full_clean`` and writes its audit record."""

from .events import event_create, event_update
from .justifications import absence_declare, justification_answer, justification_submit
from .notices import family_notices_send_due
from .roll_call import Mark, roll_call_take

__all__ = [
    "Mark",
    "absence_declare",
    "event_create",
    "event_update",
    "family_notices_send_due",
    "justification_answer",
    "justification_submit",
    "roll_call_take",
]
