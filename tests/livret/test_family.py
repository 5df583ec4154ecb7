"""LIVRET for the families: the child's locked bilans (never one in preparation), each with a PDF
served only to the pupil, their guardians and the direction; the page is served from the page
cache and shows a newly locked bilan at once."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from livret.models import Bilan
from tests.livret.conftest import lock
from tests.portal.test_dashboard import session_queries

pytestmark = pytest.mark.django_db


def _livret(client, pupil):
    return client.get(reverse("teleservices:livret", kwargs={"pupil_id": pupil.pk}))


def _pdf_url(bilan):
    return reverse("livret:bilan_pdf", kwargs={"bilan_id": bilan.pk})


def test_the_family_sees_the_locked_bilan_with_its_pdf(
    client, livret, django_capture_on_commit_callbacks
):
    client.force_login(livret["parent"])
    assert "Aucun bilan pour" in _livret(client, livret["pupil"]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        bilan = lock(livret, general="Un trimestre très encourageant.")
    page = _livret(client, livret["pupil"]).content.decode()  # not the cached empty page
    assert "Un trimestre très encourageant." in page
    assert "Parcours citoyen" in page and "PPRE" in page
    assert _pdf_url(bilan) in page
    assert "15,00" in page and "12,00" in page


def test_a_bilan_in_preparation_is_not_shown(client, livret):
    from accounts.school import school_role
    from livret import services

    actor = livret["direction"].account
    services.bilan_general_save(
        actor=actor,
        role=school_role(actor),
        pupil=livret["pupil"],
        period=livret["period"],
        appreciation="Brouillon du conseil.",
        parcours={},
        accompaniments=[],
    )
    client.force_login(livret["parent"])
    assert "Brouillon du conseil." not in _livret(client, livret["pupil"]).content.decode()
    bilan = Bilan.objects.get()
    assert client.get(_pdf_url(bilan)).status_code == 404


def test_the_pdf_is_an_attachment_with_the_bilan(client, livret):
    bilan = lock(livret, general="Un trimestre très encourageant.")
    for user in (livret["parent"], livret["pupil"].account, livret["direction"].account):
        client.force_login(user)
        response = client.get(_pdf_url(bilan))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Bilan périodique" in text and "Un trimestre très encourageant." in text
    assert "Français" in text and "15,00" in text
    assert "1 retard(s)" in text


def test_nobody_else_gets_the_pdf(client, livret):
    bilan = lock(livret)
    for user in (livret["parent_b"], livret["teacher"].account, livret["outsider"].account):
        client.force_login(user)
        assert client.get(_pdf_url(bilan)).status_code == 404


def test_livret_costs_the_same_for_one_bilan_and_three(
    client, livret, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from livret.versions import livret_changed

    lock(livret)
    client.force_login(livret["parent"])
    _livret(client, livret["pupil"])
    with django_capture_on_commit_callbacks(execute=True):
        livret_changed([livret["pupil"].pk])
    with django_assert_num_queries(session_queries() + 6) as one:
        assert _livret(client, livret["pupil"]).status_code == 200
    # Served from the page cache: the user, the role, and nothing else.
    with django_assert_num_queries(session_queries() + 2):
        _livret(client, livret["pupil"])
    actor = livret["direction"].account
    from accounts.school import school_role
    from livret import services

    for period in livret["periods"]:
        if period.pk == livret["period"].pk:
            continue
        services.bilan_general_save(
            actor=actor,
            role=school_role(actor),
            pupil=livret["pupil"],
            period=period,
            appreciation="Bien.",
            parcours={},
            accompaniments=[],
        )
        services.bilan_lock(
            actor=actor, role=school_role(actor), pupil=livret["pupil"], period=period
        )
    from django.core.cache import cache

    cache.clear()
    client.force_login(livret["parent"])  # the session may live in that cache (Redis in CI)
    with django_assert_num_queries(len(one.captured_queries)):
        page = _livret(client, livret["pupil"]).content.decode()
    assert page.count("(PDF)") == 3
