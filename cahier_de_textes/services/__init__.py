"""Writes of the cahier de textes: a teacher's séances and travail à faire on their teaching
services, a pupil's « Fait », the direction's visa. Each write checks who may do it (from
``accounts.school``), validates, writes the audit record and nothing else; a refusal is a French
``ValidationError`` and writes nothing."""

from .common import NewAttachment, content_to_html, visa_up_to
from .homework import homework_create, homework_delete, homework_done_set, homework_update
from .seances import seance_copy, seance_create, seance_delete, seance_update
from .visas import visa_give

__all__ = [
    "NewAttachment",
    "content_to_html",
    "homework_create",
    "homework_delete",
    "homework_done_set",
    "homework_update",
    "seance_copy",
    "seance_create",
    "seance_delete",
    "seance_update",
    "visa_give",
    "visa_up_to",
]
