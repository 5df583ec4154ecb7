import pytest

from accounts.models import User
from apps_catalog.models import Application, Category
from apps_catalog.selectors import (
    application_tiles_for_profile,
    tile_groups_search,
)

pytestmark = pytest.mark.django_db


def test_seeded_catalogue_per_profile():
    def names(profile):
        return [
            tile["name"]
            for group in application_tiles_for_profile(profile=profile)
            for tile in group["tiles"]
        ]

    assert names(User.Profile.PARENT) == [
        "Pronote",
        "Cahier de textes",
        "Consultation du cahier de textes",
        "Portail du CDI",
        "SACoche",
        "Mes courriels",
        "Annuaire des utilisateurs",
        "Services Téléservices",
        "Site académique",
    ]
    assert "Services Téléservices" not in names(User.Profile.ENSEIGNANT)
    assert names(User.Profile.AUTRE) == ["Mes courriels", "Site académique"]
    assert "Annuaire des utilisateurs" in names(User.Profile.ELEVE)


def test_tiles_are_cached_until_the_catalogue_changes(django_assert_num_queries):
    application_tiles_for_profile(profile=User.Profile.PARENT)
    with django_assert_num_queries(0):
        application_tiles_for_profile(profile=User.Profile.PARENT)
    Application.objects.filter(slug="sacoche").get().delete()
    with django_assert_num_queries(2):
        groups = application_tiles_for_profile(profile=User.Profile.PARENT)
    assert "sacoche" not in [tile["slug"] for group in groups for tile in group["tiles"]]


def test_renaming_a_category_invalidates_the_cache():
    application_tiles_for_profile(profile=User.Profile.PARENT)
    category = Category.objects.get(name="Communication")
    category.name = "Échanges"
    category.save()
    assert "Échanges" in [
        group["name"] for group in application_tiles_for_profile(profile=User.Profile.PARENT)
    ]


def test_search_needs_every_word():
    groups = application_tiles_for_profile(profile=User.Profile.PARENT)
    assert [
        t["name"] for g in tile_groups_search(groups, "cahier consultation") for t in g["tiles"]
    ] == ["Consultation du cahier de textes"]
    assert tile_groups_search(groups, "   ") == groups


def test_seeded_tiles_speak_to_the_profile_that_reads_them():
    def descriptions(profile):
        return {
            tile["slug"]: tile["description"]
            for group in application_tiles_for_profile(profile=profile)
            for tile in group["tiles"]
        }

    for profile in (User.Profile.ELEVE, User.Profile.ENSEIGNANT, User.Profile.PERSONNEL):
        for slug, text in descriptions(profile).items():
            assert "vos enfants" not in text, (profile, slug, text)
    assert "vos enfants" in descriptions(User.Profile.PARENT)["cahier-de-textes"]
    assert "vos classes" in descriptions(User.Profile.ENSEIGNANT)["cahier-de-textes"]
    assert "vos classes" not in descriptions(User.Profile.ELEVE)["cahier-de-textes"]
