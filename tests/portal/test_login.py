import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory
from tests.portal.helpers import accept_current_charter, page_text

pytestmark = pytest.mark.django_db

EDUCONNECT = reverse("portal:login_educonnect")
ACADEMIC = reverse("portal:login_academic")
GENERIC_ERROR = "Identifiant ou mot de passe incorrect."


def post_login(client, url, login, password):
    return client.post(url, {"login": login, "password": password})


def test_educonnect_page_looks_like_scolarite_services(client):
    response = client.get(EDUCONNECT)
    page = page_text(response)
    assert response.status_code == 200
    assert "<title>Scolarité services - Authentification" in page
    assert "Je me connecte avec mon compte" in page
    assert "Munissez-vous du courrier de notification" in page
    assert 'id="id_login"' in page and 'id="id_password"' in page
    assert '<label class="fr-label" for="id_login">' in page
    assert "Identifiant" in page and "Mot de passe" in page
    assert ">VALIDER</button>" in page
    for link, name in (
        ("Identifiant oublié ?", "portal:forgotten_identifier"),
        ("Mot de passe oublié ?", "portal:forgotten_password"),
        ("Je n'ai pas encore d'identifiant", "portal:no_identifier_yet"),
    ):
        assert link in page
        assert f'href="{reverse(name)}"' in page


def test_academic_page_asks_for_password_or_otp(client):
    page = page_text(client.get(ACADEMIC, {"profil": "enseignant"}))
    assert "Authentifiez-vous" in page
    assert "Mot de passe ou passecode OTP" in page
    assert ">Valider</button>" in page
    assert f'href="{reverse("portal:academic_help")}">Aide<' in page
    assert "Oups ! J'ai oublié mon identifiant et mon mot de passe" in page


@pytest.mark.parametrize(
    "name",
    [
        # Identifiant / mot de passe oubliés and "pas encore d'identifiant" are real flows now
        # (educonnect app, tested in tests/educonnect).
        "portal:academic_help",
        "portal:academic_forgotten",
    ],
)
def test_help_pages_say_honestly_what_to_do_and_show_the_school_contact(
    client, establishment, name
):
    page = page_text(client.get(reverse(name)))
    assert "n'est pas encore disponible" in page or "messagerie académique" in page
    assert "secrétariat" in page
    assert "Collège Marcel Pagnol" in page  # the chooser
    chosen = page_text(client.get(reverse(name), {"etablissement": establishment.uai}))
    assert establishment.vie_scolaire_email in chosen


def test_parent_logs_in_on_educonnect_page_and_lands_on_dashboard(
    client, parent_with_children, password
):
    response = post_login(client, EDUCONNECT, "s.martin", password)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")
    assert client.session["_auth_user_id"] == str(parent_with_children.pk)


def test_teacher_logs_in_on_academic_page(client, teacher, password):
    response = post_login(client, ACADEMIC, "j.prof", password)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(teacher.pk)


def test_login_goes_back_to_the_local_next_page(client, teacher, password):
    accept_current_charter(teacher)
    response = client.post(
        f"{ACADEMIC}?next=/mes-applications/%3Fq%3Dpronote",
        {"login": "j.prof", "password": password},
    )
    assert response["Location"] == "/mes-applications/?q=pronote"


def test_wrong_password_unknown_identifier_and_wrong_portal_give_the_same_answer(
    client, parent_with_children, teacher, password
):
    wrong_password = post_login(client, EDUCONNECT, "s.martin", "Mauvais-Mot-2026!")
    unknown = post_login(client, EDUCONNECT, "x.inconnu", password)
    teacher_on_pupil_portal = post_login(client, EDUCONNECT, "j.prof", password)
    parent_on_staff_portal = post_login(Client(), ACADEMIC, "s.martin", password)
    for response in (wrong_password, unknown, teacher_on_pupil_portal, parent_on_staff_portal):
        assert response.status_code == 200
        assert GENERIC_ERROR in page_text(response)
        assert "_auth_user_id" not in response.wsgi_request.session

    # Not a word more for an existing account than for an unknown one.
    def error_block(response):
        page = page_text(response)
        start = page.index('class="fr-alert fr-alert--error')
        return page[start : page.index("</div>", start)]

    assert (
        error_block(wrong_password) == error_block(unknown) == error_block(teacher_on_pupil_portal)
    )


@pytest.mark.parametrize("state", [User.State.CLOSED, User.State.EXPIRED])
def test_closed_or_expired_account_cannot_log_in(client, parent_with_children, password, state):
    parent_with_children.state = state
    parent_with_children.save(update_fields=["state"])
    response = post_login(client, EDUCONNECT, "s.martin", password)
    assert response.status_code == 200
    assert GENERIC_ERROR in page_text(response)
    assert "_auth_user_id" not in client.session


def test_inactive_account_gets_the_generic_error_not_allauths_inactive_page(
    client, parent_with_children, password
):
    parent_with_children.is_active = False
    parent_with_children.save(update_fields=["is_active"])
    response = post_login(client, EDUCONNECT, "s.martin", password)
    assert response.status_code == 200
    assert GENERIC_ERROR in page_text(response)


