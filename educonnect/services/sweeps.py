from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from core import retention

from ..models import PasswordResetToken, SmsCode

# Kept a day after expiry so the audit trail and support can still see recent attempts.
KEEP = datetime.timedelta(days=1)


@transaction.atomic
def codes_sweep(*, now: datetime.datetime | None = None) -> int:
    limit = (now or timezone.now()) - KEEP
    codes, _ = SmsCode.objects.filter(expires_at__lt=limit).delete()
    tokens, _ = PasswordResetToken.objects.filter(expires_at__lt=limit).delete()
    return codes + tokens


RULES = [
    retention.RetentionRule(
        key="codes_et_liens_expires",
        description="Codes SMS et liens « mot de passe oublié » : supprimés un jour après leur "
        "expiration (10 minutes pour un code, 1 heure pour un lien).",
        run=lambda now: codes_sweep(now=now),
        order=30,
    ),
]
