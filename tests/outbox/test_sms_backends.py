"""SMS backends, and the HTTP provider against a real HTTP server on loopback, through the outbox."""

import datetime
import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from outbox import sms
from outbox.models import OutboxMessage
from outbox.services import outbox_deliver, outbox_enqueue
from outbox.sms import SmsMessage, SmsPermanentError, SmsTemporaryError, get_sms_backend
from outbox.sms.backends import console, http, locmem

TOKEN = "jeton-de-test-0123456789"  # noqa: S105 - a test token
HTTP_BACKEND = "outbox.sms.backends.http.SmsBackend"


class Provider:
    """A fake provider speaking the documented JSON API, on 127.0.0.1. ``responses`` is the list of
    status codes to answer in turn (the last one repeats); "sleep" answers too late."""

    def __init__(self, responses):
        self.responses = list(responses)
        self.requests: list[dict] = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers["Content-Length"]))
                provider.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "json": json.loads(body)}
                )
                answer = (
                    provider.responses.pop(0)
                    if len(provider.responses) > 1
                    else provider.responses[0]
                )
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    answer = 401
                if answer == "sleep":
                    time.sleep(1.5)
                    answer = 200
                payload = json.dumps(
                    {"id": "msg-1"} if answer < 300 else {"error": "refusé"}
                ).encode()
                try:
                    self.send_response(answer)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1/sms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def provider(settings):
    def start(*responses):
        instance = Provider(responses or (200,))
        settings.SMS_BACKEND = HTTP_BACKEND
        settings.SMS_HTTP_URL = instance.url
        settings.SMS_HTTP_TOKEN = TOKEN
        settings.SMS_HTTP_TIMEOUT = 0.5
        return instance

    return start


MESSAGE = SmsMessage(
    to="+33612345678",
    text="EduConnect : votre code est 123456.",
    sender="EduConnect",
    reference="ref-1",
)


def test_default_backend_is_the_console(settings):
    del settings.SMS_BACKEND
    assert isinstance(get_sms_backend(), console.SmsBackend)


def test_console_backend_prints_the_sms():
    stream = io.StringIO()
    console.SmsBackend(stream=stream).send(MESSAGE)
    assert "+33612345678" in stream.getvalue() and "votre code est 123456" in stream.getvalue()


def test_locmem_backend_keeps_messages_like_mail_outbox(sms_outbox):
    assert isinstance(get_sms_backend(), locmem.SmsBackend)
    sms.send_sms(to="+33612345678", body="Bonjour")
    assert [(m.to, m.text) for m in sms.outbox] == [("+33612345678", "Bonjour")]
    assert sms.outbox[0].reference == sms.message_reference(to="+33612345678", body="Bonjour")


def test_http_backend_posts_the_documented_json_with_the_token(provider):
    with provider(200) as server:
        get_sms_backend().send(MESSAGE)
    (request,) = server.requests
    assert request["path"] == "/v1/sms"
    assert request["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["json"] == {
        "to": "+33612345678",
        "text": MESSAGE.text,
        "sender": "EduConnect",
        "reference": "ref-1",
    }


def test_http_backend_wrong_token_is_a_permanent_failure(provider, settings):
    with provider(200) as server:
        settings.SMS_HTTP_TOKEN = "mauvais"  # noqa: S105
        with pytest.raises(SmsPermanentError, match="HTTP 401"):
            get_sms_backend().send(MESSAGE)
    assert len(server.requests) == 1


def test_http_backend_timeout_is_temporary(provider):
    with provider("sleep") as server:
        started = time.monotonic()
        with pytest.raises(SmsTemporaryError, match="délai dépassé"):
            get_sms_backend().send(MESSAGE)
        assert time.monotonic() - started < 1.4
    assert len(server.requests) == 1


def test_http_backend_unreachable_provider_is_temporary(settings):
    settings.SMS_HTTP_URL = "http://127.0.0.1:9/v1/sms"  # discard port: nobody listens
    settings.SMS_HTTP_TOKEN = TOKEN
    with pytest.raises(SmsTemporaryError):
        http.SmsBackend().send(MESSAGE)


def _enqueue_sms(django_capture_on_commit_callbacks, text="EduConnect : votre code est 654321."):
    with django_capture_on_commit_callbacks(execute=False):
        return outbox_enqueue(
            idempotency_key="sms:test:1", to="+33612345678", body=text, kind=OutboxMessage.Kind.SMS
        )


def _make_due(message):
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )


@pytest.mark.django_db
def test_outbox_sends_through_the_http_provider_once(provider, django_capture_on_commit_callbacks):
    message = _enqueue_sms(django_capture_on_commit_callbacks)
    with provider(200) as server:
        assert outbox_deliver(message_id=message.pk).sent
        assert not outbox_deliver(message_id=message.pk).sent  # a duplicate task sends nothing
    assert len(server.requests) == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert "654321" not in message.body  # the code is erased once sent


@pytest.mark.django_db
def test_provider_error_500_is_retried_by_the_outbox_with_the_same_reference(
    provider, django_capture_on_commit_callbacks
):
    message = _enqueue_sms(django_capture_on_commit_callbacks)
    with provider(500, 200) as server:
        first = outbox_deliver(message_id=message.pk)
        assert not first.sent and first.retry_in
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.PENDING and "HTTP 500" in message.last_error
        _make_due(message)
        assert outbox_deliver(message_id=message.pk).sent
    assert len(server.requests) == 2
    assert server.requests[0]["json"]["reference"] == server.requests[1]["json"]["reference"]
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and message.attempts == 2


@pytest.mark.django_db
def test_provider_refusal_400_fails_without_calling_again(
    provider, django_capture_on_commit_callbacks, settings
):

    message = _enqueue_sms(django_capture_on_commit_callbacks)
    with provider(400) as server:
        result = outbox_deliver(message_id=message.pk)
        assert not result.sent and result.retry_in is None
        _make_due(message)
        assert not outbox_deliver(message_id=message.pk).sent  # failed rows are never claimed again
    # The refusal is final at the first attempt: failed at once, the provider called once.
    assert len(server.requests) == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED and message.attempts == 1
    assert "SmsPermanentError" in message.last_error


@pytest.mark.django_db
def test_provider_timeout_leaves_the_message_pending(provider, django_capture_on_commit_callbacks):
    message = _enqueue_sms(django_capture_on_commit_callbacks)
    with provider("sleep", 200):
        result = outbox_deliver(message_id=message.pk)
    assert not result.sent and result.retry_in
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING and "délai dépassé" in message.last_error
