"""The demo collège's news (core.demo): the direction's word to the whole school, a teacher's
news for the class of the demo pupil (validated by the direction) and one still awaiting
validation. Idempotent: found again by title, their dates moved so they stay current."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from core.demo import DemoStep, DemoWorld

from .models import News
from .versions import news_changed

DIRECTION_TITLE = "Bienvenue sur le nouvel ENT du collège"
CLASS_TITLE = "Sortie au Futuroscope"
PENDING_TITLE = "Réunion parents-professeurs"


def _name(member) -> str:
    return f"{member.first_name} {member.last_name.title()}"


@transaction.atomic
def demo_news(world: DemoWorld) -> str:
    today = world.today
    direction = world.direction
    teacher = world.teacher
    pupil = world.children[0]
    validated_at = timezone.now()
    wanted = [
        {
            "title": DIRECTION_TITLE,
            "author": direction.account if direction else world.secretary,
            "author_name": _name(direction) if direction else "La direction",
            "body": "<p>Toutes les informations du collège sont désormais sur Cartable : "
            "cahier de textes, vie scolaire, messagerie et actualités.</p>"
            "<p>Bonne année scolaire à toutes et à tous.</p>",
            "audience": News.Audience.SCHOOL,
            "status": News.Status.PUBLISHED,
            "publish_on": today - datetime.timedelta(days=3),
        },
        {
            "title": CLASS_TITLE,
            "author": teacher.account,
            "author_name": _name(teacher),
            "body": "<p>La classe partira en sortie pédagogique au Futuroscope. Merci de "
            "rendre l'autorisation signée au professeur principal avant vendredi.</p>",
            "audience": News.Audience.DIVISION,
            "division_id": pupil.division_id,
            "status": News.Status.PUBLISHED,
            "publish_on": today - datetime.timedelta(days=1),
        },
        {
            "title": PENDING_TITLE,
            "author": teacher.account,
            "author_name": _name(teacher),
            "body": "<p>Les rencontres parents-professeurs auront lieu le mois prochain. "
            "Les créneaux seront proposés dans Mes courriels.</p>",
            "audience": News.Audience.PARENTS,
            "status": News.Status.PENDING,
            "publish_on": today,
        },
    ]
    for values in wanted:
        published = values["status"] == News.Status.PUBLISHED
        defaults = {
            **values,
            "expires_on": today + datetime.timedelta(days=30),
            "published_at": validated_at if published else None,
            "decided_by": (direction.account if direction else None) if published else None,
        }
        title = defaults.pop("title")
        News.objects.update_or_create(
            establishment=world.establishment, title=title, defaults=defaults
        )
    news_changed()
    return (
        f"Informations de démonstration : « {DIRECTION_TITLE} » (toute l'école), "
        f"« {CLASS_TITLE} » ({pupil.division}), « {PENDING_TITLE} » en attente de validation."
    )


DEMO_STEP = DemoStep(key="actualites", run=demo_news, order=60)
