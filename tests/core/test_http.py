"""The client's address behind the configured number of trusted reverse proxies."""

import pytest
from django.test import RequestFactory

from core.http import client_ip

rf = RequestFactory()


def request(remote="10.0.0.2", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.CARTABLE_TRUSTED_PROXIES = 0
    assert client_ip(request(forwarded="203.0.113.7")) == "10.0.0.2"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        # A client-written entry on the left is never believed.
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
        # Fewer entries than proxies: the request did not come through them.
        (2, "203.0.113.7", "10.0.0.2"),
        (1, "", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2"),
    ],
)
def test_the_client_is_what_the_outermost_trusted_proxy_saw(settings, proxies, forwarded, expected):
    settings.CARTABLE_TRUSTED_PROXIES = proxies
    assert client_ip(request(forwarded=forwarded)) == expected


def test_attachments_are_downloads_that_no_browser_renders(tmp_path, settings):
    from csp.middleware import CSPMiddleware
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage
    from django.test import RequestFactory

    from core.http import attachment_response

    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("x.pdf", ContentFile(b"%PDF-1.4 demo"))
    stored = storage.open(name)
    response = CSPMiddleware(
        lambda request: attachment_response(
            stored, filename="Exercices été.pdf", content_type="application/pdf"
        )
    )(RequestFactory().get("/"))
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Exercices" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    # The portal's policy must not replace the sandbox of a served file.
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 demo"
