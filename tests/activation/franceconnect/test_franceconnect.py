"""FranceConnect for parents, end to end against a real OpenID Connect provider on loopback."""

import datetime

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from accounts.models import AuditEvent, GuardianLink, User
from tests.factories import GuardianFactory, GuardianLinkFactory, PupilFactory, UserFactory

from .conftest import franceconnect_login

pytestmark = pytest.mark.django_db

LOGIN_PAGE = "/connexion/eleve-parent/"


def test_login_page_offers_franceconnect_when_configured(client, franceconnect):
    page = client.get(LOGIN_PAGE).content.decode()
    assert "S’identifier avec" in page and "FranceConnect" in page
    assert 'action="/comptes/oidc/franceconnect/login/"' in page


def test_without_configuration_no_button_and_no_route(client, settings):
    from config.settings.base import franceconnect_providers

    settings.SOCIALACCOUNT_PROVIDERS = franceconnect_providers("", "", "", "openid")
    assert "FranceConnect" not in client.get(LOGIN_PAGE).content.decode()
    assert client.post("/comptes/oidc/franceconnect/login/").status_code == 404
    assert (
        client.get("/comptes/oidc/franceconnect/login/callback/?code=x&state=y").status_code == 404
    )


def test_first_use_links_the_guardian_and_activates_the_provisional_account(
    client, franceconnect, sophie
):
    response = franceconnect_login(client, "fc-sophie-martin")

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")
    assert client.session["_auth_user_id"] == str(sophie.pk)
    link = SocialAccount.objects.get(provider="franceconnect")
    assert (link.uid, link.user_id) == ("fc-sophie-martin", sophie.pk)
    sophie.refresh_from_db()
    assert sophie.state == User.State.ACTIVE
    event = AuditEvent.objects.get(action="franceconnect_linked")
    assert event.details["previous_state"] == User.State.PROVISIONAL
    assert User.objects.count() == 1  # nobody created


def test_later_logins_use_the_link_even_if_the_roster_email_changes(client, franceconnect, sophie):
    franceconnect_login(client, "fc-sophie-martin")
    client.post(reverse("account_logout"))
    sophie.guardian_records.update(email="nouvelle.adresse@example.org")

    response = franceconnect_login(client, "fc-sophie-martin")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(sophie.pk)
    assert SocialAccount.objects.count() == 1
    assert AuditEvent.objects.filter(action="franceconnect_linked").count() == 1


def test_unknown_identity_gets_an_explanation_and_nothing_is_created(client, franceconnect, sophie):
    response = franceconnect_login(client, "fc-inconnu")

    assert response.status_code == 403
    page = response.content.decode()
    assert "Nous n'avons pas trouvé votre compte responsable" in page
    assert "Contactez le collège" in page
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()
    assert User.objects.count() == 1


def test_same_email_but_other_names_is_not_matched(client, franceconnect, sophie):
    sophie.guardian_records.update(first_name="Sandrine")
    assert franceconnect_login(client, "fc-sophie-martin").status_code == 403
    assert not SocialAccount.objects.exists()


def test_names_without_the_schools_email_are_not_matched(client, franceconnect, sophie):
    sophie.guardian_records.update(email="")
    assert franceconnect_login(client, "fc-sophie-martin").status_code == 403


def test_only_a_legal_representative_of_a_current_pupil_is_matched(client, franceconnect, sophie):
    link = GuardianLink.objects.get(guardian__account=sophie)
    link.level = GuardianLink.Level.IN_CHARGE
    link.save(update_fields=["level"])
    assert franceconnect_login(client, "fc-sophie-martin").status_code == 403

    link.level = GuardianLink.Level.LEGAL
    link.save(update_fields=["level"])
    link.pupil.left_on = datetime.date(2020, 7, 4)
    link.pupil.save(update_fields=["left_on"])
    assert franceconnect_login(client, "fc-sophie-martin").status_code == 403


def test_two_accounts_matching_the_identity_are_never_guessed_between(
    client, franceconnect, sophie, establishment
):
    other = UserFactory(username="s.martin2", profile=User.Profile.PARENT)
    guardian = GuardianFactory(
        establishment=establishment,
        first_name="Sophie",
        last_name="MARTIN",
        email="sophie.martin@example.org",
        account=other,
    )
    GuardianLinkFactory(pupil=PupilFactory(establishment=establishment), guardian=guardian)

    assert franceconnect_login(client, "fc-sophie-martin").status_code == 403
    assert not SocialAccount.objects.exists()


def test_a_closed_account_stays_closed(client, franceconnect, sophie):
    franceconnect_login(client, "fc-sophie-martin")
    client.post(reverse("account_logout"))
    User.objects.filter(pk=sophie.pk).update(state=User.State.CLOSED)

    response = franceconnect_login(client, "fc-sophie-martin")

    assert response.status_code == 403
    assert "Ce compte n'est plus accessible" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_accounts_are_never_matched(client, franceconnect, sophie):
    User.objects.filter(pk=sophie.pk).update(profile=User.Profile.ENSEIGNANT)
    assert franceconnect_login(client, "fc-sophie-martin").status_code == 403
