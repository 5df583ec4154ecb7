"""In Debian's chromium: a parent at the computer shows the QR code of "Connecter mon
téléphone"; a second browser context — the phone — reads it off the screen, opens its link,
types the code and lands logged in; revoked from the computer's "Mes appareils", the phone is
logged out at its next page. Screenshots at desktop width and 360 px; axe-core on every page."""

from __future__ import annotations

import io
import time

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD

from .conftest import PHONE_UA

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_data"),
]

CODE = "R2D2"


def _both_widths(page, screenshot, name: str) -> None:
    """A screenshot at the page's width, then at 360 px (and back)."""
    width = page.viewport_size["width"]
    screenshot(page, f"{name}-{width}")
    if width != 360:
        page.set_viewport_size({"width": 360, "height": 740})
        screenshot(page, f"{name}-360")
        page.set_viewport_size({"width": width, "height": 900})


def _scan(page) -> str:
    """What a phone's camera reads in the QR code on the screen."""
    png = page.locator("svg.devices-qr").screenshot()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
    assert len(found) == 1, "QR code illisible"
    return found[0].text


def test_a_phone_is_paired_by_qr_code_then_revoked_from_the_computer(
    live_server, browser_page, chromium, screenshot, axe, parent_with_children, settings
):
    settings.CARTABLE_PUBLIC_URL = live_server.url
    parent_with_children.accepted_charter_version = 99
    parent_with_children.save(update_fields=["accepted_charter_version"])
    computer = browser_page

    # 1. The computer: a password login, then Mon compte > Connecter mon téléphone.
    computer.goto(live_server.url + reverse("portal:login_educonnect"))
    computer.locator("#id_login").fill("s.martin")
    computer.locator("#id_password").fill(DEFAULT_PASSWORD)
    computer.get_by_role("button", name="VALIDER").click()
    expect(computer.get_by_role("heading", name="Mes applications")).to_be_visible()
    computer.get_by_role("link", name="Mon compte").click()
    computer.get_by_role("link", name="Connecter mon téléphone").click()
    expect(computer.get_by_role("heading", name="Connecter mon téléphone")).to_be_visible()
    axe(computer)
    _both_widths(computer, screenshot, "connecter-mon-telephone")
    computer.get_by_label("Code à 4 caractères").fill(CODE)
    computer.get_by_role("button", name="Afficher le QR code").click()
    expect(computer.get_by_role("heading", name="Scannez ce QR code")).to_be_visible()
    axe(computer)
    _both_widths(computer, screenshot, "qr-code")
    link = computer.locator("#lien-appareil").inner_text().strip()
    assert _scan(computer) == link
    assert link.startswith(live_server.url + "/appareil/")

    # 2. The phone: another browser, 360 px wide, reads the QR code and opens its link.
    phone_context = chromium.new_context(
        viewport={"width": 360, "height": 740}, locale="fr-FR", user_agent=PHONE_UA, is_mobile=True
    )
    phone = phone_context.new_page()
    phone.set_default_timeout(15_000)
    phone.goto(_scan(computer))
    expect(phone.get_by_role("heading", name="Connecter ce téléphone")).to_be_visible()
    assert phone.url == live_server.url + reverse("devices:phone_code")  # the token left the bar
    axe(phone)
    screenshot(phone, "telephone-code-360")
    phone.get_by_label("Code à 4 caractères").fill("XXXX")
    phone.get_by_role("button", name="Connecter ce téléphone").click()
    expect(phone.get_by_text("Code incorrect. Il vous reste 2 essais.")).to_be_visible()
    axe(phone)
    screenshot(phone, "telephone-code-errone-360")
    phone.get_by_label("Code à 4 caractères").fill(CODE.lower())
    phone.get_by_role("button", name="Connecter ce téléphone").click()
    expect(phone.get_by_role("heading", name="Mes applications")).to_be_visible()
    expect(phone.get_by_text("Ce téléphone est connecté à votre compte")).to_be_visible()
    axe(phone)
    screenshot(phone, "telephone-connecte-360")
    # A persistent cookie: the phone stays logged in when its browser restarts.
    session_cookie = next(c for c in phone_context.cookies() if c["name"] == "sessionid")
    assert session_cookie["expires"] > time.time() + 89 * 24 * 3600
    restarted = chromium.new_context(
        viewport={"width": 360, "height": 740},
        user_agent=PHONE_UA,
        storage_state={"cookies": [session_cookie], "origins": []},
    )
    phone_context.close()
    phone = restarted.new_page()
    phone.goto(live_server.url + reverse("portal:dashboard"))
    expect(phone.get_by_role("heading", name="Mes applications")).to_be_visible()
    phone.goto(live_server.url + reverse("devices:device_list"))
    expect(phone.get_by_text("Cet appareil")).to_be_visible()
    screenshot(phone, "telephone-mes-appareils-360")

    # 3. The computer sees it connected, in Mes appareils, and revokes it.
    computer.get_by_role("link", name="Vérifier la connexion du téléphone").click()
    expect(computer.get_by_role("heading", name="Votre téléphone est connecté")).to_be_visible()
    axe(computer)
    computer.get_by_role("link", name="Mes appareils").last.click()
    expect(computer.get_by_role("heading", name="MES APPAREILS")).to_be_visible()
    expect(computer.locator("#appareils")).to_contain_text("Chrome sur Android")
    axe(computer)
    _both_widths(computer, screenshot, "mes-appareils")
    computer.get_by_role("link", name="Renommer « Chrome sur Android »").click()
    computer.get_by_label("Nom de l'appareil").fill("Téléphone de Sophie")
    axe(computer)
    _both_widths(computer, screenshot, "renommer")
    computer.get_by_role("button", name="Enregistrer").click()
    expect(computer.locator("#appareils")).to_contain_text("Téléphone de Sophie")
    computer.get_by_role("link", name="Déconnecter « Téléphone de Sophie »").click()
    expect(
        computer.get_by_role("heading", name="Déconnecter « Téléphone de Sophie » ?")
    ).to_be_visible()
    axe(computer)
    _both_widths(computer, screenshot, "deconnecter")
    computer.get_by_role("button", name="Déconnecter cet appareil").click()
    expect(computer.get_by_text("« Téléphone de Sophie » a été déconnecté")).to_be_visible()
    expect(computer.get_by_text("Déconnectés ces 30 derniers jours")).to_be_visible()
    axe(computer)
    _both_widths(computer, screenshot, "mes-appareils-apres")

    # 4. The phone's next page: logged out, and told why.
    phone.reload()
    expect(phone.get_by_text("Ce téléphone n'est plus connecté à votre compte")).to_be_visible()
    expect(phone.get_by_role("link", name="Mon compte")).to_have_count(0)
    axe(phone)
    screenshot(phone, "telephone-deconnecte-360")

    # 5. The used link, opened again on the phone: refused.
    phone.goto(link)
    expect(
        phone.get_by_role("heading", name="Ce lien de connexion n'est plus valable")
    ).to_be_visible()
    axe(phone)
    screenshot(phone, "telephone-lien-invalide-360")
    restarted.close()
