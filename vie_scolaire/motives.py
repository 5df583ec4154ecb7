"""The default list of motives each establishment starts with (then edited in the admin)."""

from __future__ import annotations

from typing import Any

DEFAULT_MOTIVES = (
    ("Maladie", True),
    ("Rendez-vous médical", True),
    ("Raison familiale", True),
    ("Convocation officielle", True),
    ("Problème de transport", True),
    ("Panne de réveil", False),
    ("Convenance personnelle", False),
    ("Autre", True),
)


def default_motives_create(motive_model: Any, establishment_id: int) -> None:
    """Creates the default motives an establishment lacks (idempotent, one query)."""
    motive_model.objects.bulk_create(
        [
            motive_model(
                establishment_id=establishment_id, label=label, is_valid_reason=valid, order=order
            )
            for order, (label, valid) in enumerate(DEFAULT_MOTIVES)
        ],
        ignore_conflicts=True,
    )


def establishment_created(
    sender: Any, instance: Any, created: bool, raw: bool = False, **kw: Any
) -> None:
    if created and not raw:
        from .models import Motive

        default_motives_create(Motive, instance.pk)
