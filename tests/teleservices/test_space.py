"""The Scolarité services space: the menu of the seed, a family's children one click apart, and
nobody else's child."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import GuardianLinkFactory, PupilFactory, UserFactory
from tests.portal.test_dashboard import session_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def parent(parent_with_children):
    parent_with_children.accepted_charter_version = 99
    parent_with_children.save(update_fields=["accepted_charter_version"])
    return parent_with_children


def children_of(parent):
    guardian = parent.guardian_records.get()
    return {pupil.first_name: pupil for pupil in guardian.pupils.all()}


def test_the_menu_is_the_one_families_know(client, parent):
    client.force_login(parent)
    page = client.get(reverse("teleservices:home")).content.decode()
    for entry in ("MON COMPTE", "ACCUEIL", "VIE SCOLAIRE", "CAHIER DE TEXTES", "NOTES", "LIVRET",
                  "SERVICES EN LIGNE"):  # fmt: skip
        assert entry in page
    assert "Dylan" in page and "Florian" in page
    assert "Votre contact vie scolaire" not in page  # no child chosen yet


def test_a_parent_switches_child_in_one_click_on_the_same_section(client, parent):
    kids = children_of(parent)
    client.force_login(parent)
    page = client.get(
        reverse("teleservices:vie_scolaire", kwargs={"pupil_id": kids["Dylan"].pk})
    ).content.decode()
    florian = reverse("teleservices:vie_scolaire", kwargs={"pupil_id": kids["Florian"].pk})
    assert f'href="{florian}"' in page
    assert "Votre contact vie scolaire" in page and "Aucun évènement de vie scolaire" in page


def test_another_familys_child_is_not_found(client, parent, establishment):
    stranger = PupilFactory(establishment=establishment)
    client.force_login(parent)
    for name in ("child_home", "vie_scolaire", "cahier", "notes", "livret"):
        response = client.get(reverse(f"teleservices:{name}", kwargs={"pupil_id": stranger.pk}))
        assert response.status_code == 404


def test_a_pupil_lands_on_their_own_page(client, establishment):
    pupil = PupilFactory(establishment=establishment, first_name="Inès")
    pupil.account = UserFactory(profile=User.Profile.ELEVE, accepted_charter_version=99)
    pupil.save()
    client.force_login(pupil.account)
    response = client.get(reverse("teleservices:home"))
    assert response.url == reverse("teleservices:child_home", kwargs={"pupil_id": pupil.pk})
    page = client.get(response.url).content.decode()
    assert "Inès" in page and "toi" in page


def test_staff_are_told_the_space_is_for_families(client, teacher):
    teacher.accepted_charter_version = 99
    teacher.save(update_fields=["accepted_charter_version"])
    client.force_login(teacher)
    response = client.get(reverse("teleservices:home"))
    assert response.status_code == 403
    assert "espace des élèves et de leurs responsables" in response.content.decode()


def test_a_guardian_without_child_is_told_what_to_do(client, establishment):
    lonely = UserFactory(profile=User.Profile.PARENT, accepted_charter_version=99)
    client.force_login(lonely)
    page = client.get(reverse("teleservices:home")).content.decode()
    assert "regroupez vos comptes" in page


def drop_cached_pages():
    """A roster change: every cached page is rendered again (the fragments inside it stay)."""
    from accounts.roster_version import _bump

    _bump()


def test_the_space_costs_the_same_queries_for_one_child_or_five(
    client, parent, establishment, django_assert_num_queries
):
    client.force_login(parent)
    kids = children_of(parent)
    url = reverse("teleservices:vie_scolaire", kwargs={"pupil_id": kids["Dylan"].pk})
    client.get(url)
    # Served from the page cache: session (unless in Redis), account, the family's children
    # ids (school_role: the access check); the versions are read from the cache.
    with django_assert_num_queries(session_queries() + 2):
        client.get(url)
    # Rendered: + the children with class/school (the vie scolaire's list is a cached fragment,
    # tests/vie_scolaire)
    drop_cached_pages()
    with django_assert_num_queries(session_queries() + 3):
        client.get(url)
    guardian = parent.guardian_records.get()
    for _ in range(3):
        GuardianLinkFactory(pupil=PupilFactory(establishment=establishment), guardian=guardian)
    # New children change the page's key (the switcher shows them at once).
    with django_assert_num_queries(session_queries() + 3):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(session_queries() + 2):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(session_queries() + 3):
        client.get(reverse("teleservices:home"))
    # ACCUEIL also reads the last visit (and writes it once per visit), the cahier de textes'
    # news (one query) and the vie scolaire's (events recorded, justifications answered since
    # then: two queries); from the page cache: session, account, school role, the visit.
    home = reverse("teleservices:child_home", kwargs={"pupil_id": kids["Dylan"].pk})
    client.get(home)
    with django_assert_num_queries(session_queries() + 3):
        client.get(home)
    drop_cached_pages()
    with django_assert_num_queries(session_queries() + 7):
        client.get(home)
    # NOTES reads its visit too (new marks flagged): session, account, school role, the visit.
    for name, queries in (("notes", 3), ("livret", 2), ("cahier", 2)):
        other = reverse(f"teleservices:{name}", kwargs={"pupil_id": kids["Dylan"].pk})
        client.get(other)
        with django_assert_num_queries(session_queries() + queries):
            assert client.get(other).status_code == 200


def test_the_header_opens_the_space_for_families_only(client, parent, teacher):
    client.force_login(parent)
    assert reverse("teleservices:home") in client.get(reverse("portal:dashboard")).content.decode()
    teacher.accepted_charter_version = 99
    teacher.save(update_fields=["accepted_charter_version"])
    client.force_login(teacher)
    assert (
        reverse("teleservices:home") not in client.get(reverse("portal:dashboard")).content.decode()
    )


def test_what_is_new_is_counted_from_the_visit_before_this_one(parent, establishment):
    import datetime

    from django.utils import timezone

    from teleservices.services import section_visit_record

    child = children_of(parent)["Dylan"]
    monday = timezone.now() - datetime.timedelta(days=7)
    assert section_visit_record(user=parent, pupil=child, section="accueil", now=monday) is None
    # Browsing on during the same visit keeps the same starting point…
    soon = monday + datetime.timedelta(minutes=10)
    assert section_visit_record(user=parent, pupil=child, section="accueil", now=soon) is None
    # …a visit a week later starts from the last one, and keeps it while browsing.
    later = timezone.now()
    assert section_visit_record(user=parent, pupil=child, section="accueil", now=later) == monday
    again = later + datetime.timedelta(minutes=5)
    assert section_visit_record(user=parent, pupil=child, section="accueil", now=again) == monday
    # Each child and each section has its own.
    florian = children_of(parent)["Florian"]
    assert section_visit_record(user=parent, pupil=florian, section="accueil", now=later) is None
