"""The family's child pages are served whole from the per-user page cache: never across users,
never for a child who is no longer the family's, and every write of the cahier de textes shows
on the next page."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from accounts.models import GuardianLink
from accounts.school import school_role
from cahier_de_textes import services
from tests.cahier_de_textes.conftest import make_homework, make_seance
from tests.factories import GuardianLinkFactory, PupilFactory
from tests.portal.test_dashboard import session_queries

pytestmark = pytest.mark.django_db

PAGES = ("child_home", "vie_scolaire", "cahier", "notes", "livret")


def _url(name, pupil):
    return reverse(f"teleservices:{name}", kwargs={"pupil_id": pupil.pk})


def test_two_families_never_see_each_others_pages(client, school):
    """Two parents, two children (one each): each page cached for one is a 404 for the other."""
    other_child = GuardianLink.objects.get(guardian__account=school["parent_b"]).pupil
    other_child.first_name = "Zoé"
    other_child.save(update_fields=["first_name"])
    for name in PAGES:
        client.force_login(school["parent_b"])
        assert "Zoé" in client.get(_url(name, other_child)).content.decode()
        client.force_login(school["parent"])
        assert client.get(_url(name, other_child)).status_code == 404
        page = client.get(_url(name, school["pupil"])).content.decode()
        assert "Inès" in page and "Zoé" not in page
        client.force_login(school["parent_b"])
        assert client.get(_url(name, school["pupil"])).status_code == 404


def test_a_pupil_and_their_parent_each_get_their_own_page(client, school):
    make_homework(school["service"], school["today"] + datetime.timedelta(days=1))
    client.force_login(school["parent"])
    parent_page = client.get(_url("cahier", school["pupil"])).content.decode()
    client.force_login(school["pupil"].account)
    pupil_page = client.get(_url("cahier", school["pupil"])).content.decode()
    # Only the pupil ticks « Fait »; each sees their own name in the account bar.
    assert "aria-pressed" in pupil_page and "aria-pressed" not in parent_page
    assert "i.eleve" in pupil_page and "p.parent" not in pupil_page
    assert "p.parent" in parent_page and "i.eleve" not in parent_page
    client.force_login(school["parent"])
    assert client.get(_url("cahier", school["pupil"])).content.decode() != pupil_page


def test_a_parent_who_loses_the_link_gets_a_404_not_the_cached_page(client, school):
    client.force_login(school["parent"])
    for name in PAGES:
        assert client.get(_url(name, school["pupil"])).status_code == 200
    # Deleted without its signals (no roster version moved on): the access check alone refuses.
    GuardianLink.objects.filter(guardian__account=school["parent"])._raw_delete("default")
    for name in PAGES:
        assert client.get(_url(name, school["pupil"])).status_code == 404


def test_a_new_child_shows_in_the_switcher_at_once(client, school):
    client.force_login(school["parent"])
    url = _url("cahier", school["pupil"])
    assert "Choisir l&#x27;enfant" not in client.get(url).content.decode()
    guardian = school["parent"].guardian_records.get()
    sibling = PupilFactory(establishment=school["a"], first_name="Noé")
    GuardianLinkFactory(guardian=guardian, pupil=sibling)  # (its roster bump waits for commit)
    page = client.get(url).content.decode()
    assert "Noé" in page and _url("cahier", sibling) in page


def test_the_csrf_token_of_the_cached_page_is_the_requests_own(school):
    import re

    from django.test import Client

    make_homework(school["service"], school["today"] + datetime.timedelta(days=1))
    tokens = []
    for _ in range(2):  # two browsers of the pupil: the second page comes from the cache
        browser = Client()
        browser.force_login(school["pupil"].account)
        page = browser.get(_url("cahier", school["pupil"])).content.decode()
        assert "cartable-csrf-token-placeholder" not in page
        found = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found and len(set(found)) == 1
        tokens.append(found[0])
    assert tokens[0] != tokens[1]


def test_every_write_of_the_cahier_shows_at_once(
    client, school, django_capture_on_commit_callbacks
):
    teacher = school["teacher"].account
    client.force_login(school["parent"])
    url = _url("cahier", school["pupil"])
    home = _url("child_home", school["pupil"])
    client.get(url)
    assert "Aucun travail à faire" in client.get(home).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        seance = services.seance_create(
            actor=teacher,
            role=school_role(teacher),
            service=school["service"],
            date=school["today"],
            starts_at=datetime.time(9),
            ends_at=datetime.time(10),
            title="Le passé simple",
            content="Conjugaison.",
        )
    assert "Le passé simple" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.homework_create(
            actor=teacher,
            role=school_role(teacher),
            service=school["service"],
            due_on=school["today"] + datetime.timedelta(days=1),
            description="Apprendre la conjugaison",
        )
    assert "Apprendre la conjugaison" in client.get(url).content.decode()
    accueil = client.get(home).content.decode()
    assert "1 travail à rendre" in accueil and "Nouveau" in accueil
    with django_capture_on_commit_callbacks(execute=True):
        services.seance_update(
            actor=teacher,
            role=school_role(teacher),
            seance=seance,
            date=school["today"],
            starts_at=datetime.time(9),
            ends_at=datetime.time(10),
            title="Le passé composé",
            content="Conjugaison.",
        )
    assert "Le passé composé" in client.get(url).content.decode()
    direction = school["direction"].account
    with django_capture_on_commit_callbacks(execute=True):
        services.visa_give(
            actor=direction,
            role=school_role(direction),
            establishment=school["a"],
            division_id=school["division"].pk,
            group_id=None,
            subject=school["french"],
            up_to=school["today"],
        )
    assert "Visé par" in client.get(url).content.decode()


def test_the_page_of_another_day_is_another_page(client, school):
    """Homework « aujourd'hui / cette semaine » moves with the date: the key holds it."""
    today = school["today"]
    make_homework(school["service"], today + datetime.timedelta(days=1), description="Demain")
    client.force_login(school["parent"])
    url = _url("cahier", school["pupil"])
    assert "Demain" in client.get(url).content.decode()
    later = today + datetime.timedelta(days=3)
    with mock.patch("django.utils.timezone.localdate", return_value=later):
        assert "Demain" not in client.get(url).content.decode()


def test_a_hit_costs_the_access_check_only(client, school, django_assert_num_queries):
    make_seance(school["service"], school["today"])
    client.force_login(school["parent"])
    for name in PAGES:
        url = _url(name, school["pupil"])
        client.get(url)
        # session, account, school role; ACCUEIL and NOTES also read the visit
        extra = 3 if name in ("child_home", "notes") else 2
        with django_assert_num_queries(session_queries() + extra):
            assert client.get(url).status_code == 200


def test_only_the_addresses_the_pages_link_to_are_kept(client, school, django_assert_num_queries):
    client.force_login(school["parent"])
    url = _url("cahier", school["pupil"])
    monday = school["today"] - datetime.timedelta(days=school["today"].weekday() + 7)
    week = f"{url}?semaine={monday.isoformat()}"
    client.get(week)
    with django_assert_num_queries(session_queries() + 2):  # the previous week, kept
        assert client.get(week).status_code == 200
    # Made-up query strings are rendered each time (account, role, children; the cahier's
    # fragment is keyed on the week it shows), never kept.
    for made_up in (f"{url}?autre=1", f"{url}?semaine=x", f"{url}?semaine=1999-01-04",
                    f"{week}&semaine={monday.isoformat()}", f"{url}?semaine=20261130"):  # fmt: skip
        client.get(made_up)
        with django_assert_num_queries(session_queries() + 3):
            assert client.get(made_up).status_code == 200
