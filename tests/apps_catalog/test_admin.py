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


def test_profiles_checkboxes_write_audiences(superuser_client, category):
    page = superuser_client.get(reverse("admin:apps_catalog_application_add")).content.decode()
    assert 'type="checkbox" name="profiles" value="enseignant"' in page

    response = superuser_client.post(
        reverse("admin:apps_catalog_application_add"), application_data(category)
    )
    assert response.status_code == 302
    application = Application.objects.get(slug="pronote-test")
    assert set(application.audiences.values_list("profile", flat=True)) == {"eleve", "parent"}

    version = cache.get(CATALOG_VERSION_CACHE_KEY)
    url = reverse("admin:apps_catalog_application_change", args=[application.pk])
    page = superuser_client.get(url).content.decode()
    assert 'value="parent" id="id_profiles_1" checked' in page

    response = superuser_client.post(
        url, application_data(category, profiles=[User.Profile.ENSEIGNANT])
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
