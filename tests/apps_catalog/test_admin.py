"""Catalogue admin: the profiles who see an application are ticked as checkboxes and stored as
ApplicationAudience rows; the changelist costs a fixed number of queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from apps_catalog.models import (
    CATALOG_VERSION_CACHE_KEY,
    Application,
    ApplicationAudience,
    Category,
)


@pytest.fixture
def superuser_client(client, db):
    root = User.objects.create_superuser(
        username="root",
        email="root@example.org",
        password="Cartable-Root-2026!",
        profile=User.Profile.AUTRE,
        state=User.State.ACTIVE,
    )
    client.force_login(root)
    return client


@pytest.fixture
def category(db):
    return Category.objects.create(name="Catégorie de test", order=99)


def application_data(category, **overrides):
    data = {
        "name": "Pronote de test",
        "slug": "pronote-test",
        "description": "Notes, cahier de textes",
        "category": category.pk,
        "order": 1,
        "is_active": "on",
        "url": "https://pronote.example.org/",
        "opens_with": Application.OpensWith.SSO,
        "icon": "fr-icon-book-2-line",
        "profiles": [User.Profile.ELEVE, User.Profile.PARENT],
    }
    data.update(overrides)
    return data


def with_descriptions(data, application=None, **texts):
    """Adds the "descriptions par profil" inline: one form per profile the tile already has."""
    audiences = list(application.audiences.order_by("pk")) if application else []
    data = dict(data)
    data.update(
        {
            "audiences-TOTAL_FORMS": str(len(audiences)),
            "audiences-INITIAL_FORMS": str(len(audiences)),
            "audiences-MIN_NUM_FORMS": "0",
            "audiences-MAX_NUM_FORMS": "1000",
        }
    )
    for index, audience in enumerate(audiences):
        data[f"audiences-{index}-id"] = str(audience.pk)
        data[f"audiences-{index}-application"] = str(application.pk)
        data[f"audiences-{index}-description"] = texts.get(audience.profile, "")
    return data


def test_profiles_checkboxes_write_audiences(superuser_client, category):
    page = superuser_client.get(reverse("admin:apps_catalog_application_add")).content.decode()
    assert 'type="checkbox" name="profiles" value="enseignant"' in page

    response = superuser_client.post(
        reverse("admin:apps_catalog_application_add"), with_descriptions(application_data(category))
    )
    assert response.status_code == 302
    application = Application.objects.get(slug="pronote-test")
    assert set(application.audiences.values_list("profile", flat=True)) == {"eleve", "parent"}

    version = cache.get(CATALOG_VERSION_CACHE_KEY)
    url = reverse("admin:apps_catalog_application_change", args=[application.pk])
    page = superuser_client.get(url).content.decode()
    assert 'value="parent" id="id_profiles_1" checked' in page

    response = superuser_client.post(
        url,
        with_descriptions(
            application_data(category, profiles=[User.Profile.ENSEIGNANT]), application
        ),
    )
    assert response.status_code == 302
    assert list(application.audiences.values_list("profile", flat=True)) == ["enseignant"]
    assert cache.get(CATALOG_VERSION_CACHE_KEY) != version  # the tiles are rebuilt


def test_changelist_shows_profiles_in_fixed_queries(
    superuser_client, category, django_assert_num_queries
):
    def add_apps(start, count):
        for i in range(start, start + count):
            app = Application.objects.create(
                name=f"App {i}", slug=f"app-{i}", url="https://example.org/", category=category
            )
            ApplicationAudience.objects.create(application=app, profile=User.Profile.ELEVE)

    url = reverse("admin:apps_catalog_application_changelist")
    add_apps(0, 3)
    with CaptureQueriesContext(connection) as few:
        response = superuser_client.get(url)
    assert "Élève" in response.content.decode()
    before = response.context["cl"].result_count

    add_apps(3, 12)
    with django_assert_num_queries(len(few.captured_queries)):
        response = superuser_client.get(url)
    assert response.context["cl"].result_count == before + 12


def test_each_profile_may_read_its_own_description(superuser_client, category):
    from apps_catalog.selectors import application_tiles_for_profile

    superuser_client.post(
        reverse("admin:apps_catalog_application_add"), with_descriptions(application_data(category))
    )
    application = Application.objects.get(slug="pronote-test")
    url = reverse("admin:apps_catalog_application_change", args=[application.pk])
    page = superuser_client.get(url).content.decode()
    assert "descriptions par profil" in page.lower()
    response = superuser_client.post(
        url,
        with_descriptions(
            application_data(category), application, parent="Les notes de vos enfants."
        ),
    )
    assert response.status_code == 302

    def description(profile):
        tiles = [t for g in application_tiles_for_profile(profile=profile) for t in g["tiles"]]
        return next(t["description"] for t in tiles if t["slug"] == "pronote-test")

    assert description(User.Profile.PARENT) == "Les notes de vos enfants."
    assert description(User.Profile.ELEVE) == "Notes, cahier de textes"
