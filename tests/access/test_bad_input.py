"""Bad input on every page: a NUL byte or garbage in the query string is a 400 or is ignored,
never a 500 — for a visitor, a family and a secretary (admin pages included)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import get_resolver

from tests.access.walk import _walk

pytestmark = pytest.mark.django_db

CONVERTERS = {"int": "999999", "slug": "x", "str": "x", "path": "x", "uuid": "0" * 32}
PARAMS = ["etablissement", "state", "q", "o", "p", "next", "service", "ticket", "classe", "e",
          "mois", "jour"]  # fmt: skip


def _urls() -> list[str]:
    urls = []
    for route, _pattern in _walk(get_resolver().url_patterns):
        text = route.route
        if "(?P" in text or "^" in text or "logout" in text:
            continue  # allauth's regex token links; logging out would end the walk's session
        text = re.sub(r"<(?:(\w+):)?\w+>", lambda m: CONVERTERS.get(m.group(1) or "str", "x"), text)
        urls.append("/" + text)
    return sorted(set(urls))


@pytest.mark.parametrize("who", ["anonymous", "parent_a", "secretary_a"])
@pytest.mark.parametrize("value", ["%00", "%C0%AF", "-1", "x" * 300])
def test_no_page_answers_500_to_bad_query_values(world, secretary_a, who, value):
    client = Client(raise_request_exception=False)
    if who == "parent_a":
        client.force_login(world["parent_a"])
    elif who == "secretary_a":
        client.force_login(secretary_a)
    query = "&".join(f"{name}={value}" for name in PARAMS)
    failures = []
    for url in _urls():
        response = client.get(f"{url}?{query}")
        if response.status_code >= 500:
            failures.append(f"{url} → {response.status_code}")
    assert not failures, failures


def test_a_nul_byte_is_a_bad_request(world):
    client = Client(raise_request_exception=False)
    assert client.get("/connexion/academique/aide/?etablissement=%00").status_code == 400
    response = client.post("/connexion/eleve-parent/", {"login": "a\x00b", "password": "x"})
    assert response.status_code == 400
