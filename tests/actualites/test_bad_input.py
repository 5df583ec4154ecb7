"""Bad input writes nothing and says why in French; who may not write, validate or manage is
refused."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from actualites.models import News
from tests.actualites.conftest import PNG, NewsFactory, login, png_upload
from tests.actualites.test_workflow import WRITE, _form
from tests.portal.helpers import page_text

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()  # noqa: DTZ011 - only for relative dates below


def _refused(client, data, expected: str):
    response = client.post(WRITE, data)
    assert response.status_code == 200
    assert expected in page_text(response), page_text(response)
    assert not News.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="news.").exists()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"title": "   "}, "Donnez un titre à l'information."),
        ({"body": ""}, "Écrivez le texte de l'information."),
        ({"body": "<p> </p><script>x</script>"}, "Écrivez le texte de l'information."),
        ({"audience": ""}, "Choisissez à qui s'adresse l'information."),
        ({"audience": "division:999999"}, "Choisissez des destinataires dans la liste proposée."),
        ({"publish_on": "31/02/2026"}, "Saisissez une date au format jj/mm/aaaa."),
        ({"expires_on": ""}, "Indiquez jusqu'à quelle date"),
        (
            {"expires_on": "2020-01-01", "publish_on": "2020-01-05"},
            "La date de fin de publication doit être le jour de la publication ou un jour suivant.",
        ),
        (
            {"expires_on": "2020-01-06", "publish_on": "2020-01-05"},
            "La date de fin de publication est déjà passée.",
        ),
    ],
)
def test_bad_fields_are_refused_with_a_french_message(school, overrides, expected):
    _refused(login(school["teacher"]), _form(**overrides), expected)


def test_expiry_before_publication_is_refused(school):
    today = timezone.localdate()
    _refused(
        login(school["direction"]),
        _form(
            publish_on=(today + datetime.timedelta(days=5)).isoformat(),
            expires_on=(today + datetime.timedelta(days=2)).isoformat(),
        ),
        "La date de fin de publication doit être le jour de la publication",
    )


def test_a_class_of_another_school_is_refused(school):
    _refused(
        login(school["teacher"]),
        _form(audience=f"division:{school['B 4 B'].pk}"),
        "Choisissez des destinataires dans la liste proposée.",
    )


def test_an_executable_renamed_png_is_refused(school, settings):
    executable = png_upload("affiche.png", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200)
    _refused(
        login(school["teacher"]),
        _form(image=executable),
        "Ce type de fichier n'est pas accepté",
    )
    assert not list((settings.MEDIA_ROOT).rglob("*.png")) if settings.MEDIA_ROOT.exists() else True


def test_an_oversized_image_is_refused(school, settings):
    settings.CARTABLE_NEWS_IMAGE_MAX_BYTES = 1024
    big = png_upload("grande.png", PNG + b"\x00" * 2048)
    _refused(login(school["teacher"]), _form(image=big), "Le fichier est trop volumineux")


def test_a_pdf_is_not_an_image(school):
    _refused(
        login(school["teacher"]),
        _form(image=png_upload("photo.png", b"%PDF-1.4\n%...")),
        "Formats acceptés : JPEG, PNG, WebP.",
    )


def test_a_parent_or_a_pupil_cannot_write(school):
    for who in ("parent", "pupil"):
        client = login(school[who])
        for url in (WRITE, reverse("actualites:mine")):
            response = client.get(url)
            assert response.status_code == 403
            assert "Seuls les personnels" in page_text(response)
        assert client.post(WRITE, _form()).status_code == 403
    assert not News.objects.exists()


def test_a_teacher_cannot_validate_nor_manage_anothers_news(school):
    news = NewsFactory(establishment=school["a"], author=school["cpe"], status=News.Status.PENDING)
    teacher = login(school["teacher"])
    for name in ("decide", "edit", "delete"):
        url = reverse(f"actualites:{name}", args=[news.pk])
        assert teacher.get(url).status_code == 404
        assert teacher.post(url, {"publish": ""}).status_code == 404
    news.refresh_from_db()
    assert news.status == News.Status.PENDING


def test_another_schools_direction_cannot_validate(school):
    news = NewsFactory(
        establishment=school["a"], author=school["teacher"], status=News.Status.PENDING
    )
    url = reverse("actualites:decide", args=[news.pk])
    assert login(school["direction_b"]).post(url, {"publish": ""}).status_code == 404
    # The direction of the school may, even for its own published news: not pending.
    assert login(school["direction"]).get(url).status_code == 200
