"""Favoris: the user's own http/https links and the applications of "Mes applications" they pin,
in their order (Monter / Descendre), edited and deleted; bad input refused in French with
nothing written; another user's favori is a 404; the page costs a fixed number of queries."""

from __future__ import annotations

import html

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from apps_catalog.models import Application, ApplicationAudience
from bureau import messages as texts
from bureau import selectors, services
from bureau.models import Favorite
from tests.factories import UserFactory
from tests.portal.test_dashboard import session_queries

pytestmark = pytest.mark.django_db

FAVORITES = reverse("bureau:favorites")
PIN = reverse("bureau:favorite_pin")


@pytest.fixture
def parent(client):
    user = UserFactory(profile=User.Profile.PARENT, accepted_charter_version=99)
    client.force_login(user)
    return user


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _order(user) -> list[str]:
    return [entry.title for entry in selectors.favorites_of(user=user)]


def test_a_link_is_added_shown_in_a_new_window_edited_and_deleted(client, parent):
    response = client.post(FAVORITES, {"title": "Académie", "url": " https://www.ac-poitiers.fr/ "})
    favorite = Favorite.objects.get(owner=parent)
    assert response.status_code == 302 and response["Location"].endswith(f"#favori-{favorite.pk}")
    assert favorite.url == "https://www.ac-poitiers.fr/" and favorite.position == 0
    page = client.get(FAVORITES).content.decode()
    assert (
        '<a class="fr-link" href="https://www.ac-poitiers.fr/" target="_blank" '
        'rel="noopener noreferrer">Académie<span class="fr-sr-only"> (nouvelle fenêtre)</span></a>'
    ) in page
    edit = reverse("bureau:favorite_edit", args=[favorite.pk])
    assert "https://www.ac-poitiers.fr/" in client.get(edit).content.decode()
    client.post(edit, {"title": "Rectorat", "url": "http://www.ac-poitiers.fr/rectorat"})
    favorite.refresh_from_db()
    assert (favorite.title, favorite.url) == ("Rectorat", "http://www.ac-poitiers.fr/rectorat")
    client.post(reverse("bureau:favorite_delete", args=[favorite.pk]))
    assert not Favorite.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": "x", "url": "javascript:alert(document.cookie)"}, texts.FAVORITE_URL_INVALID),
        ({"title": "x", "url": "JavaScript://%0aalert(1)"}, texts.FAVORITE_URL_INVALID),
        (
            {"title": "x", "url": "data:text/html,<script>alert(1)</script>"},
            texts.FAVORITE_URL_INVALID,
        ),
        ({"title": "x", "url": "ftp://ftp.example.org/"}, texts.FAVORITE_URL_INVALID),
        ({"title": "x", "url": "www.example.org"}, texts.FAVORITE_URL_INVALID),
        ({"title": "   ", "url": "https://example.org/"}, texts.FAVORITE_TITLE_REQUIRED),
        ({"title": "x", "url": ""}, texts.FAVORITE_URL_REQUIRED),
        ({"title": "x", "url": "https://example.org/" + "a" * 500}, "500 caractères"),
    ],
)
def test_bad_links_get_a_french_message_and_write_nothing(client, parent, data, message):
    response = client.post(FAVORITES, data)
    assert response.status_code == 200
    assert message in _page(response)
    assert not Favorite.objects.exists()


def test_bad_link_on_edit_changes_nothing(client, parent):
    favorite = services.favorite_link_create(owner=parent, title="Bon", url="https://example.org/")
    response = client.post(
        reverse("bureau:favorite_edit", args=[favorite.pk]),
        {"title": "Mauvais", "url": "javascript:alert(1)"},
    )
    assert texts.FAVORITE_URL_INVALID in _page(response)
    favorite.refresh_from_db()
    assert (favorite.title, favorite.url) == ("Bon", "https://example.org/")


def test_the_service_refuses_a_script_address_whatever_the_form(parent):
    with pytest.raises(ValidationError) as error:
        services.favorite_link_create(owner=parent, title="x", url="javascript:alert(1)")
    assert texts.FAVORITE_URL_INVALID in error.value.messages
    with pytest.raises(ValidationError):
        services.favorite_link_create(owner=parent, title="", url="https://example.org/")
    assert not Favorite.objects.exists()


