import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import GuardianLink, User
from apps_catalog.models import Application, ApplicationAudience, Category
from tests.factories import (
    DivisionFactory,
    EstablishmentFactory,
    GuardianFactory,
    GuardianLinkFactory,
    PupilFactory,
    UserFactory,
)
from tests.portal.helpers import accept_current_charter, page_text, tile_names

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("portal:dashboard")


def logged_in(user) -> Client:
    accept_current_charter(user)
    client = Client()
    client.force_login(user)
    return client


def test_parent_sees_family_tiles_grouped_by_category_and_children(parent_with_children):
    response = logged_in(parent_with_children).get(DASHBOARD)
    page = page_text(response)
    assert response.status_code == 200
    assert "<h1" in page and "Mes applications" in page
    for name in (
        "Pronote",
        "Cahier de textes",
        "Consultation du cahier de textes",
        "Portail du CDI",
        "SACoche",
        "Site académique",
        "Services Téléservices",
        "Mes courriels",
    ):
        assert name in page
    assert (
        page.index("Vie scolaire et ressources")
        < page.index("Communication")
        < page.index("Services Téléservices")
    )
    assert "Mes enfants" in page
    assert "Dylan MARTIN" in page and "Florian MARTIN" in page
    assert "Collège Marcel Pagnol" in page
    assert "Votre contact vie scolaire" in page


def test_tiles_open_the_right_way(parent_with_children):
    page = page_text(logged_in(parent_with_children).get(DASHBOARD))
    # SSO through the portal, plain links straight to the site in a new tab, portal pages in place.
    assert (
        f'href="{reverse("sso:open", kwargs={"slug": "pronote"})}" target="_blank" rel="noopener"'
        in page
    )
    assert 'href="https://www.ac-poitiers.fr/" target="_blank" rel="noopener"' in page
    assert 'href="/teleservices/">' in page
    assert "(nouvelle fenêtre)" in page


def test_teacher_sees_staff_tiles_and_establishment_not_teleservices(teacher):
    response = logged_in(teacher).get(DASHBOARD)
    page = page_text(response)
    names = tile_names(response)
    assert "Pronote" in names and "Cahier de textes" in names
    assert "Services Téléservices" not in names
    assert "Mes enfants" not in page
    assert "Collège Marcel Pagnol" in page


def test_regional_staff_only_see_what_is_opened_to_them(establishment):
    region = UserFactory(
        username="r.region", profile=User.Profile.REGION, establishment=establishment
    )
    names = tile_names(logged_in(region).get(DASHBOARD))
    assert sorted(names) == ["Mes courriels", "Site académique"]


def test_pupil_sees_their_class(pupil_account):
    response = logged_in(pupil_account).get(DASHBOARD)
    page = page_text(response)
    assert "Ma classe" in page and "4 C" in page
    assert "SACoche" in tile_names(response)
    assert "Services Téléservices" in tile_names(response)


def test_search_filters_on_the_server_ignoring_case_and_accents(parent_with_children):
    client = logged_in(parent_with_children)
    # Pronote's and (for a parent) Scolarité services' descriptions mention the cahier de textes.
    assert tile_names(client.get(DASHBOARD, {"q": "CAHIER de TEXTES"})) == [
        "Pronote",
        "Cahier de textes",
        "Consultation du cahier de textes",
        "Services Téléservices",
    ]
    assert tile_names(client.get(DASHBOARD, {"q": "academique"})) == ["Site académique"]
    page = page_text(client.get(DASHBOARD, {"q": "introuvable"}))
    assert "Aucune application ne correspond à « introuvable »" in page


def test_inactive_application_is_hidden(parent_with_children):
    Application.objects.filter(slug="sacoche").update(is_active=False)
    from apps_catalog.models import bump_catalog_version

    bump_catalog_version()
    assert "SACoche" not in tile_names(logged_in(parent_with_children).get(DASHBOARD))


def test_catalogue_change_shows_at_once(parent_with_children):
    client = logged_in(parent_with_children)
    assert "Agenda" not in tile_names(client.get(DASHBOARD))
    category = Category.objects.get(name="Communication")
    app = Application.objects.create(
        name="Agenda",
        slug="agenda",
        url="https://agenda.example.org/",
        category=category,
        icon="fr-icon-calendar-line",
    )
    ApplicationAudience.objects.create(application=app, profile=User.Profile.PARENT)
    assert "Agenda" in page_text(client.get(DASHBOARD))
    ApplicationAudience.objects.filter(application=app).delete()
    assert "Agenda" not in tile_names(client.get(DASHBOARD))


