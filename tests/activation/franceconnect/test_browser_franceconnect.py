"""A parent logs in through FranceConnect against the local OpenID Connect provider, in Debian's
chromium, with screenshots; an unknown identity gets the explanation page."""

import re

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

from accounts.models import User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_data"),
]


def test_parent_logs_in_with_franceconnect(
    live_server, browser_page, screenshot, franceconnect, sophie
):
    page = browser_page
    page.goto(live_server.url + "/connexion/eleve-parent/")
    expect(page.get_by_role("button", name="S’identifier avec FranceConnect")).to_be_visible()
    screenshot(page, "bouton-franceconnect")
    page.get_by_role("button", name="S’identifier avec FranceConnect").click()

    # The local provider's consent page stands for FranceConnect's.
    expect(page).to_have_url(re.compile(r"^http://localhost:\d+/oauth2/authorize"))
    screenshot(page, "fournisseur-identite")
    page.get_by_role("button", name="fc-sophie-martin").click()

    expect(page).to_have_url(re.compile(r"/charte/"))
    page.locator("label[for=id_accept]").click()
    page.get_by_role("button", name="Accepter").click()
    expect(page.get_by_role("heading", name="Mes applications")).to_be_visible()
    expect(page.get_by_text("Dylan").first).to_be_visible()
    screenshot(page, "mes-applications")
    sophie.refresh_from_db()
    assert sophie.state == User.State.ACTIVE
    assert SocialAccount.objects.filter(user=sophie, uid="fc-sophie-martin").exists()


def test_unknown_identity_sees_the_explanation(
    live_server, browser_page, screenshot, franceconnect, sophie
):
    page = browser_page
    page.goto(live_server.url + "/connexion/eleve-parent/")
    page.get_by_role("button", name="S’identifier avec FranceConnect").click()
    page.get_by_role("button", name="fc-inconnu").click()
    expect(
        page.get_by_role("heading", name="Nous n'avons pas trouvé votre compte responsable")
    ).to_be_visible()
    screenshot(page, "identite-inconnue")
    assert not SocialAccount.objects.exists()
