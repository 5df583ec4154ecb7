"""The service URL matcher, without the database."""

import pytest

from sso.matching import prefix_matches, service_parts


def matches(service: str, prefix: str) -> bool:
    target, base = service_parts(service), service_parts(prefix)
    return target is not None and base is not None and prefix_matches(target, base) is not None


@pytest.mark.parametrize(
    "service",
    [
        "https://pronote.example.org/pronote",
        "https://pronote.example.org/pronote/parent.html?fd=1",
        "HTTPS://PRONOTE.example.org:443/pronote/",
        "https://pronote.example.org./pronote/eleve.html",
        "https://pronote.example.org/pronote/mobile/%2E%2E/parent.html",
    ],
)
def test_the_same_service_written_otherwise_matches(service):
    assert matches(service, "https://pronote.example.org/pronote")


@pytest.mark.parametrize(
    "service",
    [
        "https://pronote.example.org/pronote-evil/",
        "https://pronote.example.org/pronote/../evil",
        "https://pronote.example.org/pronote/%2e%2e/evil",
        "http://pronote.example.org/pronote/",
        "https://pronote.example.org:444/pronote/",
        "https://pronote.example.org@evil.example/pronote/",
        "https://evil.example\\.pronote.example.org/pronote/",
        "https://pronote.example.org/pronote/..\\evil",
        "https://pronote.example.org/pronote/\t",
        "https://pronote.example.org.evil.example/pronote/",
        "ftp://pronote.example.org/pronote/",
        "/pronote/",
        "",
    ],
)
def test_look_alikes_do_not_match(service):
    assert not matches(service, "https://pronote.example.org/pronote")


def test_a_longer_prefix_is_more_specific():
    target = service_parts("https://ent.example/apps/sacoche/index.php")
    assert prefix_matches(target, service_parts("https://ent.example/apps/sacoche/")) > (
        prefix_matches(target, service_parts("https://ent.example/"))
    )
