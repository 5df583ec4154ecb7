"""What the CAS server erases (registered in ``SsoConfig.ready``)."""

from __future__ import annotations

import datetime

from django.db.models import Q

from core.retention import RetentionRule, delete_in_batches

from . import conf
from .models import ServiceTicket


def _forget_tickets(now: datetime.datetime) -> int:
    # A ticket never validated is useless once expired. A validated one only serves the single
    # logout of its session: kept until the logout request is sent (or the service has single
    # logout off), at most as long as a portal session can live.
    done = (
        Q(validated_at__isnull=True)
        | Q(service__single_logout=False)
        | Q(logout_sent_at__isnull=False)
    )
    return delete_in_batches(
        ServiceTicket.objects.filter(
            Q(expires_at__lt=now) & done | Q(created_at__lt=now - conf.sso_ticket_retention())
        )
    )


RULES = [
    RetentionRule(
        key="tickets_cas",
        description="tickets de service CAS : dès leur expiration (quelques secondes) s'ils n'ont "
        "pas été validés ; validés, après l'envoi de la déconnexion unique à l'application, au "
        "plus tard 365 jours après leur émission",
        run=_forget_tickets,
    )
]
