"""« Consultation du cahier de textes »: the school community browses any class read-only; the
direction visas; attachments go only to those who may read their entry, as downloads."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from cahier_de_textes.models import Attachment, Visa
from tests.cahier_de_textes.conftest import make_homework, make_seance
from tests.portal.test_dashboard import session_queries

pytestmark = pytest.mark.django_db

URL = "/cahier-de-textes/consultation/"


def test_the_tiles_open_these_pages():
    assert reverse("cahier_de_textes:mon_cahier") == "/cahier-de-textes/"
    assert reverse("cahier_de_textes:consultation") == URL


def test_anyone_of_the_school_browses_any_class(client, school):
    make_seance(school["maths_service"], school["today"], title="Fractions égales")
    for who in (school["outsider"].account, school["parent"], school["pupil"].account):
        client.force_login(who)
        index = client.get(URL).content.decode()
        assert "4 A" in index and "4 B" in index and "Collège B" not in index
        page = client.get(URL, {"classe": school["division"].pk}).content.decode()
        assert "Fractions égales" in page and "Modifier" not in page
        assert "Visa de la direction" not in page


def test_another_school_s_class_is_not_found(client, school):
    client.force_login(school["teacher_b"].account)
    assert client.get(URL, {"classe": school["division"].pk}).status_code == 404
    client.force_login(school["parent_b"])
    assert client.get(URL, {"classe": school["division"].pk}).status_code == 404
    assert client.get(URL, {"classe": "x" * 300}).status_code == 404


def test_the_direction_visas_a_class_subject_up_to_a_date(client, school):
    make_seance(school["service"], school["today"] - datetime.timedelta(days=1))
    client.force_login(school["direction"].account)
    page = client.get(URL, {"classe": school["division"].pk}).content.decode()
    assert "Visa de la direction" in page and "Français" in page
    visa_url = reverse("cahier_de_textes:visa")
    response = client.post(
        visa_url,
        {
            "classe": school["division"].pk,
            "subject": school["french"].pk,
            "up_to": (school["today"] + datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302 and not Visa.objects.exists()  # not in the future
    client.post(
        visa_url,
        {
            "classe": school["division"].pk,
            "subject": school["french"].pk,
            "up_to": school["today"].isoformat(),
        },
    )
    visa = Visa.objects.get()
    assert visa.given_by == school["direction"] and visa.subject == school["french"]
    page = client.get(URL, {"classe": school["division"].pk}).content.decode()
    assert "Visé par" in page
    # Nobody else visas.
    client.force_login(school["teacher"].account)
    assert client.post(visa_url, {"classe": school["division"].pk}).status_code == 404


def test_consultation_costs_the_same_queries_whatever_the_entries(
    client, school, django_assert_num_queries
):
    client.force_login(school["parent"])
    make_seance(school["service"], school["today"])
    make_homework(school["service"], school["today"])
    client.get(URL, {"classe": school["division"].pk})
    # session, account, school role, establishments, classes, groups, the class, séances and
    # attachments, travail à faire and attachments, visas
    with django_assert_num_queries(session_queries() + 11):
        client.get(URL, {"classe": school["division"].pk})
    for hour in range(7, 17):
        make_seance(
            school["maths_service"],
            school["today"],
            starts_at=datetime.time(hour, 0),
            ends_at=datetime.time(hour, 50),
        )
        make_homework(school["maths_service"], school["today"])
    with django_assert_num_queries(session_queries() + 11):
        assert client.get(URL, {"classe": school["division"].pk}).status_code == 200


def _attachment(entry, **kind):
    attachment = Attachment(name="fiche.pdf", content_type="application/pdf", size=20, **kind)
    attachment.file.save("fiche.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    attachment.save()
    return attachment


def test_attachments_are_downloads_for_the_school_community_only(client, school):
    seance = make_seance(school["service"], school["today"])
    attachment = _attachment(seance, seance=seance)
    url = reverse("cahier_de_textes:attachment", kwargs={"attachment_id": attachment.pk})
    client.force_login(school["parent"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    for stranger in (school["teacher_b"].account, school["parent_b"]):
        client.force_login(stranger)
        assert client.get(url).status_code == 404


def test_an_unpublished_homework_s_attachment_stays_with_its_teacher(client, school):
    due = school["today"] + datetime.timedelta(days=5)
    homework = make_homework(school["service"], due, published_on=due)
    url = reverse(
        "cahier_de_textes:attachment",
        kwargs={"attachment_id": _attachment(homework, homework=homework).pk},
    )
    client.force_login(school["pupil"].account)
    assert client.get(url).status_code == 404
    client.force_login(school["teacher"].account)
    assert client.get(url).status_code == 200
