"""What the browser tests share: logging a user in without typing a password."""

from __future__ import annotations

from django.test import Client


def log_in(page, live_server, user) -> None:
    """The browser gets the session of a complete login of ``user`` (the admin's passcode is
    marked verified, tests/conftest.py), after dropping any earlier session."""
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
