import pytest
from aiosmtpd.controller import Controller

from tests.outbox.smtp import Recorder, free_port


@pytest.fixture(autouse=True)
def _eager_tasks(settings):
    """The send task runs here, after commit, even when a Redis broker is configured (CI)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback (aiosmtpd); Django's SMTP backend talks to it."""
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield recorder
    controller.stop()
