"""Reads of the mark book. Every object is fetched among what the role may see (404
otherwise), and every page costs a fixed number of queries whatever the number of pupils,
devoirs and marks."""

from .common import period_chosen, periods_of, policy_of, service_pupils
from .family import pupil_notes
from .teaching import (
    Readable,
    devoir_grid,
    devoir_of,
    item_grid,
    listed_services,
    mark_book,
    readable_service,
    service_devoirs,
    service_periods,
    skill_item_of,
)

__all__ = [
    "Readable",
    "devoir_grid",
    "devoir_of",
    "item_grid",
    "listed_services",
    "mark_book",
    "period_chosen",
    "periods_of",
    "policy_of",
    "pupil_notes",
    "readable_service",
    "service_devoirs",
    "service_periods",
    "service_pupils",
    "skill_item_of",
]
