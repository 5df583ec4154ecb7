"""Reads of Informations; each costs a fixed number of queries whatever the number of news,
children or classes.

Who reads which news (the user's audiences), in one query: the current news (published, from
their publication day to their last day included) of

* a guardian's children's schools for the whole school, the parents, or a child's class or level;
* a pupil's school for the whole school, the pupils, or their class or level;
* a staff member's (or secretariat's) school for the whole school or the staff.

The families and the staff are read from ``accounts.school`` as subqueries of that one query.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import Division, StaffMember, User
from accounts.school import SchoolRole, family_pupils, staff_memberships

from . import conf
from .models import News

Audience = News.Audience

# What the lists show of a news: narrow rows (the body is only read on its own page).
_LIST_FIELDS = (
    "title",
    "author_name",
    "audience",
    "level",
    "division__code",
    "establishment__name",
    "publish_on",
    "expires_on",
    "status",
    "image",
    "image_alt",
    "refusal_message",
    "author_id",
    "establishment_id",
)


def current_q(today: datetime.date) -> Q:
    return Q(status=News.Status.PUBLISHED, publish_on__lte=today, expires_on__gte=today)


def audience_q(user: User) -> Q:
    """The news addressed to ``user`` (whatever their dates and state)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if user.profile in User.EDUCONNECT_PROFILES:
        pupils = family_pupils(user)
        own = Audience.PARENTS if user.profile == User.Profile.PARENT else Audience.PUPILS
        same_level = Exists(
            pupils.filter(
                establishment_id=OuterRef("establishment_id"), division__level=OuterRef("level")
            )
        )
        addressed = (
            Q(audience__in=[Audience.SCHOOL, own])
            | Q(audience=Audience.DIVISION, division_id__in=pupils.values("division_id"))
            | Q(same_level, audience=Audience.LEVEL)
        )
        return Q(establishment_id__in=pupils.values("establishment_id")) & addressed
    schools = Q(establishment_id__in=staff_memberships(user).values("establishment_id"))
    if user.is_staff and user.establishment_id:
        schools |= Q(establishment_id=user.establishment_id)
    return schools & Q(audience__in=[Audience.SCHOOL, Audience.STAFF])


def _managed_q(user: User) -> Q:
    """What ``user`` reads whatever its audience and state: their own news, and every news of
    the establishment they direct."""
    directed = staff_memberships(user).filter(function=StaffMember.Function.MANAGEMENT)
    return Q(author_id=user.pk) | Q(establishment_id__in=directed.values("establishment_id"))


def _listed(queryset: QuerySet[News]) -> QuerySet[News]:
    return (
        queryset.select_related("division", "establishment")
        .only(*_LIST_FIELDS)
        .order_by("-publish_on", "-pk")
    )


def news_current_for_user(*, user: User, limit: int = conf.DASHBOARD_ITEMS) -> list[News]:
    """The newest current news addressed to ``user`` (the "Informations" panel): 1 query."""
    today = timezone.localdate()
    return list(_listed(News.objects.filter(current_q(today) & audience_q(user)))[:limit])


def news_current_page(*, user: User, page: str | int | None = 1) -> Page:
    """Every current news addressed to ``user``, newest first, by pages: 2 queries."""
    today = timezone.localdate()
    queryset = _listed(News.objects.filter(current_q(today) & audience_q(user)))
    return Paginator(queryset, conf.PAGE_SIZE).get_page(page)


def news_readable(*, user: User, news_id: int) -> News | None:
    """One news ``user`` may read (``None``: a 404): a current news addressed to them, their
    own, or one of the establishment they direct. 1 query."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    today = timezone.localdate()
    return (
        News.objects.filter(pk=news_id)
        .filter((current_q(today) & audience_q(user)) | _managed_q(user))
        .select_related("division", "establishment")
        .first()
    )


def news_of_author(*, user: User) -> list[News]:
    """The user's own news, whatever their state ("Mes informations"): 1 query."""
    return list(_listed(News.objects.filter(author_id=user.pk)))


def news_pending_for(*, role: SchoolRole) -> list[News]:
    """The validation queue of a direction: its establishment's news awaiting validation,
    oldest first. 1 query (none for anybody else)."""
    if not role.is_direction or role.establishment_id is None:
        return []
    return list(
        _listed(
            News.objects.filter(establishment_id=role.establishment_id, status=News.Status.PENDING)
        ).order_by("publish_on", "pk")
    )


def news_published_of_establishment(*, role: SchoolRole) -> list[News]:
    """For the direction: the establishment's news not yet over (published or to come). 1 query."""
    if not role.is_direction or role.establishment_id is None:
        return []
    today = timezone.localdate()
    return list(
        _listed(
            News.objects.filter(
                establishment_id=role.establishment_id,
                status=News.Status.PUBLISHED,
                expires_on__gte=today,
            )
        )
    )


@dataclass(frozen=True)
class AudienceOptions:
    levels: list[tuple[str, str]]
    divisions: list[tuple[int, str]]


def audience_options(*, establishment_id: int) -> AudienceOptions:
    """The levels and classes of the establishment, for the audience picker: 1 query."""
    rows = list(
        Division.objects.filter(establishment_id=establishment_id)
        .order_by("level", "code")
        .values_list("pk", "code", "level")
    )
    labels = dict(Division.Level.choices)
    order = [value for value, _ in Division.Level.choices]
    present = sorted({level for _, _, level in rows if level}, key=order.index)
    return AudienceOptions(
        levels=[(level, f"Les {labels[level]}") for level in present],
        divisions=[(pk, code) for pk, code, _ in rows],
    )
