"""What the daily sweep erases of recovery."""

from __future__ import annotations

from core import retention

from .. import conf
from ..models import PasswordResetToken

RULES = [
    retention.RetentionRule(
        key="liens_mot_de_passe_expires",
        description="Liens « mot de passe oublié » : supprimés un jour après leur expiration (valables "
        "1 heure). Les demandes d'accès de secours sont gardées pour le suivi du secrétariat.",
        run=lambda now: retention.delete_in_batches(
            PasswordResetToken.objects.filter(expires_at__lt=now - conf.PASSWORD_RESET_KEEP)
        ),
        order=31,
    ),
]
