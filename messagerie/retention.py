"""What Mes courriels erases (registered in ``MessagerieConfig.ready``)."""

from __future__ import annotations

import datetime

from django.db.models import Q

from accounts.models import User
from core.retention import RetentionRule

from .models import Contact
from .services import trash_sweep

GONE_KEPT = datetime.timedelta(days=365)


def _erase_gone_contacts(now: datetime.datetime) -> int:
    """Carnet entries naming an account closed (a regroupement) or expired for a year: they
    could only ever say « plus joignable ». Lists lose such members."""
    gone = User.objects.filter(
        state__in=[User.State.CLOSED, User.State.EXPIRED], state_changed_at__lt=now - GONE_KEPT
    ).values("pk")
    erased, _ = Contact.objects.filter(Q(person__in=gone)).delete()
    members, _ = Contact.members.through.objects.filter(user__in=gone).delete()
    return erased + members


RULES = [
    RetentionRule(
        key="corbeilles_videes",
        description="messages de Mes courriels placés dans la corbeille, 30 jours après (le "
        "message lui-même et ses pièces jointes quand plus aucune boîte ne le garde)",
        run=trash_sweep,
    ),
    RetentionRule(
        key="carnet_comptes_fermes",
        description="contacts des carnets d'adresses (et membres des listes) qui nomment un "
        "compte fermé ou expiré depuis un an",
        run=_erase_gone_contacts,
    ),
]
