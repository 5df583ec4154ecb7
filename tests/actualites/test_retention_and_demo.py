"""Expired news are erased a year after their last day, with their image; the demo step."""

from __future__ import annotations

import datetime
import os

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from actualites.models import News
from core import retention
from tests.actualites.conftest import PNG, NewsFactory

pytestmark = pytest.mark.django_db


def test_the_daily_sweep_erases_news_a_year_after_their_last_day(school):
    today = timezone.localdate()
    year_ago = today - datetime.timedelta(days=366)
    old = NewsFactory(
        establishment=school["a"],
        publish_on=year_ago - datetime.timedelta(days=10),
        expires_on=year_ago,
        image_type="image/png",
    )
    old.image.save("vieille.png", ContentFile(PNG), save=True)
    path = old.image.path
    refused = NewsFactory(
        establishment=school["a"],
        status=News.Status.REFUSED,
        publish_on=year_ago,
        expires_on=year_ago,
    )
    kept = NewsFactory(
        establishment=school["a"],
        publish_on=year_ago,
        expires_on=today - datetime.timedelta(days=300),
    )
    report = retention.sweep_daily()
    assert report["informations_expirees"] == 2
    assert list(News.objects.all()) == [kept]
    assert not os.path.exists(path)
    assert not News.objects.filter(pk=refused.pk).exists()
    assert retention.sweep_daily()["informations_expirees"] == 0


def test_the_demo_step_gives_current_news_and_is_idempotent(school):
    from accounts.models import Pupil, StaffMember
    from actualites.demo import demo_news
    from actualites.selectors import news_current_for_user
    from core.demo import DemoWorld, steps

    assert "actualites" in {step.key for step in steps()}
    children = list(
        Pupil.objects.filter(guardian_links__guardian__account=school["parent"]).order_by(
            "division__code"
        )
    )
    world = DemoWorld(
        establishment=school["a"],
        today=timezone.localdate(),
        parent=school["parent"],
        children=children,
        teacher=StaffMember.objects.get(account=school["teacher"]),
        education=StaffMember.objects.get(account=school["cpe"]),
        direction=StaffMember.objects.get(account=school["direction"]),
        secretary=school["secretary"],
    )
    first = demo_news(world)
    demo_news(world)
    assert "Informations de démonstration" in first
    assert News.objects.count() == 3
    assert News.objects.filter(status=News.Status.PENDING).count() == 1
    seen = {news.title for news in news_current_for_user(user=school["parent"], limit=10)}
    assert seen == {"Bienvenue sur le nouvel ENT du collège", "Sortie au Futuroscope"}
    pending = News.objects.get(status=News.Status.PENDING)
    assert pending.author == school["teacher"]


def test_load_demo_brings_the_news_once(db):
    from io import StringIO

    from django.core.management import call_command

    from accounts.models import User

    for _ in range(2):
        out = StringIO()
        call_command("load_demo", pupils=80, stdout=out)
    assert "Informations de démonstration" in out.getvalue()
    assert News.objects.count() == 3
    line = next(line for line in out.getvalue().splitlines() if "Parent de " in line)
    parent = User.objects.get(username=line.split()[-2])
    titles = {news.title for news in news_current_for_user_all(parent)}
    assert titles == {"Bienvenue sur le nouvel ENT du collège", "Sortie au Futuroscope"}


def news_current_for_user_all(user):
    from actualites.selectors import news_current_for_user

    return news_current_for_user(user=user, limit=10)
