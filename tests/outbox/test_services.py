import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from outbox.models import OutboxMessage
from outbox.services import ERASED_BODY, outbox_deliver, outbox_due_ids, outbox_enqueue
from outbox.tasks import outbox_flush, send_outbox_message
from tests.outbox.smtp import free_port

pytestmark = pytest.mark.django_db


def enqueue(key="k1", **kwargs):
    kwargs.setdefault("to", "sophie@example.org")
    kwargs.setdefault("subject", "Message des services en ligne - Activation de votre compte")
    kwargs.setdefault("body", "Bonjour, cliquez sur le lien.")
    return outbox_enqueue(idempotency_key=key, **kwargs)


def test_sent_through_a_real_smtp_server_after_commit(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = enqueue()
        assert smtp_server.messages == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert len(smtp_server.messages) == 1
    envelope = smtp_server.messages[0]
    assert envelope.rcpt_tos == ["sophie@example.org"]
    raw = envelope.content.decode()
    assert (
        "Administrateur des services en ligne" in raw
        or "Administrateur_des_services_en_ligne" in raw
    )
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and message.attempts == 1
    assert message.body == ERASED_BODY


def test_a_rolled_back_change_sends_nothing(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                enqueue()
                raise RuntimeError("la modification du compte échoue")
        except RuntimeError:
            pass
    assert callbacks == [] and OutboxMessage.objects.count() == 0 and smtp_server.messages == []


def test_same_key_is_recorded_and_sent_once(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue("same")
        enqueue("same")
    assert OutboxMessage.objects.count() == 1 and len(smtp_server.messages) == 1
    send_outbox_message.apply(args=[OutboxMessage.objects.get().pk])  # a duplicate task
    assert len(smtp_server.messages) == 1


def test_failing_server_means_retry_later_not_loss(
    settings, smtp_server, django_capture_on_commit_callbacks, monkeypatch
):
    smtp_server.fail_first = 1
    with django_capture_on_commit_callbacks(execute=True):
        message = enqueue()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == 1 and "451" in message.last_error
    assert message.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)
    assert smtp_server.messages == []
    # Not due yet: the flush leaves it alone.
    assert outbox_flush.apply().get() == 0
    later = timezone.now() + datetime.timedelta(minutes=5)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    assert outbox_flush.apply().get() == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and message.attempts == 2
    assert len(smtp_server.messages) == 1


def test_unreachable_server_is_retried_with_growing_backoff(settings, db, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens there
    message = enqueue()
    delays = []
    now = timezone.now()
    for _ in range(3):
        result = outbox_deliver(message_id=message.pk)
        assert not result.sent and result.retry_in
        delays.append(result.retry_in)
        message.refresh_from_db()
        now = message.next_attempt_at
        monkeypatch.setattr("django.utils.timezone.now", lambda now=now: now)
    assert delays[0] < delays[1] < delays[2]
    assert message.status == OutboxMessage.Status.PENDING and message.attempts == 3
    assert "ConnectionRefusedError" in message.last_error


def test_worker_raises_retry_with_the_backoff_when_not_eager(settings, db, monkeypatch):
    from celery.exceptions import Retry

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    message = enqueue()
    captured = {}

    def fake_retry(countdown=None, **kwargs):
        captured["countdown"] = countdown
        return Retry("retry", when=countdown)

    monkeypatch.setattr(send_outbox_message, "retry", fake_retry)
    send_outbox_message.push_request(is_eager=False)
    try:
        with pytest.raises(Retry):
            send_outbox_message.run(message.pk)
    finally:
        send_outbox_message.pop_request()
    assert 60 <= captured["countdown"] <= 66


def test_a_claim_abandoned_by_a_dead_worker_is_released(db):
    message = enqueue()
    stale = timezone.now() - datetime.timedelta(hours=1)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENDING, claimed_at=stale
    )
    assert outbox_due_ids() == [message.pk]


def test_a_message_being_sent_is_not_claimed_twice(db):
    message = enqueue()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENDING, claimed_at=timezone.now()
    )
    assert outbox_deliver(message_id=message.pk).sent is False
    assert outbox_due_ids() == []


def test_gives_up_after_the_maximum_attempts(settings, db):
    from outbox import conf

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    message = enqueue()
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=conf.OUTBOX_MAX_ATTEMPTS - 1)
    outbox_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert (
        message.status == OutboxMessage.Status.FAILED
    )  # visible to the administrator, not deleted


def test_a_message_queued_under_the_old_task_name_is_still_sent(db, mailoutbox):
    """Upgrading from the layout where the outbox lived in teleservices loses no queued mail."""
    from celery import current_app

    message = enqueue()
    task = current_app.tasks["teleservices.tasks.send_outbox_message"]
    assert task.apply(args=[message.pk]).get() is True
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and len(mailoutbox) == 1
