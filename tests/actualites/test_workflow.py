"""Writing news: the direction publishes, a teacher's news waits for validation, the direction
validates or refuses it with a message, editing a published teacher news sends it back; every
decision is audited."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from actualites.models import News
from tests.actualites.conftest import NewsFactory, login, png_upload
from tests.portal.helpers import page_text

pytestmark = pytest.mark.django_db

WRITE = reverse("actualites:write")
DASHBOARD = reverse("portal:dashboard")


def _form(**overrides):
    today = timezone.localdate()
    data = {
        "title": "Fermeture exceptionnelle",
        "body": "Le collège sera fermé vendredi.\n\nBonne journée.",
        "audience": "school",
        "publish_on": today.isoformat(),
        "expires_on": (today + datetime.timedelta(days=7)).isoformat(),
        "image_alt": "",
    }
    data.update(overrides)
    return data


def _actions(news):
    return list(
        AuditEvent.objects.filter(target_id=str(news.pk), target_type="actualites.news")
        .order_by("created_at", "pk")
        .values_list("action", flat=True)
    )


def test_the_direction_publishes_directly_and_parents_see_it(school):
    response = login(school["direction"]).post(WRITE, _form())
    news = News.objects.get()
    assert response.status_code == 302
    assert news.status == News.Status.PUBLISHED and news.decided_by == school["direction"]
    assert news.body == "<p>Le collège sera fermé vendredi.</p><p>Bonne journée.</p>"
    assert _actions(news) == ["news.published"]
    page = page_text(login(school["parent"]).get(DASHBOARD))
    assert "Fermeture exceptionnelle" in page
    assert page.index("Fermeture exceptionnelle") < page.index("Votre contact vie scolaire")


def test_a_teacher_news_waits_for_validation_then_appears(
    school, django_capture_on_commit_callbacks
):
    teacher = login(school["teacher"])
    response = teacher.post(WRITE, _form(audience=f"division:{school['4 B'].pk}"), follow=True)
    assert "Elle sera publiée quand la direction l'aura validée" in page_text(response)
    news = News.objects.get()
    assert news.status == News.Status.PENDING and news.division == school["4 B"]
    parent = login(school["parent"])
    assert "Fermeture exceptionnelle" not in page_text(parent.get(DASHBOARD))
    assert parent.get(reverse("actualites:detail", args=[news.pk])).status_code == 404

    direction = login(school["direction"])
    queue = page_text(direction.get(reverse("actualites:mine")))
    assert "À valider (1)" in queue and "Fermeture exceptionnelle" in queue
    # The parent's dashboard is cached: the validation (once committed) shows at once.
    with django_capture_on_commit_callbacks(execute=True):
        direction.post(reverse("actualites:decide", args=[news.pk]), {"publish": "", "message": ""})
    news.refresh_from_db()
    assert news.status == News.Status.PUBLISHED and news.decided_by == school["direction"]
    assert "Fermeture exceptionnelle" in page_text(parent.get(DASHBOARD))
    assert _actions(news) == ["news.submitted", "news.validated"]

    # Edited by its author once published: back to validation, off the dashboard.
    with django_capture_on_commit_callbacks(execute=True):
        teacher.post(
            reverse("actualites:edit", args=[news.pk]),
            _form(title="Fermeture reportée", audience=f"division:{school['4 B'].pk}"),
        )
    news.refresh_from_db()
    assert news.status == News.Status.PENDING and news.title == "Fermeture reportée"
    page = page_text(parent.get(DASHBOARD))
    assert "Fermeture reportée" not in page and "Fermeture exceptionnelle" not in page
    assert _actions(news)[-1] == "news.updated"


def test_a_refusal_needs_a_message_that_the_author_reads(school):
    news = NewsFactory(
        establishment=school["a"], author=school["teacher"], status=News.Status.PENDING
    )
    direction = login(school["direction"])
    url = reverse("actualites:decide", args=[news.pk])
    response = direction.post(url, {"refuse": "", "message": "  "})
    assert "Expliquez à l'auteur pourquoi" in page_text(response)
    news.refresh_from_db()
    assert news.status == News.Status.PENDING
    direction.post(url, {"refuse": "", "message": "Date erronée : c'est jeudi."})
    news.refresh_from_db()
    assert news.status == News.Status.REFUSED
    mine = page_text(login(school["teacher"]).get(reverse("actualites:mine")))
    assert "Refusée" in mine and "Date erronée : c'est jeudi." in mine
    assert _actions(news) == ["news.refused"]
    event = AuditEvent.objects.get(action="news.refused")
    assert event.details["message"] == "Date erronée : c'est jeudi."
    assert event.establishment == school["a"]
    # A decided news is not decided twice.
    response = direction.post(url, {"publish": ""})
    assert "n'attend plus de validation" in page_text(response)


def test_delete_removes_the_news_and_its_image_and_is_audited(
    school, django_capture_on_commit_callbacks
):
    teacher = login(school["teacher"])
    with django_capture_on_commit_callbacks(execute=True):
        teacher.post(WRITE, _form(image=png_upload(), image_alt="Affiche"))
    news = News.objects.get()
    path = news.image.path
    import os

    assert os.path.exists(path) and news.image_type == "image/png"
    with django_capture_on_commit_callbacks(execute=True):
        response = teacher.post(reverse("actualites:delete", args=[news.pk]))
    assert response.status_code == 302
    assert not News.objects.exists() and not os.path.exists(path)
    assert AuditEvent.objects.filter(action="news.deleted", target_id=str(news.pk)).exists()


def test_the_cpe_and_the_secretariat_write_for_validation(school):
    for who in ("cpe", "secretary"):
        login(school[who]).post(WRITE, _form(title=f"Par {who}", audience="parents"))
        news = News.objects.get(title=f"Par {who}")
        assert news.status == News.Status.PENDING and news.establishment == school["a"]


def test_html_bodies_are_sanitised(school):
    login(school["direction"]).post(
        WRITE,
        _form(body='<p onclick="x()">Bonjour <script>alert(1)</script><strong>à tous</strong></p>'),
    )
    assert News.objects.get().body == "<p>Bonjour <strong>à tous</strong></p>"


def test_the_audience_picker_offers_the_establishments_levels_and_classes(school):
    page = page_text(login(school["teacher"]).get(WRITE))
    assert '<optgroup label="Un niveau">' in page
    assert "Les 6e" in page and "Les 4e" in page and "Les 3e" not in page
    assert f'value="division:{school["4 C"].pk}"' in page
    assert f'value="division:{school["B 4 B"].pk}"' not in page


def test_a_refused_news_edited_by_its_author_goes_back_to_the_queue(school):
    news = NewsFactory(
        establishment=school["a"],
        author=school["teacher"],
        status=News.Status.REFUSED,
        refusal_message="Mauvaise date.",
    )
    login(school["teacher"]).post(reverse("actualites:edit", args=[news.pk]), _form())
    news.refresh_from_db()
    assert news.status == News.Status.PENDING and news.refusal_message == ""
    queue = page_text(login(school["direction"]).get(reverse("actualites:mine")))
    assert "À valider (1)" in queue and "Fermeture exceptionnelle" in queue


def test_the_direction_edits_a_teachers_news_and_publishes_it(school):
    news = NewsFactory(
        establishment=school["a"], author=school["teacher"], status=News.Status.PENDING
    )
    login(school["direction"]).post(reverse("actualites:edit", args=[news.pk]), _form())
    news.refresh_from_db()
    assert news.status == News.Status.PUBLISHED and news.author == school["teacher"]
    assert news.decided_by == school["direction"]


def test_a_plain_text_body_is_edited_as_plain_text(school):
    login(school["direction"]).post(WRITE, _form(body="Ligne 1\nLigne 2 & <3\n\nFin."))
    news = News.objects.get()
    assert news.body == "<p>Ligne 1<br>Ligne 2 &amp; &lt;3</p><p>Fin.</p>"
    page = page_text(login(school["direction"]).get(reverse("actualites:edit", args=[news.pk])))
    assert "Ligne 1\nLigne 2 & <3\n\nFin.</textarea>" in page
