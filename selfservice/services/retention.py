"""What the daily sweep erases of Mon compte."""

from __future__ import annotations

from core import retention

from ..models import EmailChangeRequest

RULES = [
    retention.RetentionRule(
        key="changements_courriel_expires",
        description="Demandes de changement d'adresse électronique : supprimées à l'expiration de "
        "leur lien (7 jours). Les regroupements de comptes sont gardés (le secrétariat peut les annuler).",
        run=lambda now: retention.delete_in_batches(
            EmailChangeRequest.objects.filter(expires_at__lte=now)
        ),
        order=40,
    ),
]
