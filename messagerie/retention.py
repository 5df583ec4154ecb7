"""What Mes courriels erases (registered in ``MessagerieConfig.ready``)."""

from __future__ import annotations

from core.retention import RetentionRule

from .services import trash_sweep

RULES = [
    RetentionRule(
        key="corbeilles_videes",
        description="messages de Mes courriels placés dans la corbeille, 30 jours après (le "
        "message lui-même et ses pièces jointes quand plus aucune boîte ne le garde)",
        run=trash_sweep,
    )
]
