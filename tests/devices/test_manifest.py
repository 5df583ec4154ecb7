"""The web app manifest and its icons: what a phone needs to put Cartable on its home screen."""

from __future__ import annotations

import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MANIFEST = reverse("devices:manifest")


def test_the_manifest_is_served_as_a_manifest_with_the_dashboard_as_start(client):
    response = client.get(MANIFEST)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    body = json.loads(response.content)
    assert body["start_url"] == reverse("portal:dashboard") == "/mes-applications/"
    assert body["display"] == "standalone" and body["lang"] == "fr"
    assert body["short_name"] == "Cartable"
    assert body["theme_color"] == "#000091"  # DSFR bleu France
    purposes = {(icon["sizes"], icon["purpose"]) for icon in body["icons"]}
    assert purposes == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}


def test_every_icon_exists_at_its_announced_size(client):
    icons = json.loads(client.get(MANIFEST).content)["icons"]
    for icon in icons + [{"src": "/static/img/app/apple-touch-icon.png", "sizes": "180x180"}]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]
            assert image.format == "PNG"


def test_the_maskable_icon_fills_its_square():
    # Launchers crop a maskable icon to their own shape: its corners must be painted.
    with Image.open(finders.find("img/app/icon-maskable-512.png")) as image:
        rgba = image.convert("RGBA")
        assert rgba.getpixel((0, 0)) == (0, 0, 145, 255)
        assert rgba.getpixel((511, 511)) == (0, 0, 145, 255)


def test_every_page_links_the_manifest_and_the_policy_allows_it(client):
    response = client.get(reverse("portal:services_en_ligne"))
    page = response.content.decode()
    assert f'<link rel="manifest" href="{MANIFEST}">' in page
    assert '<meta name="theme-color" content="#000091">' in page
    # No manifest-src directive: default-src 'self' lets the manifest (same origin) load.
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "manifest-src" not in policy
    assert "dsfr/dist/favicon/manifest.webmanifest" not in page  # one manifest only


def test_the_manifest_is_reachable_before_the_charter_is_accepted(client):
    user = UserFactory(accepted_charter_version=None)
    client.force_login(user)
    assert client.get(MANIFEST).status_code == 200
