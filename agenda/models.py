"""The agenda: the establishment's events (by audience, like the news) and each user's own
events, and the secret address of each user's iCalendar feed.

An event has a first and a last day; a timed event also has a start and an end time (local
time of the portal), an all-day event has none. Days make the month and week grids one range
query; times are only combined into datetimes for the feed."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q

from accounts.models import Division, Establishment, User
from actualites.models import News

from . import messages

TITLE_MAX = 200
PLACE_MAX = 200
TEXT_MAX = 10_000

Audience = News.Audience


class EventDates(models.Model):
    title = models.CharField("titre", max_length=TITLE_MAX)
    place = models.CharField("lieu", max_length=PLACE_MAX, blank=True)
    starts_on = models.DateField("premier jour")
    ends_on = models.DateField("dernier jour")
    # Both empty: an all-day event.
    start_time = models.TimeField("heure de début", null=True, blank=True)
    end_time = models.TimeField("heure de fin", null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def all_day(self) -> bool:
        return self.start_time is None

    def on_day(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    @property
    def several_days(self) -> bool:
        return self.ends_on != self.starts_on


def _dates_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(ends_on__gte=F("starts_on")),
            name=f"{prefix}_days_in_order",
            violation_error_message=messages.CONSTRAINT_DAYS,
        ),
        models.CheckConstraint(
            condition=Q(start_time__isnull=True, end_time__isnull=True)
            | Q(start_time__isnull=False, end_time__isnull=False),
            name=f"{prefix}_times_together",
            violation_error_message=messages.CONSTRAINT_TIMES,
        ),
        models.CheckConstraint(
            condition=Q(ends_on__gt=F("starts_on"))
            | Q(start_time__isnull=True)
            | Q(end_time__gte=F("start_time")),
            name=f"{prefix}_times_in_order",
            violation_error_message=messages.CONSTRAINT_TIMES_ORDER,
        ),
    ]


class SchoolEvent(EventDates):
    """An event of the establishment (conseil de classe, réunion parents-professeurs, sortie),
    shown to its audience exactly as a news is (``actualites.selectors.audience_q``: the same
    field names)."""

    establishment = models.ForeignKey(
        Establishment, verbose_name="établissement", on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(
        User,
        verbose_name="auteur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author_name = models.CharField("écrit par", max_length=150, blank=True)
    # Sanitised HTML (core.html): rendered as is.
    description = models.TextField("description", blank=True)
    audience = models.CharField("destinataires", max_length=10, choices=Audience.choices)
    level = models.CharField("niveau", max_length=1, choices=Division.Level.choices, blank=True)
    division = models.ForeignKey(
        Division,
        verbose_name="classe",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "évènement de l'établissement"
        verbose_name_plural = "évènements de l'établissement"
        ordering = ["starts_on", F("start_time").asc(nulls_first=True), "pk"]
        indexes = [
            models.Index(fields=["establishment", "ends_on", "starts_on"], name="school_event_idx"),
            models.Index(fields=["ends_on"], name="school_event_end_idx"),
        ]
        constraints = [
            *_dates_constraints("school_event"),
            models.CheckConstraint(
                condition=(
                    Q(audience="level", division__isnull=True) & ~Q(level="")
                    | Q(audience="division", division__isnull=False, level="")
                    | (Q(division__isnull=True, level="") & ~Q(audience__in=["level", "division"]))
                ),
                name="school_event_audience_target",
                violation_error_message=messages.CONSTRAINT_AUDIENCE,
            ),
        ]

    is_personal = False

    @property
    def audience_label(self) -> str:
        if self.audience == Audience.LEVEL:
            return f"Les {self.get_level_display()}"
        if self.audience == Audience.DIVISION:
            return f"La classe de {self.division.code}" if self.division else "Une classe"
        return self.get_audience_display()


class PersonalEvent(EventDates):
    """A user's own event: read by its owner only, erased with the account (cascade)."""

    owner = models.ForeignKey(
        User, verbose_name="propriétaire", on_delete=models.CASCADE, related_name="+"
    )
    notes = models.TextField("notes", max_length=TEXT_MAX, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "évènement personnel"
        verbose_name_plural = "évènements personnels"
        ordering = ["starts_on", F("start_time").asc(nulls_first=True), "pk"]
        indexes = [
            models.Index(fields=["owner", "ends_on", "starts_on"], name="personal_event_idx"),
            models.Index(fields=["ends_on"], name="personal_event_end_idx"),
        ]
        constraints = _dates_constraints("personal_event")

    is_personal = True


class FeedToken(models.Model):
    """The secret address of a user's iCalendar feed: only the SHA-256 of its token is kept
    (``core.tokens``); a new address replaces the old one, which stops working at once."""

    owner = models.OneToOneField(
        User, verbose_name="propriétaire", on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField("empreinte du jeton", max_length=64, unique=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "adresse d'abonnement"
        verbose_name_plural = "adresses d'abonnement"

    def __str__(self) -> str:
        return f"Abonnement de {self.owner_id}"
