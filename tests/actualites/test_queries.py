"""Every page of Informations costs a fixed number of queries whatever the number of news and
of children; the cached dashboard shows a new publication at once."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actualites.models import News
from tests.actualites.conftest import NewsFactory, login
from tests.factories import GuardianFactory, GuardianLinkFactory, PupilFactory
from tests.portal.test_dashboard import session_queries

pytestmark = pytest.mark.django_db


def _many(school, n: int):
    a = school["a"]
    for index in range(n):
        NewsFactory(establishment=a, title=f"École {index}")
        NewsFactory(establishment=a, audience=News.Audience.PARENTS, title=f"Parents {index}")
        NewsFactory(
            establishment=a,
            audience=News.Audience.DIVISION,
            division=school["4 B"],
            title=f"Classe {index}",
        )
        NewsFactory(establishment=a, audience=News.Audience.STAFF, title=f"Équipe {index}")
        NewsFactory(
            establishment=a,
            author=school["teacher"],
            status=News.Status.PENDING,
            title=f"Attente {index}",
        )


def _more_children(school, n: int):
    guardian = GuardianFactory(establishment=school["a"], account=school["parent"])
    for _ in range(n):
        GuardianLinkFactory(
            pupil=PupilFactory(establishment=school["a"], division=school["4 C"]),
            guardian=guardian,
        )


# (session,) user + the page's own queries.
FAMILY_LIST = 1 + 1 + 2  # user, school role, count + page of news
STAFF_LIST = 1 + 3 + 2  # user, school role (staff: 3), count + page
DETAIL_FAMILY = 1 + 1 + 1  # user, the news (audience subqueries in it), school role
DETAIL_STAFF = 1 + 1 + 3
MINE_DIRECTION = 1 + 3 + 3  # user, role, own + pending + published
MINE_TEACHER = 1 + 3 + 1  # user, role, own (the direction's lists cost nothing)
WRITE_FORM = 1 + 3 + 1  # user, role, levels and classes
DECIDE = 1 + 1 + 3  # user, news, role


@pytest.mark.parametrize("n", [1, 8])
def test_pages_cost_a_fixed_number_of_queries(school, n, django_assert_num_queries):
    _many(school, n)
    _more_children(school, n)
    pending = News.objects.filter(status=News.Status.PENDING).first()
    family = News.objects.filter(audience=News.Audience.DIVISION).first()
    checks = [
        ("parent", reverse("actualites:list"), FAMILY_LIST),
        ("pupil", reverse("actualites:list"), FAMILY_LIST),
        ("teacher", reverse("actualites:list"), STAFF_LIST),
        ("parent", reverse("actualites:detail", args=[family.pk]), DETAIL_FAMILY),
        ("direction", reverse("actualites:detail", args=[pending.pk]), DETAIL_STAFF),
        ("direction", reverse("actualites:mine"), MINE_DIRECTION),
        ("teacher", reverse("actualites:mine"), MINE_TEACHER),
        ("teacher", reverse("actualites:write"), WRITE_FORM),
        ("direction", reverse("actualites:edit", args=[pending.pk]), WRITE_FORM + 1),
        ("direction", reverse("actualites:decide", args=[pending.pk]), DECIDE),
        ("direction", reverse("actualites:delete", args=[pending.pk]), DECIDE),
    ]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(school["parent"]).get(reverse("actualites:list"))  # warms the charter version memo
    measured = []
    for who, url, expected in checks:
        client = login(school[who])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        measured.append((who, url, len(queries) - session_queries(), expected))
    assert [m for m in measured if m[2] != m[3]] == []


@pytest.mark.parametrize("n", [1, 8])
def test_the_dashboard_costs_one_query_for_its_news(school, n, django_assert_num_queries):
    from accounts.roster_version import _bump

    _many(school, n)
    _more_children(school, n)
    for who in ("parent", "pupil", "teacher", "direction"):
        client = login(school[who])
        client.get(reverse("portal:dashboard"))
        _bump()  # drop the cached page
        # user, children / own class / school, the news, the "Mes courriels" panel (two), the
        # "Mon bureau" cards (four), the "Agenda" card (the user's schools for its cache key, read
        # again after the roster change; the establishment's events; the user's own)
        with django_assert_num_queries(session_queries() + 12):
            response = client.get(reverse("portal:dashboard"))
        assert response.content.decode().count('href="/informations/') >= 2, who
        with django_assert_num_queries(session_queries() + 1):
            client.get(reverse("portal:dashboard"))


def test_a_new_publication_shows_on_the_cached_dashboard(
    school, django_capture_on_commit_callbacks
):
    from actualites.services import NewsContent, news_create, news_delete

    parent = login(school["parent"])
    dashboard = reverse("portal:dashboard")
    assert "Rentrée décalée" not in parent.get(dashboard).content.decode()
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        news = news_create(
            author=school["direction"],
            establishment_id=school["a"].pk,
            publishes=True,
            content=NewsContent(
                title="Rentrée décalée",
                body="<p>Lundi.</p>",
                audience=News.Audience.PARENTS,
                level="",
                division_id=None,
                publish_on=today,
                expires_on=today + datetime.timedelta(days=2),
            ),
        )
    assert "Rentrée décalée" in parent.get(dashboard).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        news_delete(news=news, actor=school["direction"])
    assert "Rentrée décalée" not in parent.get(dashboard).content.decode()


def test_a_news_appears_on_its_publication_day_on_the_cached_dashboard(school, monkeypatch):
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    NewsFactory(
        establishment=school["a"],
        title="Demain",
        publish_on=tomorrow,
        expires_on=tomorrow,
    )
    parent = login(school["parent"])
    dashboard = reverse("portal:dashboard")
    assert "Demain" not in parent.get(dashboard).content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert "Demain" in parent.get(dashboard).content.decode()
