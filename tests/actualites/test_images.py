"""A news' image: shown inline, with its checked type and nosniff, to its audience only."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from actualites.models import News
from tests.actualites.conftest import PNG, NewsFactory, login

pytestmark = pytest.mark.django_db


def _with_image(school, **kwargs):
    news = NewsFactory(establishment=school["a"], image_type="image/png", **kwargs)
    news.image.save("affiche.png", ContentFile(PNG), save=True)
    return news


def test_the_audience_gets_the_image_inline_with_its_checked_type(school):
    news = _with_image(school, audience=News.Audience.DIVISION, division=school["4 B"])
    response = login(school["parent"]).get(reverse("actualites:image", args=[news.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == "inline"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PNG
    page = login(school["parent"]).get(reverse("actualites:detail", args=[news.pk]))
    assert f'src="{reverse("actualites:image", args=[news.pk])}"' in page.content.decode()


@pytest.mark.parametrize("who", ["pupil", "parent_b", "teacher_b", "teacher"])
def test_nobody_else_gets_it(school, who):
    news = _with_image(school, audience=News.Audience.DIVISION, division=school["4 B"])
    url = reverse("actualites:image", args=[news.pk])
    assert login(school[who]).get(url).status_code == 404


def test_a_pending_news_image_only_for_its_author_and_direction(school):
    news = _with_image(school, author=school["teacher"], status=News.Status.PENDING)
    url = reverse("actualites:image", args=[news.pk])
    assert login(school["teacher"]).get(url).status_code == 200
    assert login(school["direction"]).get(url).status_code == 200
    assert login(school["parent"]).get(url).status_code == 404


def test_no_image_is_a_404(school):
    news = NewsFactory(establishment=school["a"])
    assert (
        login(school["parent"]).get(reverse("actualites:image", args=[news.pk])).status_code == 404
    )


def test_the_image_costs_two_queries(school, django_assert_num_queries):
    from tests.portal.test_dashboard import session_queries

    news = _with_image(school)
    client = login(school["parent"])
    client.get(reverse("actualites:list"))  # warms the charter version memo
    with django_assert_num_queries(session_queries() + 2):  # user, the news
        client.get(reverse("actualites:image", args=[news.pk]))
