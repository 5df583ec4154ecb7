"""The demo collège's bureaus (``core.demo`` step): the demo parent, pupil and teacher each find
a few notes, tasks (one overdue, one done) and favoris (applications pinned from their "Mes
applications" and a link), so Mon bureau is alive. Idempotent: an account that already has
something in its bureau is left as it is."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.demo import DemoStep, DemoWorld

from . import services
from .models import Favorite, Note, Task

# Per profile: notes (title, text), tasks (title, days from today or None, done), applications
# to pin (those the profile does not see are skipped), links (title, address).
BUREAUS: dict[str, dict[str, list[Any]]] = {
    "parent": {
        "notes": [
            (
                "Réunion parents-professeurs",
                "Jeudi 18 h, salle 12.\nDemander le carnet de liaison.",
            ),
            ("Fournitures", "Compas, calculatrice, cahier 24 × 32 grands carreaux."),
        ],
        "tasks": [
            ("Signer le carnet de liaison", -1, False),
            ("Payer la cantine", 5, False),
            ("Rendre l'autorisation de sortie", -3, True),
        ],
        "pins": ["pronote", "teleservices", "mes-courriels"],
        "links": [
            ("Calendrier scolaire", "https://www.education.gouv.fr/calendrier-scolaire-100148")
        ],
    },
    "pupil": {
        "notes": [("Idées d'exposé", "Les volcans d'Auvergne, ou le Futuroscope ?")],
        "tasks": [
            ("Exercices de mathématiques p. 42", -1, False),
            ("Réviser l'histoire", 3, False),
            ("Lire le chapitre 3", None, True),
        ],
        "pins": ["cahier-de-textes", "pronote", "sacoche"],
        "links": [("Dictionnaire Le Robert", "https://dictionnaire.lerobert.com/")],
    },
    "teacher": {
        "notes": [
            ("Conseil de classe", "Préparer les appréciations du 1er trimestre."),
            ("Sortie au Futuroscope", "Autorisations : 18 sur 26 reçues."),
        ],
        "tasks": [
            ("Corriger les copies de 4e B", -2, False),
            ("Préparer la sortie", 7, False),
            ("Saisir les notes", None, True),
        ],
        "pins": ["pronote", "consultation-cahier-de-textes", "portail-cdi"],
        "links": [("Éduscol", "https://eduscol.education.gouv.fr/")],
    },
}


def _has_a_bureau(user: Any) -> bool:
    return any(model.objects.filter(owner=user).exists() for model in (Note, Task, Favorite))


@transaction.atomic
def _fill(user: Any, bureau: dict[str, list[Any]], today: datetime.date) -> int:
    written = 0
    for title, text in bureau["notes"]:
        services.note_create(owner=user, title=title, text=text)
        written += 1
    for title, days, done in bureau["tasks"]:
        due_on = None if days is None else today + datetime.timedelta(days=days)
        task = services.task_create(owner=user, title=title, due_on=due_on)
        if done:
            services.task_toggle(task=task)
        written += 1
    for slug in bureau["pins"]:
        try:
            services.favorite_pin(owner=user, slug=slug)
        except ValidationError:  # not offered to this profile in this catalogue
            continue
        written += 1
    for title, url in bureau["links"]:
        services.favorite_link_create(owner=user, title=title, url=url)
        written += 1
    return written


def demo_bureau(world: DemoWorld) -> str:
    pupil = world.children[0] if world.children else None
    accounts = {
        "parent": world.parent,
        "pupil": getattr(pupil, "account", None),
        "teacher": getattr(world.teacher, "account", None),
    }
    filled = [
        who
        for who, user in accounts.items()
        if user is not None and not _has_a_bureau(user) and _fill(user, BUREAUS[who], world.today)
    ]
    if not filled:
        return "Bureau de démonstration : déjà en place."
    return (
        "Bureau de démonstration : notes, tâches et favoris pour "
        + ", ".join(
            {"parent": "le parent", "pupil": "l'élève", "teacher": "le professeur"}[who]
            for who in filled
        )
        + "."
    )


DEMO_STEP = DemoStep(key="bureau", run=demo_bureau, order=70)
