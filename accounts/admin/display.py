"""Small display helpers shared by the list pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from ..models import Guardian, GuardianLink, Pupil, StaffMember, User
from .base import admin_link, scope_queryset

STATE_BADGE_CLASSES = {
    User.State.PROVISIONAL: "info",
    User.State.AWAITING_EMAIL: "warning",
    User.State.ACTIVE: "success",
    User.State.CLOSED: "error",
    User.State.EXPIRED: "neutral",
}

SHORT_STATE_LABELS = {
    User.State.PROVISIONAL: "Provisoire",
    User.State.AWAITING_EMAIL: "Courriel à valider",
    User.State.ACTIVE: "Actif",
    User.State.CLOSED: "Fermé",
    User.State.EXPIRED: "Expiré",
}


def state_badge(account: User | None) -> str:
    if account is None:
        return format_html(
            '<span class="cartable-badge cartable-badge--none">{}</span>', "Pas de compte"
        )
    return format_html(
        '<span class="cartable-badge cartable-badge--{}" title="{}">{}</span>',
        STATE_BADGE_CLASSES.get(account.state, "neutral"),
        account.get_state_display(),
        SHORT_STATE_LABELS.get(account.state, account.get_state_display()),
    )


SHORT_PROFILE_LABELS = {
    User.Profile.ELEVE: "Élève",
    User.Profile.PARENT: "Parent",
    User.Profile.ENSEIGNANT: "Enseignant",
    User.Profile.PERSONNEL: "Personnel",
    User.Profile.REGION: "Région",
    User.Profile.AUTRE: "Autre",
}


def short_date(value, *, with_time: bool = False) -> str:
    if value is None:
        return "—"
    if with_time:
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if hasattr(value, "hour"):
        value = timezone.localtime(value)
    return date_format(value, "SHORT_DATE_FORMAT")


def pupil_label(pupil: Pupil) -> str:
    division = pupil.division.code if pupil.division_id else "sans classe"
    return f"{pupil.first_name} {pupil.display_last_name} ({division})"


def account_cell(account: User | None) -> str:
    if account is None:
        return state_badge(None)
    return format_html("{} {}", admin_link(account, account.username), state_badge(account))


def _roster_prefetches(user: Any) -> list[Prefetch]:
    """The roster records shown beside each account, restricted to the viewer's establishment so
    a secretary never reads another school's pupils through a shared parent account."""
    pupils = scope_queryset(Pupil.objects.select_related("division", "establishment"), user)
    guardians = scope_queryset(
        Guardian.objects.select_related("establishment"), user
    ).prefetch_related(
        Prefetch(
            "links",
            queryset=GuardianLink.objects.select_related("pupil__division").order_by(
                "pupil__first_name"
            ),
        )
    )
    staff = scope_queryset(StaffMember.objects.select_related("establishment"), user)
    return [
        Prefetch("pupil", queryset=pupils, to_attr="roster_pupil"),
        Prefetch("guardian_records", queryset=guardians, to_attr="roster_guardians"),
        Prefetch("staff_records", queryset=staff, to_attr="roster_staff"),
    ]
