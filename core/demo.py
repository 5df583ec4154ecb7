"""The demo collège comes alive: after ``manage.py load_demo`` has imported the demo roster and
made the demo accounts usable, each feature app fills its part (a term of cahier de textes, of
vie scolaire, mail, news…) through the step it registers here from its ``AppConfig.ready``.

A step must be idempotent: ``load_demo`` runs at every start of ``dev.py run``. It receives the
demo's actors and returns one line for the summary printed to the console.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DemoWorld:
    """Who the demo logins are (model instances of accounts; core knows no model)."""

    establishment: Any
    today: datetime.date
    parent: Any  # User of the demo parent
    children: list[Any]  # the demo parent's children (Pupil), the first one is the demo pupil
    teacher: Any  # StaffMember of the demo teacher
    education: Any  # StaffMember of the demo CPE (function EDU), or None
    direction: Any  # StaffMember of the demo principal (function DIR), or None
    secretary: Any  # User of the demo secretary


@dataclass(frozen=True)
class DemoStep:
    key: str
    run: Callable[[DemoWorld], str]
    order: int = 100


_STEPS: dict[str, DemoStep] = {}


def register(step: DemoStep) -> None:
    _STEPS[step.key] = step


def steps() -> list[DemoStep]:
    return sorted(_STEPS.values(), key=lambda step: (step.order, step.key))
