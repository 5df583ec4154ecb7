"""List filters of the roster and accounts pages, restricted to the viewer's scope."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Replace, Upper

from ..models import Division, Establishment, Guardian, GuardianLink, Pupil, User
from ..scoping import accounts_of_establishment_q
from .base import scope_queryset
from .display import SHORT_STATE_LABELS


def accounts_in_divisions_q(divisions: QuerySet) -> Q:
    """Pupils of these classes, and guardians of a pupil of these classes."""
    return Q(pk__in=Pupil.objects.filter(division__in=divisions).values("account_id")) | Q(
        pk__in=Guardian.objects.filter(links__pupil__division__in=divisions).values("account_id")
    )


def divisions_matching(term: str, user: Any) -> QuerySet:
    """Classes of the viewer's scope whose code is ``term``, ignoring case and spaces ("5b" = "5 B")."""
    compact = "".join(term.split()).upper()
    return (
        scope_queryset(Division.objects.all(), user)
        .annotate(compact_code=Upper(Replace("code", Value(" "), Value(""))))
        .filter(compact_code=compact)
    )


class DivisionListFilter(admin.SimpleListFilter):
    """ "Classe": only the classes of the viewer's establishment."""

    title = "classe"
    parameter_name = "classe"

    def lookups(self, request, model_admin):
        divisions = scope_queryset(Division.objects.select_related("establishment"), request.user)
        divisions = list(divisions.order_by("establishment__name", "level", "code"))
        several = len({d.establishment_id for d in divisions}) > 1
        return [
            (str(d.pk), f"{d.code} — {d.establishment.uai}" if several else d.code)
            for d in divisions
        ]

    def _divisions(self, request) -> QuerySet | None:
        value = self.value()
        if not value:
            return None
        if not value.isdigit():
            return Division.objects.none()
        return scope_queryset(Division.objects.filter(pk=int(value)), request.user)

    def queryset(self, request, queryset):
        divisions = self._divisions(request)
        if divisions is None:
            return queryset
        return queryset.filter(accounts_in_divisions_q(divisions))


class AccountEstablishmentListFilter(admin.SimpleListFilter):
    """For superusers: accounts attached to an establishment or to one of its roster records."""

    title = "établissement"
    parameter_name = "etablissement"

    def lookups(self, request, model_admin):
        establishments = scope_queryset(Establishment.objects.all(), request.user)
        return [(str(e.pk), str(e)) for e in establishments]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(accounts_of_establishment_q(int(value)))


class PupilDivisionListFilter(DivisionListFilter):
    def queryset(self, request, queryset):
        divisions = self._divisions(request)
        if divisions is None:
            return queryset
        return queryset.filter(division__in=divisions)


class GuardianDivisionListFilter(DivisionListFilter):
    title = "classe d'un enfant"

    def queryset(self, request, queryset):
        divisions = self._divisions(request)
        if divisions is None:
            return queryset
        return queryset.filter(
            pk__in=GuardianLink.objects.filter(pupil__division__in=divisions).values("guardian_id")
        )


class AccountPresenceListFilter(admin.SimpleListFilter):
    title = "compte"
    parameter_name = "compte"

    def lookups(self, request, model_admin):
        return [
            ("aucun", "Sans compte"),
            *((state, SHORT_STATE_LABELS[state]) for state in User.State.values),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "aucun":
            return queryset.filter(account__isnull=True)
        if value in User.State.values:
            return queryset.filter(account__state=value)
        return queryset