def test_former_pupils_and_contact_only_links_are_not_listed_as_children(
    parent_with_children, establishment
):
    guardian = parent_with_children.guardian_records.get()
    import datetime

    left = PupilFactory(
        establishment=establishment, first_name="Parti", left_on=datetime.date(2020, 7, 4)
    )
    GuardianLinkFactory(pupil=left, guardian=guardian)
    contact = PupilFactory(establishment=establishment, first_name="Voisin")
    GuardianLinkFactory(pupil=contact, guardian=guardian, level=GuardianLink.Level.CONTACT)
    page = page_text(logged_in(parent_with_children).get(DASHBOARD))
    assert "Parti" not in page and "Voisin" not in page


def session_queries() -> int:
    """Sessions live in the database by default, in Redis when it is configured."""
    from django.conf import settings

    return 1 if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db" else 0


def _parent_with(n_children: int) -> User:
    account = UserFactory(profile=User.Profile.PARENT)
    # Children in different schools: the selector must still cost one query.
    for index in range(n_children):
        school = EstablishmentFactory()
        guardian = GuardianFactory(establishment=school, account=account)
        pupil = PupilFactory(
            establishment=school,
            division=DivisionFactory(establishment=school),
            first_name=f"Enfant{index}",
        )
        GuardianLinkFactory(pupil=pupil, guardian=guardian)
    return account


def _drop_cached_pages():
    """A roster change: every cached dashboard is rendered again."""
    from accounts.roster_version import _bump

    _bump()


@pytest.mark.parametrize("n_children", [1, 3])
def test_dashboard_costs_a_fixed_number_of_queries(n_children, django_assert_num_queries):
    client = logged_in(_parent_with(n_children))
    client.get(DASHBOARD)  # fills the tile and charter caches
    _drop_cached_pages()
    # Rendering: session (unless in Redis), user, children (with class and school), the
    # current news of the user's audiences (actualites), the "Mes courriels" panel (unread
    # count, last messages), the "Mon bureau" cards (favoris, task counts, next tasks, notes), the
    # "Agenda" card (the user's establishments for its cache key, read again after a roster
    # change; the establishment's events; the user's own).
    with django_assert_num_queries(session_queries() + 12):
        response = client.get(DASHBOARD)
    assert page_text(response).count("Enfant") == n_children
    # Served from the per-user page cache: the session's user only.
    with django_assert_num_queries(session_queries() + 1):
        response = client.get(DASHBOARD)
    assert page_text(response).count("Enfant") == n_children


def test_dashboard_query_count_for_pupil_and_teacher(
    pupil_account, teacher, django_assert_num_queries
):
    for account in (pupil_account, teacher):
        client = logged_in(account)
        client.get(DASHBOARD)
        _drop_cached_pages()
        # (session,) user, own class or school, current news, unread mail count, last messages,
        # the bureau cards (favoris, task counts, next tasks, latest notes), the agenda's establishments (cache key), its
        # establishment events and personal events.
        with django_assert_num_queries(session_queries() + 12):
            client.get(DASHBOARD)


def test_layout_adds_no_query_to_anonymous_pages(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(reverse("portal:login_educonnect"))


def test_the_account_bar_leads_to_distinct_places(parent_with_children, teacher):
    """Each header link goes somewhere else: the brand to Mes applications, "Scolarité services"
    to the families' space (never a second link to the dashboard under another name)."""
    import re

    for user, expected in ((parent_with_children, True), (teacher, False)):
        html = logged_in(user).get(DASHBOARD).content.decode()
        header = html[html.index("<header") : html.index("</header>")]
        links = re.findall(r'<a [^>]*href="([^"]+)"[^>]*>\s*([^<]*)', header)
        hrefs = [href for href, _ in links if not href.startswith("#")]
        assert len(hrefs) == len(set(hrefs)), links
        assert ((reverse("teleservices:home"), "Scolarité services") in links) is expected, links
        assert "Mes applications" not in [label.strip() for _, label in links]
