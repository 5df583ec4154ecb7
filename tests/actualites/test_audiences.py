"""Who reads which news: the audiences of each profile, the dates, the other school."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actualites.models import News
from actualites.selectors import news_current_for_user, news_readable
from tests.actualites.conftest import NewsFactory, login

pytestmark = pytest.mark.django_db

A = News.Audience


def _news(school):
    """One current news per audience of school A, and school B's own."""
    a = school["a"]
    return {
        "school": NewsFactory(establishment=a, audience=A.SCHOOL),
        "parents": NewsFactory(establishment=a, audience=A.PARENTS),
        "pupils": NewsFactory(establishment=a, audience=A.PUPILS),
        "staff": NewsFactory(establishment=a, audience=A.STAFF),
        "level 4": NewsFactory(establishment=a, audience=A.LEVEL, level="4"),
        "level 6": NewsFactory(establishment=a, audience=A.LEVEL, level="6"),
        "level 3": NewsFactory(establishment=a, audience=A.LEVEL, level="3"),
        "class 4 B": NewsFactory(establishment=a, audience=A.DIVISION, division=school["4 B"]),
        "class 4 C": NewsFactory(establishment=a, audience=A.DIVISION, division=school["4 C"]),
        "B school": NewsFactory(establishment=school["b"], audience=A.SCHOOL),
        "B level 4": NewsFactory(establishment=school["b"], audience=A.LEVEL, level="4"),
        "B class 4 B": NewsFactory(
            establishment=school["b"], audience=A.DIVISION, division=school["B 4 B"]
        ),
    }


EXPECTED = {
    # The parent's children are in 4 B and 6 A of school A.
    "parent": {"school", "parents", "level 4", "level 6", "class 4 B"},
    # The pupil is in 4 C of school A.
    "pupil": {"school", "pupils", "level 4", "class 4 C"},
    "teacher": {"school", "staff"},
    "cpe": {"school", "staff"},
    "direction": {"school", "staff"},
    "secretary": {"school", "staff"},
    "parent_b": {"B school", "B level 4", "B class 4 B"},
    "teacher_b": {"B school"},
    "direction_b": {"B school"},
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_each_profile_reads_the_news_of_its_audiences(school, who):
    news = _news(school)
    names = {news_id: name for name, news_id in ((n, x.pk) for n, x in news.items())}
    seen = {names[item.pk] for item in news_current_for_user(user=school[who], limit=100)}
    assert seen == EXPECTED[who]
    # Each news' own page: the same rule (404 for the others); the direction reads every news
    # of its establishment (it manages them).
    readable = EXPECTED[who]
    if who in ("direction", "direction_b"):
        prefix = "B " if who == "direction_b" else ""
        readable = {name for name in news if name.startswith("B ") == bool(prefix)}
    client = login(school[who])
    for name, item in news.items():
        status = client.get(reverse("actualites:detail", args=[item.pk])).status_code
        assert status == (200 if name in readable else 404), (who, name)


def test_only_published_news_between_their_dates_are_shown(school):
    today = timezone.localdate()
    a = school["a"]
    NewsFactory(establishment=a, title="En cours")
    NewsFactory(establishment=a, title="Dernier jour", publish_on=today, expires_on=today)
    NewsFactory(
        establishment=a,
        title="Demain",
        publish_on=today + datetime.timedelta(days=1),
        expires_on=today + datetime.timedelta(days=3),
    )
    NewsFactory(
        establishment=a,
        title="Finie hier",
        publish_on=today - datetime.timedelta(days=5),
        expires_on=today - datetime.timedelta(days=1),
    )
    NewsFactory(establishment=a, title="En attente", status=News.Status.PENDING)
    NewsFactory(establishment=a, title="Refusée", status=News.Status.REFUSED)
    titles = {n.title for n in news_current_for_user(user=school["parent"], limit=100)}
    assert titles == {"En cours", "Dernier jour"}


def test_newest_first_and_a_few_on_the_dashboard(school):
    today = timezone.localdate()
    for days in range(6):
        NewsFactory(
            establishment=school["a"],
            title=f"Il y a {days} jours",
            publish_on=today - datetime.timedelta(days=days),
        )
    titles = [n.title for n in news_current_for_user(user=school["parent"])]
    assert titles == ["Il y a 0 jours", "Il y a 1 jours", "Il y a 2 jours"]


def test_a_former_pupil_and_a_contact_link_bring_no_news(school):
    from accounts.models import GuardianLink, Pupil

    NewsFactory(establishment=school["a"], audience=A.DIVISION, division=school["4 B"])
    Pupil.objects.filter(division=school["4 B"]).update(left_on=datetime.date(2020, 7, 1))
    assert news_current_for_user(user=school["parent"]) == []
    GuardianLink.objects.filter(guardian__account=school["parent"]).update(
        level=GuardianLink.Level.CONTACT
    )
    NewsFactory(establishment=school["a"], audience=A.PARENTS)
    assert news_current_for_user(user=school["parent"]) == []


def test_authors_and_their_direction_read_pending_news_others_do_not(school):
    pending = NewsFactory(
        establishment=school["a"],
        author=school["teacher"],
        status=News.Status.PENDING,
        audience=A.PARENTS,
    )
    assert news_readable(user=school["teacher"], news_id=pending.pk) == pending
    assert news_readable(user=school["direction"], news_id=pending.pk) == pending
    for who in ("parent", "cpe", "direction_b", "pupil"):
        assert news_readable(user=school[who], news_id=pending.pk) is None, who


def test_the_list_page_shows_every_current_news_of_the_user(school):
    for number in range(25):
        NewsFactory(establishment=school["a"], title=f"Numéro {number:02d}")
    NewsFactory(establishment=school["a"], title="Pour le personnel", audience=A.STAFF)
    client = login(school["parent"])
    first = client.get(reverse("actualites:list")).content.decode()
    second = client.get(reverse("actualites:list"), {"page": 2}).content.decode()
    assert first.count("Numéro ") == 20 and second.count("Numéro ") == 5
    assert "Pour le personnel" not in first + second
    assert "Page suivante" in first
