"""A message that does not go out keeps no secret: erased when it fails for good or when what it
carries expires; failed rows purged after a bounded time."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from outbox import conf
from outbox.models import OutboxMessage
from outbox.services import (
    ERASED_FAILED_BODY,
    attachment,
    outbox_deliver,
    outbox_due_ids,
    outbox_enqueue,
    outbox_purge,
)
from recovery.models import PasswordResetToken
from recovery.services.recovery import password_reset_process
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def reset_mail(key="reset", **kwargs):
    return outbox_enqueue(
        idempotency_key=key,
        to="sophie@example.org",
        subject="Réinitialisation",
        body="Votre lien : https://ent.example.fr/recuperation/lien/SECRET/",
        html_body="<a href='https://ent.example.fr/recuperation/lien/SECRET/'>lien</a>",
        attachments=[attachment("courrier.pdf", b"%PDF mot de passe DCBRJDWH", "application/pdf")],
        **kwargs,
    )


def assert_erased(message):
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert "SECRET" not in message.body and message.body == ERASED_FAILED_BODY
    assert message.html_body == "" and message.attachments == []


def test_a_message_that_fails_for_good_is_erased(settings, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    message = reset_mail()
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=conf.OUTBOX_MAX_ATTEMPTS - 1)
    outbox_deliver(message_id=message.pk)
    assert_erased(message)


def test_a_message_whose_link_expired_is_not_sent_and_is_erased(mailoutbox):
    message = reset_mail(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert outbox_deliver(message_id=message.pk).sent is False
    assert mailoutbox == []
    assert_erased(message)


def test_the_flush_erases_pending_messages_whose_link_expired(mailoutbox):
    message = reset_mail(expires_at=timezone.now() + datetime.timedelta(minutes=60))
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() + datetime.timedelta(hours=2)
    )
    later = timezone.now() + datetime.timedelta(minutes=61)
    assert outbox_due_ids(now=later) == []
    assert_erased(message)


def test_failed_rows_are_purged_after_a_bounded_time():
    old = reset_mail("old")
    recent = reset_mail("recent")
    OutboxMessage.objects.filter(pk__in=[old.pk, recent.pk]).update(
        status=OutboxMessage.Status.FAILED
    )
    OutboxMessage.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - conf.OUTBOX_KEEP_FAILED - datetime.timedelta(days=1)
    )
    assert outbox_purge() == 1
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [recent.pk]


def test_a_password_reset_mail_carries_its_links_life():
    """The recovery flow hands the outbox the reset link's expiry."""
    account = UserFactory(username="s.martin", email="sophie@example.org")
    EmailAddress.objects.create(user=account, email=account.email, verified=True, primary=True)
    password_reset_process(identifier="s.martin", channel="email", ip="192.0.2.1", attempt="a")
    reset = PasswordResetToken.objects.get()
    assert OutboxMessage.objects.get().expires_at == reset.expires_at
