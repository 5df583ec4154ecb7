"""Helpers of the retention tests: the daily sweep (or its account rules alone, in batches) and
letters that expired."""

import datetime

from django.utils import timezone

from accounts.lifecycle import accounts_sweep
from accounts.models import Pupil
from activation.services.retention import EMAIL_NOT_CONFIRMED, LETTER_EXPIRED
from core.retention import sweep_daily
from tests.factories import LetterFactory


def sweep_run(*, batch_size=None, now=None):
    """The daily sweep; with ``batch_size``, the two account rules alone in batches of that size."""
    if batch_size is None:
        return sweep_daily(now=now)
    now = now or timezone.now()
    return {
        "comptes_courrier_expire": accounts_sweep(
            rule=LETTER_EXPIRED, now=now, batch_size=batch_size
        ),
        "comptes_non_confirmes": accounts_sweep(
            rule=EMAIL_NOT_CONFIRMED, now=now, batch_size=batch_size
        ),
    }


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)


def expired_letter(establishment, **kwargs):
    return LetterFactory(
        pupil__establishment=establishment,
        created_at=days_ago(100),
        expires_at=days_ago(8),
        **kwargs,
    )


def link_pupil(letter):
    """The roster import ties the child's record to the account, as in real life."""
    Pupil.objects.filter(pk=letter.pupil_id).update(account=letter.account)