def test_pinning_an_application_the_profile_sees(client, parent):
    page = _page(client.get(FAVORITES))
    assert '<option value="teleservices">Services Téléservices</option>' in page
    response = client.post(PIN, {"application": "pronote"})
    assert response.status_code == 302
    favorite = Favorite.objects.get(owner=parent)
    assert favorite.application.slug == "pronote" and favorite.title == "" and favorite.url == ""
    page = _page(client.get(FAVORITES))
    # Opened like its tile (through the portal's SSO), and no longer offered.
    assert f'href="{reverse("sso:open", kwargs={"slug": "pronote"})}" target="_blank"' in page
    assert '<option value="pronote">' not in page
    again = client.post(PIN, {"application": "pronote"})
    assert texts.FAVORITE_APP_ALREADY in _page(again)
    assert Favorite.objects.count() == 1


def test_an_internal_page_opens_in_place(client, parent):
    client.post(PIN, {"application": "teleservices"})
    page = client.get(FAVORITES).content.decode()
    assert '<a class="fr-link" href="/teleservices/">Services Téléservices</a>' in page


def test_an_application_the_profile_cannot_see_is_refused(client, teacher):
    teacher.accepted_charter_version = 99
    teacher.save(update_fields=["accepted_charter_version"])
    client.force_login(teacher)
    assert '<option value="teleservices">' not in client.get(FAVORITES).content.decode()
    for slug in ("teleservices", "inconnue", ""):
        response = client.post(PIN, {"application": slug})
        assert response.status_code == 200
        assert (texts.FAVORITE_APP_REQUIRED if not slug else texts.FAVORITE_APP_FORBIDDEN) in _page(
            response
        )
    Application.objects.filter(slug="sacoche").update(is_active=False)
    with pytest.raises(ValidationError):
        services.favorite_pin(owner=teacher, slug="sacoche")
    assert not Favorite.objects.exists()


def test_an_application_withdrawn_from_the_profile_is_shown_as_no_longer_offered(client, parent):
    services.favorite_pin(owner=parent, slug="sacoche")
    ApplicationAudience.objects.filter(
        application__slug="sacoche", profile=User.Profile.PARENT
    ).delete()
    Application.objects.get(slug="sacoche").save()  # bumps the catalogue version, like the admin
    page = _page(client.get(FAVORITES))
    assert "n'est plus proposée à votre profil" in page
    assert 'href="https://sacoche.sesamath.net/"' not in page
    assert selectors.dashboard_cards(user=parent)["favorites"] == []


def test_monter_and_descendre_reorder_and_stop_at_the_ends(client, parent):
    for title in ("A", "B", "C"):
        services.favorite_link_create(owner=parent, title=title, url=f"https://{title}.example/")
    services.favorite_pin(owner=parent, slug="pronote")
    a, b, c, pronote = Favorite.objects.order_by("position")
    client.post(reverse("bureau:favorite_down", args=[a.pk]))
    assert _order(parent) == ["B", "A", "C", "Pronote"]
    client.post(reverse("bureau:favorite_up", args=[pronote.pk]))
    assert _order(parent) == ["B", "A", "Pronote", "C"]
    client.post(reverse("bureau:favorite_up", args=[pronote.pk]))
    assert _order(parent) == ["B", "Pronote", "A", "C"]
    assert list(Favorite.objects.order_by("position").values_list("position", flat=True)) == [
        0,
        1,
        2,
        3,
    ]
    # Beyond the ends: a message, nothing moves.
    first = client.post(reverse("bureau:favorite_up", args=[b.pk]), follow=True)
    assert texts.FAVORITE_FIRST in _page(first)
    last = client.post(reverse("bureau:favorite_down", args=[c.pk]), follow=True)
    assert texts.FAVORITE_LAST in _page(last)
    assert _order(parent) == ["B", "Pronote", "A", "C"]
    # The first has no "Monter" button, the last no "Descendre".
    page = _page(client.get(FAVORITES))
    assert 'Monter<span class="fr-sr-only"> : B<' not in page
    assert 'Monter<span class="fr-sr-only"> : Pronote<' in page
    assert 'Descendre<span class="fr-sr-only"> : C<' not in page
    # A new favori goes last, after a deletion too.
    services.favorite_delete(favorite=c)
    services.favorite_link_create(owner=parent, title="D", url="https://d.example/")
    assert _order(parent) == ["B", "Pronote", "A", "D"]


