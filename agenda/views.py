"""The agenda's pages, without JavaScript: the month (a table) and the week (a section per day),
an event's page, the forms of one's own events, the direction's and vie scolaire's forms of the
establishment's events, the feed's subscription page and the feed itself. Thin views: a form,
one service, a message, a redirect; an event the user may not see is a 404."""

from __future__ import annotations

import datetime
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.school import SchoolRole, school_role_of_request
from actualites.selectors import audience_options
from core import ratelimit
from core.http import client_ip

from . import conf, rules, selectors, services
from . import messages as texts
from .feed import calendar_bytes, feed_url
from .forms import PersonalEventForm, SchoolEventForm
from .models import PersonalEvent, SchoolEvent


def _month_param(value: str | None) -> tuple[int, int]:
    """``?mois=2026-12``; anything else (or out of the years shown) is the current month."""
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        datetime.date(year, month, 1)
    except ValueError:
        return today.year, today.month
    if abs(year - today.year) > 5:
        return today.year, today.month
    return year, month


def _day_param(value: str | None) -> datetime.date:
    today = timezone.localdate()
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        return today
    return day if abs(day.year - today.year) <= 5 else today


def _common(request) -> dict:
    role = school_role_of_request(request)
    return {"is_writer": rules.writer_establishment_id(role) is not None}


@login_required
@require_http_methods(["GET", "HEAD"])
def month(request):
    year, number = _month_param(request.GET.get("mois"))
    today = timezone.localdate()
    grid = selectors.month_of(user=request.user, year=year, month=number)
    return render(
        request,
        "agenda/month.html",
        {
            "month": grid,
            "week_day": today if (year, number) == (today.year, today.month) else grid.first,
            **_common(request),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def week(request):
    week = selectors.week_of(user=request.user, day=_day_param(request.GET.get("jour")))
    sunday = week.days[-1].date
    return render(
        request,
        "agenda/week.html",
        {"week": week, "sunday": sunday, **_common(request)},
    )


# --- an event's page ---------------------------------------------------------------------


def _school_event_or_404(request, event_id: int) -> SchoolEvent:
    event = selectors.school_event_readable(user=request.user, event_id=event_id)
    if event is None:
        raise Http404("Évènement introuvable.")
    return event


def _managed_or_404(request, event_id: int) -> SchoolEvent:
    event = _school_event_or_404(request, event_id)
    if not rules.may_manage(school_role_of_request(request), event):
        raise Http404("Évènement introuvable.")
    return event


def _personal_or_404(request, event_id: int) -> PersonalEvent:
    event = selectors.personal_event_owned(user=request.user, event_id=event_id)
    if event is None:
        raise Http404("Évènement introuvable.")
    return event


@login_required
@require_http_methods(["GET", "HEAD"])
def school_event(request, event_id: int):
    event = _school_event_or_404(request, event_id)
    return render(
        request,
        "agenda/event.html",
        {
            "event": event,
            "may_manage": rules.may_manage(school_role_of_request(request), event),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def personal_event(request, event_id: int):
    event = _personal_or_404(request, event_id)
    return render(request, "agenda/event.html", {"event": event, "may_manage": True})


# --- personal events ---------------------------------------------------------------------


def _back_to_month(event):
    return redirect(f"{reverse('agenda:month')}?mois={event.starts_on:%Y-%m}")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def personal_create(request):
    initial = {"starts_on": _day_param(request.GET.get("jour"))}
    form = PersonalEventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.personal_event_create(
                owner=request.user, when=form.when(), notes=form.cleaned_data["notes"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.SAVED)
            return redirect("agenda:personal_event", event_id=event.pk)
    return render(request, "agenda/form.html", {"form": form, "event": None, "personal": True})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def personal_edit(request, event_id: int):
    event = _personal_or_404(request, event_id)
    form = PersonalEventForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.personal_event_update(
                event=event, when=form.when(), notes=form.cleaned_data["notes"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.SAVED)
            return redirect("agenda:personal_event", event_id=event.pk)
    return render(request, "agenda/form.html", {"form": form, "event": event, "personal": True})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def personal_delete(request, event_id: int):
    event = _personal_or_404(request, event_id)
    if request.method == "POST":
        services.personal_event_delete(event=event)
        messages.success(request, texts.DELETED)
        return _back_to_month(event)
    return render(request, "agenda/delete.html", {"event": event})


# --- the establishment's events (direction, vie scolaire) --------------------------------


def writers_only(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        role = school_role_of_request(request)
        establishment_id = rules.writer_establishment_id(role)
        if establishment_id is None:
            return render(
                request, "agenda/writers_only.html", {"message": texts.WRITERS_ONLY}, status=403
            )
        return view(request, role, establishment_id, *args, **kwargs)

    return wrapped


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@writers_only
def school_create(request, role: SchoolRole, establishment_id: int):
    options = audience_options(establishment_id=establishment_id)
    initial = {"starts_on": _day_param(request.GET.get("jour"))}
    form = SchoolEventForm(request.POST or None, options=options, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.school_event_create(
                author=request.user, establishment_id=establishment_id, content=form.content()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.SAVED)
            return redirect("agenda:school_event", event_id=event.pk)
    return render(request, "agenda/form.html", {"form": form, "event": None, "personal": False})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def school_edit(request, event_id: int):
    event = _managed_or_404(request, event_id)
    options = audience_options(establishment_id=event.establishment_id)
    form = SchoolEventForm(request.POST or None, options=options, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_event_update(event=event, editor=request.user, content=form.content())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, texts.SAVED)
            return redirect("agenda:school_event", event_id=event.pk)
    return render(request, "agenda/form.html", {"form": form, "event": event, "personal": False})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def school_delete(request, event_id: int):
    event = _managed_or_404(request, event_id)
    if request.method == "POST":
        services.school_event_delete(event=event, actor=request.user)
        messages.success(request, texts.DELETED)
        return _back_to_month(event)
    return render(request, "agenda/delete.html", {"event": event})


# --- the iCalendar feed ------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def subscription(request):
    """Abonnement: the feed's address is shown once, in the answer to the POST that made it
    (never stored, never in a redirect)."""
    token = None
    if request.method == "POST":
        if "revoke" in request.POST:
            services.feed_token_revoke(owner=request.user)
            messages.success(request, texts.FEED_REVOKED)
            return redirect("agenda:subscription")
        token = services.feed_token_renew(owner=request.user)
    return render(
        request,
        "agenda/subscription.html",
        {
            "feed_url": feed_url(token) if token else None,
            "has_feed": token is not None or selectors.has_feed(user=request.user),
            "created_message": texts.FEED_CREATED,
        },
    )


@require_http_methods(["GET", "HEAD"])
def feed(request, token: str):
    """The feed, for calendar applications (no login: the secret address is the key). An
    unknown or revoked address is a 404; the lookup is by the token's digest (an index, no
    comparison of secrets). Counted per client address."""
    ip = client_ip(request)
    if ip is not None and not ratelimit.hit(
        "agenda-feed-ip", ip, limit=conf.feed_per_ip_hour(), period=ratelimit.HOUR
    ):
        return HttpResponse(str(texts.FEED_RATE_LIMITED), status=429, content_type="text/plain")
    owner = selectors.feed_owner(token=token)
    if owner is None:
        raise Http404("Adresse inconnue.")
    body = calendar_bytes(
        selectors.feed_events(user=owner),
        name=f"Agenda de {owner.get_full_name() or owner.username}",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
