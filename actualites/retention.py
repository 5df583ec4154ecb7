"""What Informations erases (registered in ``ActualitesConfig.ready``): a news and its image
one year after its last day (``conf.expired_kept``), whatever its state."""

from __future__ import annotations

import datetime

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from core.retention import RetentionRule

from . import conf
from .models import News
from .versions import news_changed

BATCH = 1000


def _erase_expired(now: datetime.datetime) -> int:
    last_day = timezone.localtime(now).date() - conf.expired_kept()
    erased = 0
    while True:
        rows = list(
            News.objects.filter(expires_on__lt=last_day)
            .order_by("pk")
            .values_list("pk", "image")[:BATCH]
        )
        if not rows:
            break
        with transaction.atomic():
            News.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
            news_changed()
        for _, image in rows:
            if image:
                default_storage.delete(image)
        erased += len(rows)
    return erased


RULES = [
    RetentionRule(
        key="informations_expirees",
        description="informations (actualités de l'établissement) et leur image, un an après "
        "leur dernier jour de publication, qu'elles aient été publiées, refusées ou jamais "
        "validées",
        run=_erase_expired,
    )
]
