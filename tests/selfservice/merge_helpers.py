"""Helpers of the regroupement tests (the fixtures are in conftest.py)."""

import html
import re

from django.urls import reverse

START = reverse("selfservice:merge_start")
CONFIRM = reverse("selfservice:merge_confirm")
DONE = reverse("selfservice:merge_done")
CHILDREN = reverse("selfservice:account_children")


def text(response) -> str:
    """The page's visible text: tags removed, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def accepted(user):
    user.accepted_charter_version = 99
    user.save(update_fields=["accepted_charter_version"])
    return user


def _start(client, login, password):
    return client.post(START, {"login": login, "password": password})
