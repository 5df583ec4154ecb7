"""Content-Security-Policy: nothing inline, nothing from elsewhere, and the pages still work."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/", reverse("portal:login_educonnect"), reverse("activation:first_connection_login")]
)
def test_every_page_carries_a_strict_policy(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded_data")
def test_pages_break_no_rule_of_the_policy(live_server, browser_page, admin_user):
    page = browser_page
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for path in (
        "/",
        reverse("portal:login_educonnect"),
        reverse("portal:login_academic"),
        reverse("activation:first_connection_login"),
        reverse("portal:forgotten_password"),
        "/admin/login/",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
    assert violations == []
