"""The family's side: a child's travail à faire and séances, ACCUEIL's news, the pupil's tick."""

from __future__ import annotations

import datetime
from functools import cached_property
from typing import Any

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone

from accounts.models import Pupil
from accounts.roster_version import roster_version
from accounts.school import SchoolRole
from core.schoolyear import school_year_bounds

from .. import conf
from ..models import Homework, HomeworkDone
from ..versions import page_version
from .common import (
    Week,
    by_subject,
    homework_qs,
    pupil_q,
    seances_qs,
    visas_of,
    week_of,
)


class FamilyCahier:
    """CAHIER DE TEXTES of one child, read only when the page's cached rendering is missing:
    ``key`` costs one cache round trip and no query (the roster version is memoised,
    ``core.versions``); ``data`` the 5 queries."""

    def __init__(self, role: SchoolRole, pupil: Pupil, *, week: str | None, today: datetime.date):
        self.pupil = pupil
        self.today = today
        self.week = week_of(week, school_year=pupil.establishment.school_year, today=today)
        self.can_tick = role.is_pupil and pupil.pk in role.family_pupil_ids
        self.timeout = conf.page_cache_seconds()

    @cached_property
    def key(self) -> str:
        version = page_version(self.pupil.establishment_id, self.pupil.pk)
        flavour = "eleve" if self.can_tick else "famille"
        # The roster says which classes and groups (and subjects) the pupil's cahier gathers.
        return (
            f"{self.pupil.pk}:{self.today:%Y%m%d}:{self.week.monday:%Y%m%d}:{flavour}:{version}"
            f":{roster_version()}"
        )

    @cached_property
    def data(self) -> dict[str, Any]:
        return _pupil_cahier_data(self.pupil, week=self.week, today=self.today)


def pupil_cahier(
    role: SchoolRole, pupil: Pupil, *, week: str | None = None, today: datetime.date | None = None
) -> dict[str, Any]:
    """CAHIER DE TEXTES of one child (``pupil`` already checked to be the role's), as a lazy
    ``cahier`` the page renders through its fragment cache."""
    return {"cahier": FamilyCahier(role, pupil, week=week, today=today or timezone.localdate())}


def _pupil_cahier_data(pupil: Pupil, *, week: Week, today: datetime.date) -> dict[str, Any]:
    """The travail à faire from today on (aujourd'hui, cette semaine, plus tard) with its
    « Fait » tick, and the séances of one week by subject. 5 queries whatever the number of
    entries."""
    first, last = school_year_bounds(pupil.establishment.school_year)
    where = pupil_q(pupil)
    horizon = min(last, today + datetime.timedelta(days=conf.homework_horizon_days()))
    done = HomeworkDone.objects.filter(homework=OuterRef("pk"), pupil_id=pupil.pk)
    homework = list(
        homework_qs()
        .filter(where, due_on__range=(today, horizon), published_on__lte=today)
        .annotate(done=Exists(done))
        .order_by("due_on", "subject__label", "pk")
    )
    seances = list(
        seances_qs()
        .filter(where, date__range=(max(week.monday, first), min(week.sunday, last)))
        .order_by("date", "starts_at", "pk")
    )
    visas = visas_of(where)
    visas.mark(homework)
    visas.mark(seances)
    sunday = today + datetime.timedelta(days=6 - today.weekday())
    return {
        "homework_groups": [
            ("Aujourd'hui", [h for h in homework if h.due_on == today]),
            ("Cette semaine", [h for h in homework if today < h.due_on <= sunday]),
            ("Plus tard", [h for h in homework if h.due_on > sunday]),
        ],
        "horizon": horizon,
        "seances_by_subject": by_subject(seances),
    }


def cahier_news(
    role: SchoolRole,
    pupil: Pupil,
    *,
    since: datetime.datetime,
    today: datetime.date | None = None,
) -> dict[str, Any]:
    """ACCUEIL's part of the cahier de textes for one child: the travail à faire due within
    ``conf.news_days()`` days, and what appeared since the last visit. One query."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=conf.news_days())
    done = HomeworkDone.objects.filter(homework=OuterRef("pk"), pupil_id=pupil.pk)
    rows: list[Any] = list(
        Homework.objects.filter(
            pupil_q(pupil), due_on__gte=today, due_on__lte=horizon, published_on__lte=today
        )
        .select_related("subject")
        .only("pk", "due_on", "description", "created_at", "published_on", "subject__label")
        .annotate(done=Exists(done))
        .order_by("due_on", "subject__label", "pk")[:50]
    )
    since_day = timezone.localdate(since)
    for row in rows:
        row.is_new = row.created_at >= since or row.published_on > since_day
    return {
        "due_soon": rows,
        "new_count": sum(1 for row in rows if row.is_new),
        "todo_count": sum(1 for row in rows if not row.done),
        "days": conf.news_days(),
    }


def pupil_of(role: SchoolRole) -> Pupil:
    """The pupil a pupil's account is (with their class and school); 404 if none is current."""
    pupil = (
        Pupil.objects.current()
        .filter(pk__in=role.family_pupil_ids)
        .select_related("establishment")
        .only("pk", "division_id", "establishment__school_year")
        .first()
    )
    if pupil is None or not role.is_pupil:
        raise Http404("Élève inconnu.")
    return pupil


def homework_for_pupil(pupil: Pupil, homework_id: int) -> Homework:
    """A published travail à faire of the pupil's class or groups; 404 otherwise."""
    homework = (
        Homework.objects.filter(
            pupil_q(pupil), pk=homework_id, published_on__lte=timezone.localdate()
        )
        .only("pk")
        .first()
    )
    if homework is None:
        raise Http404("Travail inconnu.")
    return homework
