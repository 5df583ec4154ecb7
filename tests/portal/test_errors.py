"""Error pages in French (DSFR), and a demo that shows neither tracebacks nor the URL patterns."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import path

from config import urls as project_urls
from portal.errors import server_error

ROOT = Path(__file__).resolve().parents[2]


def _boom(request):
    raise RuntimeError("secret detail of the failure")


urlpatterns = [path("boom/", _boom), *project_urls.urlpatterns]
handler500 = project_urls.handler500


def test_unknown_page_is_a_french_404_without_the_url_patterns(db, client):
    response = client.get("/nexistepas/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "Page introuvable" in content
    assert "Revenir aux Services en ligne" in content
    assert "URLconf" not in content and "admin/" not in content


def test_a_parent_opening_the_admin_gets_a_french_403(client, parent_with_children):
    client.force_login(parent_with_children)

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    content = response.content.decode()
    assert "Accès refusé" in content
    assert "Forbidden" not in content


def test_server_error_page_needs_no_request_context(db, settings):
    # Even a broken context processor cannot break the error page.
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "context_processors": ["tests.portal.test_errors.broken_processor"],
            },
        }
    ]

    response = server_error(None)

    assert response.status_code == 500
    assert "Erreur inattendue" in response.content.decode()


def broken_processor(request):
    raise RuntimeError("the database is down")


@pytest.mark.urls("tests.portal.test_errors")
def test_an_exception_shows_the_french_500_without_traceback(db):
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    content = response.content.decode()
    assert "Erreur inattendue" in content
    assert "secret detail" not in content and "Traceback" not in content


def test_a_form_sent_without_its_token_gets_the_french_csrf_page(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/connexion/academique/", {"login": "x", "password": "y"})

    assert response.status_code == 403
    content = response.content.decode()
    assert "Formulaire expiré" in content
    assert "CSRF" not in content


def test_the_demo_settings_run_without_debug():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.WHITENOISE_USE_FINDERS)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )

    assert result.stdout.split() == ["False", "True"], result.stderr