def test_provisional_account_cannot_log_in_with_a_password(client, password):
    # Even if a usable password were set by mistake, the provisional state refuses it.
    UserFactory(username="p.provisoire", profile=User.Profile.PARENT, state=User.State.PROVISIONAL)
    response = post_login(client, EDUCONNECT, "p.provisoire", password)
    assert GENERIC_ERROR in page_text(response)
    UserFactory(
        username="p.courrier",
        profile=User.Profile.PARENT,
        state=User.State.PROVISIONAL,
        password=make_password(None),
    )
    response = post_login(client, EDUCONNECT, "p.courrier", "DCBRJDWH")
    assert GENERIC_ERROR in page_text(response)
    assert "_auth_user_id" not in client.session


def test_guardian_awaiting_email_logs_in_and_is_kept_on_the_awaiting_page(client, password):
    parent = UserFactory(
        username="p.attente", profile=User.Profile.PARENT, state=User.State.AWAITING_EMAIL
    )
    accept_current_charter(parent)
    assert post_login(client, EDUCONNECT, "p.attente", password).status_code == 302
    assert client.get(reverse("portal:dashboard"))["Location"] == reverse(
        "activation:awaiting_email"
    )


def test_sixth_failed_login_within_five_minutes_is_refused_even_with_the_right_password(
    client, parent_with_children, password
):
    for _ in range(5):
        response = post_login(client, EDUCONNECT, "s.martin", "Mauvais-Mot-2026!")
        assert GENERIC_ERROR in page_text(response)
    response = post_login(Client(), EDUCONNECT, "s.martin", password)
    assert response.status_code == 200
    assert "Trop de tentatives de connexion" in page_text(response)
    assert "_auth_user_id" not in response.wsgi_request.session


def test_wrong_portal_attempts_count_like_wrong_passwords(client, teacher, password):
    for _ in range(5):
        assert GENERIC_ERROR in page_text(post_login(client, EDUCONNECT, "j.prof", password))
    response = post_login(client, ACADEMIC, "j.prof", password)
    assert "Trop de tentatives de connexion" in page_text(response)


def test_successful_logins_do_not_use_up_the_failure_budget(client, teacher, password):
    for _ in range(6):
        assert post_login(Client(), ACADEMIC, "j.prof", password).status_code == 302


def test_session_key_is_rotated_at_login(client, teacher, password):
    client.get(ACADEMIC)
    client.session.save()
    before = client.session.session_key
    assert before
    post_login(client, ACADEMIC, "j.prof", password)
    assert client.session.session_key != before
    assert client.session["_auth_user_id"] == str(teacher.pk)


def test_logout_is_a_post(client, teacher):
    accept_current_charter(teacher)
    client.force_login(teacher)
    client.get(reverse("account_logout"))
    assert "_auth_user_id" in client.session  # GET only shows the confirmation page
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:services_en_ligne")
    assert "_auth_user_id" not in client.session


def test_logout_everywhere_ends_every_session_of_the_account(teacher, parent_with_children):
    accept_current_charter(teacher)
    accept_current_charter(parent_with_children)
    laptop, phone, someone_else = Client(), Client(), Client()
    laptop.force_login(teacher)
    phone.force_login(teacher)
    someone_else.force_login(parent_with_children)
    dashboard = reverse("portal:dashboard")
    assert phone.get(dashboard).status_code == 200

    response = laptop.post(reverse("portal:logout_everywhere"))
    assert response.status_code == 302
    assert "déconnecté de tous vos appareils" in page_text(laptop.get(response["Location"]))

    assert laptop.get(dashboard).status_code == 302
    assert phone.get(dashboard).status_code == 302
    assert someone_else.get(dashboard).status_code == 200
    teacher.refresh_from_db()
    assert teacher.session_stamp
    from accounts.models import AuditEvent

    assert AuditEvent.objects.filter(action="sessions_revoked", actor=teacher).count() == 1


def test_logout_everywhere_refuses_get(client, teacher):
    accept_current_charter(teacher)
    client.force_login(teacher)
    assert client.get(reverse("portal:logout_everywhere")).status_code == 405


@pytest.mark.parametrize("profile", ["region", "autres"])
def test_region_and_other_profiles_are_not_sent_to_the_academic_mailbox(client, db, profile):
    page = client.get(reverse("portal:login_academic") + f"?profil={profile}").content.decode()

    assert "messagerie académique" not in page
    assert "secrétariat de l'établissement vous a communiqués" in page.replace("&#x27;", "'")


def test_teachers_still_use_their_academic_credentials(client, db):
    page = client.get(reverse("portal:login_academic") + "?profil=enseignant").content.decode()

    assert "messagerie académique" in page


def test_the_footer_help_link_opens_a_help_page(client, db):
    home = client.get(reverse("portal:services_en_ligne")).content.decode()
    help_url = reverse("portal:connection_help")

    assert f'href="{help_url}">Aide à la connexion' in home
    page = client.get(help_url)
    assert page.status_code == 200
    assert "Identifiant oublié" in page.content.decode()
