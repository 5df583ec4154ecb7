"""The user's iCalendar feed (RFC 5545), built with the ``icalendar`` library: personal events
and the establishment events of the user's audiences. All-day events are dates (the end is the
day after the last, as the RFC wants); timed events carry the portal's time zone."""

from __future__ import annotations

import datetime

import icalendar
from django.utils import timezone

from core import conf as core_conf
from core.html import html_to_text
from core.links import public_reverse

from .models import SchoolEvent
from .selectors import AgendaEvent


def _when(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())


def _vevent(event: AgendaEvent, stamp: datetime.datetime) -> icalendar.Event:
    vevent = icalendar.Event()
    kind = "personnel" if event.is_personal else "etablissement"
    host = core_conf.public_base_url().split("://", 1)[-1].split("/", 1)[0] or "cartable"
    vevent.add("uid", f"agenda-{kind}-{event.pk}@{host}")
    vevent.add("dtstamp", stamp)
    vevent.add("summary", event.title)
    if event.start_time is None or event.end_time is None:
        vevent.add("dtstart", event.starts_on)
        vevent.add("dtend", event.ends_on + datetime.timedelta(days=1))
    else:
        vevent.add("dtstart", _when(event.starts_on, event.start_time))
        vevent.add("dtend", _when(event.ends_on, event.end_time))
    if event.place:
        vevent.add("location", event.place)
    if isinstance(event, SchoolEvent):
        text = html_to_text(event.description)
        vevent.add("description", f"{text}\n\n{event.audience_label}".strip())
        vevent.add("categories", [event.establishment.name])
        vevent.add("url", public_reverse("agenda:school_event", event.pk))
    else:
        if event.notes:
            vevent.add("description", event.notes)
        vevent.add("class", "PRIVATE")
    return vevent


def calendar_bytes(events: list[AgendaEvent], *, name: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{core_conf.portal_name()}//Agenda//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(timezone.get_current_timezone()))
    stamp = timezone.now()
    for event in events:
        calendar.add_component(_vevent(event, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_url(token: str) -> str:
    return public_reverse("agenda:feed", token)