def test_favorite_limit(parent, monkeypatch):
    monkeypatch.setattr(services, "MAX_FAVORITES", 2)
    services.favorite_link_create(owner=parent, title="a", url="https://a.example/")
    services.favorite_pin(owner=parent, slug="pronote")
    with pytest.raises(ValidationError) as error:
        services.favorite_link_create(owner=parent, title="c", url="https://c.example/")
    assert texts.FAVORITE_LIMIT in error.value.messages
    with pytest.raises(ValidationError):
        services.favorite_pin(owner=parent, slug="sacoche")
    assert Favorite.objects.count() == 2


def test_the_limit_is_told_on_the_page(client, parent, monkeypatch):
    monkeypatch.setattr(services, "MAX_FAVORITES", 1)
    services.favorite_link_create(owner=parent, title="a", url="https://a.example/")
    response = client.post(FAVORITES, {"title": "b", "url": "https://b.example/"})
    assert texts.FAVORITE_LIMIT in _page(response)
    response = client.post(PIN, {"application": "pronote"})
    assert texts.FAVORITE_LIMIT in _page(response)
    assert Favorite.objects.count() == 1


def test_another_users_favori_is_404_and_not_listed(client, parent):
    other = UserFactory(profile=User.Profile.PARENT)
    theirs = services.favorite_link_create(owner=other, title="secret", url="https://s.example/")
    services.favorite_link_create(owner=other, title="second", url="https://t.example/")
    for name in ("favorite_edit", "favorite_up", "favorite_down", "favorite_delete"):
        url = reverse(f"bureau:{name}", args=[theirs.pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"title": "x", "url": "https://x.example/"}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.title, theirs.position) == ("secret", 0)
    assert "secret" not in client.get(FAVORITES).content.decode()


def test_a_pinned_application_has_no_edit_page(client, parent):
    favorite = services.favorite_pin(owner=parent, slug="pronote")
    assert client.get(reverse("bureau:favorite_edit", args=[favorite.pk])).status_code == 404
    with pytest.raises(ValidationError):
        services.favorite_link_update(favorite=favorite, title="x", url="https://x.example/")


def test_post_only_urls_refuse_get(client, parent):
    favorite = services.favorite_link_create(owner=parent, title="a", url="https://a.example/")
    for name in ("favorite_up", "favorite_down", "favorite_delete"):
        assert client.get(reverse(f"bureau:{name}", args=[favorite.pk])).status_code == 405
    assert client.get(PIN).status_code == 405
    assert Favorite.objects.count() == 1


@pytest.mark.parametrize("n", [1, 50])
def test_the_favoris_page_costs_a_fixed_number_of_queries(client, parent, n):
    Favorite.objects.bulk_create(
        Favorite(owner=parent, position=i, title=f"lien {i}", url=f"https://{i}.example/")
        for i in range(n)
    )
    for slug in ("pronote", "sacoche", "teleservices"):
        services.favorite_pin(owner=parent, slug=slug)
    cache.clear()
    client.force_login(parent)  # the session may live in that cache (Redis in CI)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(FAVORITES)
    assert response.status_code == 200
    assert response.content.decode().count('id="favori-') == n + 3
    # (session,) user, current charter (middleware), the favoris with their applications, the
    # profile's tiles (categories, applications: cached for every page after).
    assert len(queries) == session_queries() + 5, [q["sql"][:90] for q in queries]
    with CaptureQueriesContext(connection) as queries:
        client.get(FAVORITES)
    # Charter and tiles from the cache: (session,) user, the favoris.
    assert len(queries) == session_queries() + 2, [q["sql"][:90] for q in queries]


def test_favoris_go_with_the_account(parent):
    services.favorite_link_create(owner=parent, title="a", url="https://a.example/")
    services.favorite_pin(owner=parent, slug="pronote")
    parent.delete()
    assert not Favorite.objects.exists()


def test_an_application_removed_from_the_catalogue_takes_its_favoris(parent):
    services.favorite_pin(owner=parent, slug="sacoche")
    Application.objects.get(slug="sacoche").delete()
    assert not Favorite.objects.exists()
