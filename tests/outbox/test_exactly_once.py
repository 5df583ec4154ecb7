"""A mail reaches the SMTP server once, whatever instant the worker dies at (docs/outbox.md).

A real SMTP server on loopback (aiosmtpd) counts what it accepted. A worker's death is a
``BaseException`` raised at a chosen point of the SMTP conversation, after which the connection
is dropped the way the kernel drops a killed process's: nothing of the outbox's own error
handling runs. The recovery sweep then runs as if its stale-claim delay had passed.
"""

import datetime
import smtplib

import pytest
from django.utils import timezone

from outbox.models import OutboxMessage
from outbox.services import ERASED_BODY, outbox_deliver, outbox_due_ids
from tests.outbox.smtp import Recorder, free_port
from tests.outbox.test_services import enqueue

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """kill -9: not an Exception, so no ``except Exception`` of the outbox sees it."""


def sweep_then_deliver() -> None:
    """What the flush does once the stale-claim delay is over, then the tasks it queues."""
    for message_id in outbox_due_ids(now=timezone.now() + datetime.timedelta(hours=1)):
        outbox_deliver(message_id=message_id)


def test_a_worker_killed_once_the_server_accepted_does_not_send_twice(smtp_server, monkeypatch):
    """The server said 250, the worker died before recording it: the old design released the
    claim after 15 min and sent the mail a second time."""
    original = smtplib.SMTP.sendmail

    def accepted_then_killed(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.close()
        raise WorkerKilled

    message = enqueue()
    monkeypatch.setattr(smtplib.SMTP, "sendmail", accepted_then_killed)
    with pytest.raises(WorkerKilled):
        outbox_deliver(message_id=message.pk)
    monkeypatch.setattr(smtplib.SMTP, "sendmail", original)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.HANDED_OVER

    sweep_then_deliver()

    assert len(smtp_server.messages) == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.body == ERASED_BODY
    assert "réponse n'a pas été reçue" in message.last_error


def test_a_worker_killed_before_the_end_of_the_message_sends_it_once(smtp_server, monkeypatch):
    """Killed while writing the message: the server discards the unfinished DATA, the sweep
    releases the row and the next attempt delivers it."""
    original = smtplib.SMTP.send
    killed = []

    def killed_while_writing(self, data):
        if not killed and b"cliquez sur le lien" in (data if isinstance(data, bytes) else b""):
            killed.append(True)
            self.close()
            raise WorkerKilled
        return original(self, data)

    message = enqueue()
    monkeypatch.setattr(smtplib.SMTP, "send", killed_while_writing)
    with pytest.raises(WorkerKilled):
        outbox_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENDING and smtp_server.messages == []

    sweep_then_deliver()

    assert len(smtp_server.messages) == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and message.last_error == ""


def test_a_worker_that_lost_its_claim_cannot_hand_the_mail_over(smtp_server, monkeypatch):
    """A slow worker whose claim the sweep released while another worker sent the mail: when it
    reaches the end of the message, the row is no longer its own and it writes no terminator."""
    original = smtplib.SMTP.sendmail
    state = {"slow": True}

    def slow_worker(self, *args, **kwargs):
        if state.pop("slow", False):
            sweep_then_deliver()  # meanwhile: the flush released the claim, another worker sent it
            assert len(smtp_server.messages) == 1
        return original(self, *args, **kwargs)

    message = enqueue()
    monkeypatch.setattr(smtplib.SMTP, "sendmail", slow_worker)
    result = outbox_deliver(message_id=message.pk)

    assert result.sent is False
    assert len(smtp_server.messages) == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and message.attempts == 2


class DropsBeforeReplying(Recorder):
    """Takes the message, then loses the connection before its 250 goes out."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        self.messages.append(envelope)
        server.transport.abort()
        return "250 OK"


def test_a_reply_lost_after_the_end_of_the_message_is_not_sent_again(settings):
    from aiosmtpd.controller import Controller

    recorder = DropsBeforeReplying()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        message = enqueue()
        assert outbox_deliver(message_id=message.pk).sent is True
        OutboxMessage.objects.filter(pk=message.pk).update(
            next_attempt_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        sweep_then_deliver()
    finally:
        controller.stop()
    assert len(recorder.messages) == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert "réponse n'a pas été reçue" in message.last_error


def test_a_refusal_after_the_end_of_the_message_is_retried(settings):
    """An explicit 4xx to DATA is an answer: not taken, so sent again later (not 'handed over')."""
    from aiosmtpd.controller import Controller

    recorder = Recorder(fail_first=1)
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        message = enqueue()
        assert outbox_deliver(message_id=message.pk).retry_in is not None
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.PENDING
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        assert outbox_deliver(message_id=message.pk).sent is True
    finally:
        controller.stop()
    assert len(recorder.messages) == 1


def test_the_sweep_releases_unfinished_sends_and_settles_handed_over_ones(db):
    from outbox import conf

    stale = timezone.now() - conf.OUTBOX_STALE_CLAIM - datetime.timedelta(seconds=1)
    unfinished, handed = enqueue("a"), enqueue("b")
    fresh = enqueue("c")
    OutboxMessage.objects.filter(pk=unfinished.pk).update(
        status=OutboxMessage.Status.SENDING, claimed_at=stale
    )
    OutboxMessage.objects.filter(pk=handed.pk).update(
        status=OutboxMessage.Status.HANDED_OVER, claimed_at=stale
    )
    OutboxMessage.objects.filter(pk=fresh.pk).update(
        status=OutboxMessage.Status.HANDED_OVER, claimed_at=timezone.now()
    )

    assert outbox_due_ids() == [unfinished.pk]

    handed.refresh_from_db()
    fresh.refresh_from_db()
    assert handed.status == OutboxMessage.Status.SENT and handed.body == ERASED_BODY
    assert fresh.status == OutboxMessage.Status.HANDED_OVER  # its worker may still be reading


def test_the_stale_claim_delay_is_short_enough_for_a_drill():
    """Releasing early is safe (the claim check at the hand-over), so a dead worker's mail waits
    minutes, not a quarter of an hour."""
    from outbox import conf

    assert datetime.timedelta(minutes=2) >= conf.OUTBOX_STALE_CLAIM
