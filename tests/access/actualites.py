"""Informations in the access walk: school B's news (for the class of pupil B, with an image)
and a pending news by teacher B, which school A's people must not reach, nor a teacher
validate."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import StaffMember, User
from actualites.models import News
from tests.actualites.conftest import PNG
from tests.factories import StaffMemberFactory, UserFactory


def news_world(*, b, pupil_b, teacher_b) -> dict:
    today = timezone.localdate()
    dates = {"publish_on": today, "expires_on": today + datetime.timedelta(days=5)}
    news_b = News.objects.create(
        establishment=b,
        author_name="Direction B",
        title="Sortie de la classe B",
        body="<p>Sortie.</p>",
        audience=News.Audience.DIVISION,
        division=pupil_b.division,
        status=News.Status.PUBLISHED,
        image_type="image/png",
        **dates,
    )
    news_b.image.save("sortie.png", ContentFile(PNG), save=True)
    pending_b = News.objects.create(
        establishment=b,
        author=teacher_b,
        author_name="Professeur B",
        title="En attente B",
        body="<p>Attente.</p>",
        audience=News.Audience.PARENTS,
        status=News.Status.PENDING,
        **dates,
    )
    direction_b = UserFactory(
        username="d.directionb", profile=User.Profile.PERSONNEL, accepted_charter_version=99
    )
    StaffMemberFactory(
        establishment=b, function=StaffMember.Function.MANAGEMENT, account=direction_b
    )
    return {"news_b": news_b, "pending_b": pending_b, "direction_b": direction_b}


def _news(w):
    return {"news_id": w["news_b"].pk}


def _pending(w):
    return {"news_id": w["pending_b"].pk}


# name → (viewer refused, kwargs refused, owner allowed, kwargs allowed): ObjectCheck's fields.
NEWS_CHECKS = {
    # Another school's news, addressed to a class the viewer has no child in.
    "actualites:detail": ("parent_a", _news, "parent_b", _news),
    "actualites:image": ("parent_a", _news, "parent_b", _news),
    # A teacher of school A cannot touch school B's news; its author can.
    "actualites:edit": ("teacher_a", _pending, "teacher_b", _pending),
    "actualites:delete": ("teacher_a", _pending, "teacher_b", _pending),
    # A teacher cannot validate, even their own news; the direction of B can.
    "actualites:decide": ("teacher_b", _pending, "direction_b", _pending),
}
