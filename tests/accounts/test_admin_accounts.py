"""The secretariat's "Comptes" admin: search, filters, scoping to the establishment."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.accounts.admin_helpers import (
    ACCOUNTS_URL,
    change_url,
    grant_secretariat,
    listed_usernames,
)
from tests.factories import (
    UserFactory,
)


def test_secretary_lists_the_accounts_of_her_school_only(secretary_client, school_a, school_b):
    response = secretary_client.get(ACCOUNTS_URL)

    assert response.status_code == 200
    assert {"s.martin", "d.martin", "l.durand"} <= listed_usernames(response)
    assert not {"h.bernard", "p.bernard", "b.secretariat"} & listed_usernames(response)
    body = response.content.decode()
    assert "Comptes" in body
    assert "BERNARD" not in body and "Bernard" not in body
    # The establishment the page is restricted to is said at the top.
    assert "Collège Marcel Pagnol" in body


def test_account_row_shows_state_badge_and_roster_identity(secretary_client, school_a):
    body = secretary_client.get(ACCOUNTS_URL).content.decode()

    assert "cartable-badge--warning" in body  # the parent awaits e-mail confirmation
    assert "Courriel à valider" in body
    assert "cartable-badge--info" in body and "Provisoire" in body
    assert "Élève · 5e B · INE 123456789AB" in body
    assert "Responsable de : Dylan MARTIN (5e B), Florian MARTIN (" in body


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("Durand", {"l.durand"}),  # name
        ("l.durand", {"l.durand"}),  # identifier
        ("111111111AA", {"l.durand"}),  # INE of the pupil
        ("123456789ab", {"d.martin", "s.martin"}),  # INE: the pupil and the guardian of that pupil
        ("5e B", {"d.martin", "s.martin"}),  # class, as printed
        ("5EB", {"d.martin", "s.martin"}),  # class, typed quickly
    ],
)
def test_search_by_name_identifier_ine_and_class(
    secretary_client, school_a, school_b, term, expected
):
    response = secretary_client.get(ACCOUNTS_URL, {"q": term})

    assert response.status_code == 200
    assert listed_usernames(response) == expected


def test_search_never_reaches_another_school(secretary_client, school_a, school_b):
    for term in ("Bernard", "h.bernard", "987654321ZZ", "3e Z"):
        response = secretary_client.get(ACCOUNTS_URL, {"q": term})
        assert listed_usernames(response) == set(), term


def test_class_filter_lists_only_own_classes_and_finds_pupils_and_guardians(
    secretary_client, school_a, school_b
):
    response = secretary_client.get(ACCOUNTS_URL)
    body = response.content.decode()
    assert f"?classe={school_a.cinq_b.pk}" in body
    assert f"?classe={school_b.division.pk}" not in body
    assert "3e Z" not in body

    response = secretary_client.get(ACCOUNTS_URL, {"classe": school_a.cinq_b.pk})
    assert listed_usernames(response) == {"d.martin", "s.martin"}

    response = secretary_client.get(ACCOUNTS_URL, {"classe": school_a.quatre_a.pk})
    assert listed_usernames(response) == {"l.durand"}

    # Another school's class by hand-written URL: nothing, not its pupils.
    response = secretary_client.get(ACCOUNTS_URL, {"classe": school_b.division.pk})
    assert listed_usernames(response) == set()


def test_state_and_profile_filters(secretary_client, school_a):
    response = secretary_client.get(ACCOUNTS_URL, {"state__exact": User.State.PROVISIONAL})
    assert listed_usernames(response) == {"l.durand"}

    response = secretary_client.get(ACCOUNTS_URL, {"profile__exact": User.Profile.PARENT})
    assert listed_usernames(response) == {"s.martin"}

    body = secretary_client.get(ACCOUNTS_URL).content.decode()
    assert "Par état" in body and "Par profil" in body and "Par classe" in body


# -- scoping by URL ---------------------------------------------------------------------------------


def test_another_schools_account_by_url_does_not_exist(secretary_client, school_a, school_b):
    for url in (
        change_url(school_b.hugo_account),
        reverse("admin:accounts_user_history", args=[school_b.hugo_account.pk]),
        reverse("admin:accounts_user_delete", args=[school_b.hugo_account.pk]),
    ):
        response = secretary_client.get(url, follow=True)
        body = response.content.decode()
        assert "existe pas" in body, url
        assert "h.bernard" not in body and "Hugo" not in body


def test_superuser_sees_every_school(superuser_client, school_a, school_b):
    response = superuser_client.get(ACCOUNTS_URL)

    assert {"s.martin", "d.martin", "h.bernard", "p.bernard"} <= listed_usernames(response)
    assert superuser_client.get(change_url(school_b.hugo_account)).status_code == 200
    response = superuser_client.get(ACCOUNTS_URL, {"etablissement": school_b.establishment.pk})
    assert listed_usernames(response) == {"h.bernard", "p.bernard", "b.secretariat"}


def test_staff_without_establishment_sees_nothing(client, school_a, school_b):
    lost = grant_secretariat(
        UserFactory(username="x.staff", profile=User.Profile.PERSONNEL, is_staff=True)
    )
    client.force_login(lost)

    response = client.get(ACCOUNTS_URL)
    assert response.status_code == 200
    assert listed_usernames(response) == set()
    assert "existe pas" in client.get(change_url(school_a.parent), follow=True).content.decode()


def test_other_secretary_is_scoped_too(client, school_a, school_b):
    client.force_login(school_b.secretary)

    response = client.get(ACCOUNTS_URL)
    assert listed_usernames(response) == {"h.bernard", "p.bernard", "b.secretariat"}


# -- changing an account: what a secretary may and may not do ------------------------------------
