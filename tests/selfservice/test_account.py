"""Mon compte: menu, profil (e-mail change by link, password change), enfants, fiche de
renseignements. Each account sees only its own data."""

import html
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent, Guardian, User
from core.phones import normalize_phone
from selfservice.models import EmailChangeRequest
from tests.factories import (
    DEFAULT_PASSWORD,
    DivisionFactory,
    GuardianFactory,
    GuardianLinkFactory,
    PupilFactory,
    UserFactory,
)

PROFILE = reverse("selfservice:account_profile")
EMAIL = reverse("selfservice:account_email_change")
PASSWORD = reverse("selfservice:account_password_change")
CHILDREN = reverse("selfservice:account_children")
FICHE = reverse("selfservice:fiche")
NEW_PASSWORD = "Nouveau!Poitiers86"


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture(autouse=True)
def _eager_tasks(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CARTABLE_PUBLIC_URL = "https://ent.example.fr"


@pytest.fixture
def pupil(establishment):
    account = UserFactory(
        username="d.martin",
        first_name="Dylan",
        last_name="Martin",
        profile=User.Profile.ELEVE,
        accepted_charter_version=99,
    )
    PupilFactory(
        establishment=establishment, first_name="Dylan", last_name="MARTIN", account=account
    )
    return account


# --- Menu and profile ----------------------------------------------------------------------------


def test_compte_opens_the_profile_with_the_side_menu(parent_client):
    response = parent_client.get(reverse("selfservice:account_home"), follow=True)
    page = text(response)
    assert response.status_code == 200
    for item in (
        "Votre compte",
        "Compte de s.martin",
        "PROFIL",
        "ENFANTS",
        "RETOUR",
        "SE DÉCONNECTER",
    ):
        assert item in page
    assert "sophie@example.org" in page
    assert 'action="/comptes/logout/"' in response.content.decode()  # logout is a POST form


def test_the_header_links_to_mon_compte(parent_client):
    assert f'href="{PROFILE}"' in parent_client.get(PROFILE).content.decode()


def test_anonymous_visitors_are_sent_to_login(client):
    for url in (PROFILE, EMAIL, PASSWORD, CHILDREN, FICHE):
        response = client.get(url)
        assert response.status_code == 302 and "/compte" not in response["Location"].split("?")[0]


def test_a_pupil_has_a_profile_but_no_children_page(client, pupil):
    client.force_login(pupil)
    page = text(client.get(PROFILE))
    assert "PROFIL" in page and "ENFANTS" not in page
    assert client.get(CHILDREN).status_code == 404
    assert client.get(FICHE).status_code == 404


def test_profile_and_fiche_say_which_address_is_used_for_what(parent_client, client, pupil):
    profile = text(parent_client.get(PROFILE))
    assert "L'adresse de votre compte sert à retrouver votre identifiant" in profile
    assert "l'adresse de votre fiche de renseignements , qui peut être différente" in profile
    fiche = text(parent_client.get(FICHE))
    assert "celle à laquelle l'établissement vous écrit" in fiche
    assert "ne change pas l'adresse de votre compte" in fiche
    client.force_login(pupil)
    pupil_profile = text(client.get(PROFILE))
    assert "L'adresse de votre compte sert" in pupil_profile
    assert "fiche de renseignements" not in pupil_profile


# --- E-mail change -----------------------------------------------------------------------------


def test_email_change_needs_the_password(parent_client, parent):
    response = parent_client.post(
        EMAIL,
        {
            "current_password": "mauvais",
            "new_email": "neuf@example.org",
            "new_email2": "neuf@example.org",
        },
    )
    assert response.status_code == 200 and "Mot de passe incorrect." in text(response)
    assert not EmailChangeRequest.objects.exists() and not mail.outbox


def test_email_change_confirmations_must_match(parent_client):
    response = parent_client.post(
        EMAIL,
        {
            "current_password": DEFAULT_PASSWORD,
            "new_email": "neuf@example.org",
            "new_email2": "autre@example.org",
        },
    )
    assert "Les deux adresses électroniques ne sont pas identiques." in text(response)
    assert not EmailChangeRequest.objects.exists()


def test_email_change_by_link_tells_the_old_address(
    parent_client, parent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = parent_client.post(
            EMAIL,
            {
                "current_password": DEFAULT_PASSWORD,
                "new_email": "Neuf@Example.org",
                "new_email2": "neuf@example.org",
            },
        )
    assert response["Location"] == PROFILE
    parent.refresh_from_db()
    assert parent.email == "sophie@example.org"  # unchanged until the link is clicked
    assert "Changement d'adresse en attente" in text(parent_client.get(PROFILE))

    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"neuf@example.org", "sophie@example.org"}
    assert "neuf@example.org" in by_address["sophie@example.org"].body
    assert (
        "https://ent.example.fr/compte/profil/adresse-mail/confirmer/"
        not in by_address["sophie@example.org"].body
    )
    link = re.search(
        r"https://ent\.example\.fr(/compte/profil/adresse-mail/confirmer/\S+/)",
        by_address["neuf@example.org"].body,
    ).group(1)

    confirmed = Client().get(link)  # opened from the mailbox, maybe on another device
    assert (
        confirmed.status_code == 200
        and "Votre nouvelle adresse électronique est validée" in text(confirmed)
    )
    parent.refresh_from_db()
    assert parent.email == "neuf@example.org"
    assert list(
        EmailAddress.objects.filter(user=parent).values_list("email", "verified", "primary")
    ) == [("neuf@example.org", True, True)]
    assert AuditEvent.objects.filter(action="account.email_changed", actor=parent).exists()
    assert Client().get(link).status_code == 410  # single use


def test_a_newer_request_kills_the_previous_link(parent, django_capture_on_commit_callbacks):
    from selfservice.services.account import account_email_change_request

    with django_capture_on_commit_callbacks(execute=True):
        account_email_change_request(account=parent, new_email="un@example.org")
        account_email_change_request(account=parent, new_email="deux@example.org")
    first = next(m for m in mail.outbox if m.to == ["un@example.org"])
    link = re.search(r"(/compte/profil/adresse-mail/confirmer/\S+/)", first.body).group(1)
    assert Client().get(link).status_code == 410
    parent.refresh_from_db()
    assert parent.email == "sophie@example.org"


def test_an_address_verified_on_another_account_is_refused(parent_client, establishment):
    other = UserFactory(username="x.autre")
    EmailAddress.objects.create(user=other, email="pris@example.org", verified=True, primary=True)
    response = parent_client.post(
        EMAIL,
        {
            "current_password": DEFAULT_PASSWORD,
            "new_email": "pris@example.org",
            "new_email2": "pris@example.org",
        },
    )
    assert "ne peut pas être utilisée" in text(response)
    assert not EmailChangeRequest.objects.exists()


# --- Password change ----------------------------------------------------------------------------


def test_password_change_shows_the_rule_and_checks_the_current_password(parent_client, parent):
    page = text(parent_client.get(PASSWORD))
    assert "3 des 4 critères" in page
    response = parent_client.post(
        PASSWORD,
        {"current_password": "faux", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "Mot de passe incorrect." in text(response)
    weak = parent_client.post(
        PASSWORD,
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password1": "abcdefgh",
            "new_password2": "abcdefgh",
        },
    )
    assert weak.status_code == 200
    parent.refresh_from_db()
    assert parent.check_password(DEFAULT_PASSWORD)


def test_password_change_ends_the_other_sessions_and_keeps_this_one(
    parent, django_capture_on_commit_callbacks
):
    here, elsewhere = Client(), Client()
    here.force_login(parent)
    elsewhere.force_login(parent)
    assert elsewhere.get(PROFILE).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = here.post(
            PASSWORD,
            {
                "current_password": DEFAULT_PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
            follow=True,
        )
    assert "Votre mot de passe a été modifié" in text(response)
    assert here.get(PROFILE).status_code == 200  # still logged in here
    gone = elsewhere.get(PROFILE)
    assert gone.status_code == 302 and "/compte/" not in gone["Location"].split("?")[0]

    parent.refresh_from_db()
    assert parent.check_password(NEW_PASSWORD)
    assert [m.subject for m in mail.outbox] == [
        "Message des services en ligne - Votre mot de passe a été modifié"
    ]
    assert mail.outbox[0].to == ["sophie@example.org"]
    assert AuditEvent.objects.filter(action="account.password_changed", actor=parent).exists()


def test_wrong_current_passwords_are_rate_limited_like_logins(parent_client):
    for _ in range(5):
        parent_client.post(
            PASSWORD,
            {
                "current_password": "faux",
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )
    response = parent_client.post(
        PASSWORD,
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert "Trop de tentatives" in text(response)


# --- Enfants -----------------------------------------------------------------------------------


def test_children_page_lists_each_child_with_class_school_and_responsable(
    parent_client, parent, establishment
):
    page = text(parent_client.get(CHILDREN))
    assert "Enfants rattachés au compte" in page
    assert page.count("Responsable : Sophie MARTIN") == 2
    assert "Collège Marcel Pagnol" in page and "REGROUPER DES COMPTES" in page


def test_children_page_costs_the_same_queries_whatever_the_number_of_children(
    parent_client, parent, establishment
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    parent_client.get(CHILDREN)  # warm the session and charter caches
    guardian = Guardian.objects.get(account=parent)
    with CaptureQueriesContext(connection) as two_children:
        parent_client.get(CHILDREN)
    # (session when stored in the database), user, children: one query for the whole list.
    assert len(two_children) <= 3
    for n in range(5):
        division = DivisionFactory(establishment=establishment, code=f"3 {n}", level="3")
        GuardianLinkFactory(
            guardian=guardian, pupil=PupilFactory(establishment=establishment, division=division)
        )
    with CaptureQueriesContext(connection) as seven_children:
        response = parent_client.get(CHILDREN)
    assert text(response).count("Responsable :") == 7
    assert len(seven_children) == len(two_children)


def test_children_of_someone_else_never_show(parent_client, establishment):
    stranger = GuardianFactory(
        establishment=establishment,
        first_name="Paul",
        last_name="DURAND",
        account=UserFactory(username="p.durand"),
    )
    GuardianLinkFactory(
        guardian=stranger, pupil=PupilFactory(establishment=establishment, first_name="Léa")
    )
    assert "Léa" not in text(parent_client.get(CHILDREN))


# --- Fiche de renseignements ----------------------------------------------------------------------


def test_fiche_edits_only_own_records(parent_client, parent, establishment):
    own = Guardian.objects.get(account=parent)
    stranger = GuardianFactory(
        establishment=establishment,
        first_name="Paul",
        last_name="DURAND",
        account=UserFactory(username="p.durand"),
    )
    page = text(parent_client.get(FICHE))
    assert "Sophie" in page and "DURAND" not in page
    assert (
        parent_client.get(reverse("selfservice:fiche_edit", args=[stranger.pk])).status_code == 404
    )
    response = parent_client.post(
        reverse("selfservice:fiche_edit", args=[stranger.pk]), {"city": "ICI"}
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.city != "ICI"

    bad = parent_client.post(
        reverse("selfservice:fiche_edit", args=[own.pk]), {"phone_mobile": "12"}
    )
    assert "Saisissez un numéro de téléphone valide" in text(bad)
    ok = parent_client.post(
        reverse("selfservice:fiche_edit", args=[own.pk]),
        {
            "phone_mobile": "0612345678",
            "address_lines": "3 rue Neuve",
            "postal_code": "86000",
            "city": "POITIERS",
            "email": "sophie@example.org",
        },
    )
    assert ok["Location"] == FICHE
    own.refresh_from_db()
    assert own.city == "POITIERS" and str(own.phone_mobile) == "+33612345678"
    assert AuditEvent.objects.get(action="guardian.contact_updated").target_id == str(own.pk)


def test_fiche_accepts_a_reunion_mobile_as_the_roster_import_reads_it(parent_client, parent):
    own = Guardian.objects.get(account=parent)
    url = reverse("selfservice:fiche_edit", args=[own.pk])
    response = parent_client.post(
        url, {"phone_mobile": "0692 12 34 56", "email": "sophie@example.org"}
    )
    assert response.status_code == 302, text(response)
    own.refresh_from_db()
    assert str(own.phone_mobile) == normalize_phone("0692 12 34 56").e164 == "+262692123456"
    assert 'value="0692 12 34 56"' in parent_client.get(url).content.decode()
