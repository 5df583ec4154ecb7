from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests.portal.helpers import page_text

pytestmark = pytest.mark.django_db


def test_services_en_ligne_shows_both_steps_without_javascript(client):
    response = client.get(reverse("portal:services_en_ligne"))
    assert response.status_code == 200
    page = page_text(response)
    assert "Sélectionnez un type d'établissement" in page
    assert "Vous souhaitez vous connecter en tant que" in page
    for label in (
        "ÉLÈVE OU PARENT D'ÉLÈVE",
        "ENSEIGNANT",
        "PERSONNEL NON-ENSEIGNANT",
        "PERSONNELS DE LA RÉGION",
        "AUTRES",
    ):
        assert label in page
    # Step 1: radio buttons, "Éducation nationale" chosen by default; step 2: one submit per profile.
    assert 'name="type" value="EN" checked' in page
    assert 'name="type" value="AGRI"' in page
    assert page.count('type="submit" name="profil"') == 5
    assert '<form method="get"' in page


def test_pupil_or_parent_profile_leads_to_the_educonnect_login(client):
    response = client.get(
        reverse("portal:services_en_ligne"), {"type": "AGRI", "profil": "eleve-parent"}
    )
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert url.path == reverse("portal:login_educonnect")
    assert parse_qs(url.query)["type"] == ["AGRI"]


@pytest.mark.parametrize("profile", ["enseignant", "personnel", "region", "autres"])
def test_staff_profiles_lead_to_the_academic_login(client, profile):
    response = client.get(reverse("portal:services_en_ligne"), {"type": "EN", "profil": profile})
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert url.path == reverse("portal:login_academic")
    assert parse_qs(url.query)["profil"] == [profile]


def test_unknown_type_falls_back_to_education_nationale_and_unknown_profile_stays(client):
    response = client.get(reverse("portal:services_en_ligne"), {"type": "XX", "profil": "pirate"})
    assert response.status_code == 200
    assert 'name="type" value="EN" checked' in page_text(response)


def test_local_next_is_carried_to_the_login_page(client):
    response = client.get(
        reverse("portal:services_en_ligne"),
        {"profil": "enseignant", "next": "/mes-applications/?q=cdi"},
    )
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == ["/mes-applications/?q=cdi"]


def test_foreign_next_is_dropped(client):
    response = client.get(
        reverse("portal:services_en_ligne"),
        {"profil": "enseignant", "next": "https://evil.example/"},
    )
    assert "next" not in parse_qs(urlsplit(response["Location"]).query)
    page = client.get(
        reverse("portal:services_en_ligne"), {"next": "//evil.example/"}
    ).content.decode()
    assert "evil.example" not in page


def test_allauth_generic_login_page_sends_people_to_the_profile_chooser(client):
    response = client.get("/comptes/login/?next=/mes-applications/")
    assert response.status_code == 302
    assert response["Location"] == "/?next=/mes-applications/"


def test_anonymous_dashboard_visit_goes_to_services_en_ligne_with_next(client):
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith("/?next=")


def test_layout_has_skip_links_french_lang_and_dsfr(client):
    page = page_text(client.get(reverse("portal:services_en_ligne")))
    assert '<html lang="fr"' in page
    assert 'href="#contenu"' in page and 'id="contenu"' in page
    assert 'href="#pied-de-page"' in page and 'id="pied-de-page"' in page
    assert "dsfr/dist/dsfr/dsfr.min.css" in page
    assert "Académie<br>de Poitiers" in page


def test_entry_page_costs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(reverse("portal:services_en_ligne")).status_code == 200
