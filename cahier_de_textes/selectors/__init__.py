"""Reads of the cahier de textes. Every object is fetched among what the role may see (404
otherwise), and every page costs a fixed number of queries whatever the number of entries:
entries come with their subject and author in one query, attachments in one more, the visas of
the class in one, the « Fait » ticks as an annotation."""

from .common import Stamp, Visas, Week, parse_id, pupil_q, week_of
from .community import (
    attachment_for,
    community_establishments,
    community_structure,
    community_structures,
    structure_cahier,
    visa_subject,
)
from .family import cahier_news, homework_for_pupil, pupil_cahier, pupil_of
from .teaching import (
    entry_seances,
    own_homework,
    own_seance,
    service_cahier,
    service_of_entry,
    service_seances,
    teacher_service,
)

__all__ = [
    "Stamp",
    "Visas",
    "Week",
    "attachment_for",
    "cahier_news",
    "community_establishments",
    "community_structure",
    "community_structures",
    "entry_seances",
    "homework_for_pupil",
    "own_homework",
    "own_seance",
    "parse_id",
    "pupil_cahier",
    "pupil_of",
    "pupil_q",
    "service_cahier",
    "service_of_entry",
    "service_seances",
    "structure_cahier",
    "teacher_service",
    "visa_subject",
    "week_of",
]
