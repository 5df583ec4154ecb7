import datetime

import pytest
from django.utils import timezone

from activation.models import SmsCode
from core.tasks import sweep_daily
from recovery.models import PasswordResetToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_daily_sweep_deletes_dead_codes_and_links_only(settings):
    now = timezone.now()
    account = UserFactory()
    old = SmsCode.objects.create(
        purpose=SmsCode.Purpose.CREATION,
        phone="+33612345678",
        code_salt="s",
        code_hash="h",
        expires_at=now - datetime.timedelta(days=2),
    )
    live = SmsCode.objects.create(
        purpose=SmsCode.Purpose.CREATION,
        phone="+33612345678",
        code_salt="s",
        code_hash="h2",
        expires_at=now + datetime.timedelta(minutes=5),
    )
    PasswordResetToken.objects.create(
        account=account, token_hash="a" * 64, expires_at=now - datetime.timedelta(days=2)
    )
    PasswordResetToken.objects.create(
        account=account, token_hash="b" * 64, expires_at=now + datetime.timedelta(hours=1)
    )
    report = sweep_daily.delay().get()
    assert (report["codes_sms_expires"], report["liens_mot_de_passe_expires"]) == (1, 1)
    assert list(SmsCode.objects.all()) == [live]
    assert not SmsCode.objects.filter(pk=old.pk).exists()
    assert PasswordResetToken.objects.count() == 1
    assert settings.CELERY_BEAT_SCHEDULE["sweep-daily"]["task"] == "core.tasks.sweep_daily"
