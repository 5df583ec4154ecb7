"""What the daily sweep erases of the paired devices."""

from __future__ import annotations

import datetime

from django.db.models import Q

from core import retention

from .. import conf
from ..models import Device, DevicePairing


def _ended_devices(now: datetime.datetime) -> int:
    kept = conf.ENDED_DEVICE_KEPT
    return retention.delete_in_batches(
        Device.objects.filter(
            Q(revoked_at__lte=now - kept)
            | Q(last_used_at__lte=now - conf.device_idle_lifetime() - kept)
            | Q(paired_at__lte=now - conf.device_max_lifetime() - kept)
        )
    )


RULES = [
    retention.RetentionRule(
        key="appairages_expires",
        description="Appairages de téléphones (QR code de « Connecter mon téléphone », valable "
        "10 minutes) : supprimés un jour après leur expiration, qu'ils aient servi ou non.",
        run=lambda now: retention.delete_in_batches(
            DevicePairing.objects.filter(expires_at__lte=now - conf.PAIRING_KEPT)
        ),
        order=45,
    ),
    retention.RetentionRule(
        key="appareils_deconnectes",
        description="Appareils connectés : supprimés 30 jours après leur déconnexion (depuis "
        "« Mes appareils », changement de mot de passe, déconnexion de partout) ou après la fin "
        "de leur session (90 jours sans utilisation, un an après l'appairage).",
        run=_ended_devices,
        order=46,
    ),
]
