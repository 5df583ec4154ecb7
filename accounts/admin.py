"""The secretariat's admin: the roster and the accounts of one establishment, in French.

Every admin here goes through ``EstablishmentScopedAdminMixin``: a staff member attached to an
establishment only ever sees (lists, pages, foreign-key choices) that establishment's rows, a
staff member without establishment sees nothing, a superuser sees everything. Objects outside the
scope are simply absent from ``get_queryset``, so Django answers "n'existe pas" for them.
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Replace, Upper
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst

from core import scoping
from core.http import client_ip

from .audit import AuditAction, audit_record
from .lifecycle import Audit, account_admin_save, account_password_set
from .models import (
    AuditEvent,
    Division,
    Establishment,
    Guardian,
    GuardianLink,
    Pupil,
    ReservedIdentifier,
    StaffMember,
    User,
)
from .scoping import accounts_of_establishment_q

# ---------------------------------------------------------------------------------------------
# Scoping: core.scoping's policy, with the rules of accounts/scoping.py.
# ---------------------------------------------------------------------------------------------


def scope_queryset(queryset: QuerySet, user: Any) -> QuerySet:
    return scoping.scope_queryset(queryset, user)


def object_in_scope(request: HttpRequest, obj: Any) -> bool:
    memo = request.__dict__.setdefault("_cartable_scope_cache", {})
    return scoping.object_in_scope(request.user, obj, memo=memo)


# Foreign keys declared without a French verbose_name get one here, in forms and read-only views.
FRENCH_LABELS = {"establishment": "établissement", "guardian": "responsable", "pupil": "élève"}


def needs_french_label(model: type, name: str) -> bool:
    if name not in FRENCH_LABELS:
        return False
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - not a model field (a method, a display column)
        return False
    return field.verbose_name == name.replace("_", " ")


def _french_label_kwargs(db_field, kwargs: dict) -> None:
    if needs_french_label(db_field.model, db_field.name):
        kwargs.setdefault("label", capfirst(FRENCH_LABELS[db_field.name]))


def _swap_for_display(model: type, names, readonly) -> tuple:
    """Read-only foreign keys without French label are shown through a ``<name>_display`` method."""
    return tuple(
        f"{name}_display" if name in readonly and needs_french_label(model, name) else name for name in names
    )


class FrenchLabelsDisplayMixin:
    @admin.display(description="établissement")
    def establishment_display(self, obj):
        return str(obj.establishment) if obj is not None and obj.establishment_id else "—"

    @admin.display(description="responsable")
    def guardian_display(self, obj):
        return admin_link(obj.guardian, str(obj.guardian)) if obj is not None and obj.guardian_id else "—"

    @admin.display(description="élève")
    def pupil_display(self, obj):
        return admin_link(obj.pupil, str(obj.pupil)) if obj is not None and obj.pupil_id else "—"


class EstablishmentFieldListFilter(admin.RelatedFieldListFilter):
    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = "établissement"


class EstablishmentScopedAdminMixin(FrenchLabelsDisplayMixin):
    """get_queryset, object permissions and foreign-key choices restricted to the user's scope,
    and an audit record for every change made through the admin."""

    #: second part of the audit action name: ``admin.<audit_name>.change``
    audit_name: str = ""
    #: list_filter / list_display entries only useful to a superuser (several establishments)
    superuser_list_filter: tuple = ()
    superuser_list_display: tuple = ()

    def get_queryset(self, request):
        return scope_queryset(super().get_queryset(request), request.user)

    def changelist_view(self, request, extra_context=None):
        # "Élèves" rather than Django's "Sélectionnez l'objet élève à changer".
        title = capfirst(self.model._meta.verbose_name_plural)
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def get_list_filter(self, request):
        filters = tuple(super().get_list_filter(request))
        if request.user.is_superuser:
            filters = self.superuser_list_filter + filters
        return filters

    def get_list_display(self, request):
        columns = tuple(super().get_list_display(request))
        if request.user.is_superuser:
            columns = columns + self.superuser_list_display
        return columns

    def get_readonly_fields(self, request, obj=None):
        return self.with_display_fields(super().get_readonly_fields(request, obj))

    def with_display_fields(self, readonly) -> tuple:
        readonly = tuple(readonly)
        return readonly + tuple(
            f"{name}_display" for name in readonly if needs_french_label(self.model, name)
        )

    def get_fieldsets(self, request, obj=None):
        readonly = self.get_readonly_fields(request, obj)
        return [
            (title, {**options, "fields": _swap_for_display(self.model, options["fields"], readonly)})
            for title, options in super().get_fieldsets(request, obj)
        ]

    @admin.display(description="établissement", ordering="establishment__name")
    def establishment_column(self, obj):
        return obj.establishment.name if obj.establishment_id else "—"

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and object_in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and object_in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and object_in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        _french_label_kwargs(db_field, kwargs)
        related = db_field.related_model
        if scoping.is_scoped(related):
            queryset = kwargs["queryset"] if "queryset" in kwargs else related._default_manager.all()
            kwargs["queryset"] = scope_queryset(queryset, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related = db_field.related_model
        if scoping.is_scoped(related):
            queryset = kwargs["queryset"] if "queryset" in kwargs else related._default_manager.all()
            kwargs["queryset"] = scope_queryset(queryset, request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # -- audit -----------------------------------------------------------------------------------

    def _audit_action(self, verb: str) -> AuditAction:
        # One AuditAction member per admin and verb (a test walks the registered admins).
        return AuditAction(f"admin.{self.audit_name or self.model._meta.model_name}.{verb}")

    def _audit_establishment(self, request, obj) -> Establishment | None:
        establishment_id = getattr(obj, "establishment_id", None) or request.user.establishment_id
        if establishment_id is None:
            return None
        # An unsaved instance is enough for the foreign key: no query.
        return Establishment(pk=establishment_id)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        details: dict[str, Any] = {"fields": sorted(form.changed_data)}
        details.update(self.audit_details(request, obj, form, change))
        audit_record(
            action=self._audit_action("change" if change else "add"),
            actor=request.user,
            target=obj,
            establishment=self._audit_establishment(request, obj),
            details=details,
            ip_address=client_ip(request),
        )

    def audit_details(self, request, obj, form, change) -> dict[str, Any]:
        return {}

    def delete_model(self, request, obj):
        audit_record(
            action=self._audit_action("delete"),
            actor=request.user,
            target=obj,
            establishment=self._audit_establishment(request, obj),
            ip_address=client_ip(request),
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # One record per deleted row: the audit says exactly what went.
        for obj in queryset:
            audit_record(
                action=self._audit_action("delete"),
                actor=request.user,
                target=obj,
                establishment=self._audit_establishment(request, obj),
                ip_address=client_ip(request),
            )
        super().delete_queryset(request, queryset)


class ScopedInlineMixin(FrenchLabelsDisplayMixin):
    """The same restrictions for inlines (rows and foreign-key choices)."""

    def get_queryset(self, request):
        return scope_queryset(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        _french_label_kwargs(db_field, kwargs)
        related = db_field.related_model
        if scoping.is_scoped(related):
            queryset = kwargs["queryset"] if "queryset" in kwargs else related._default_manager.all()
            kwargs["queryset"] = scope_queryset(queryset, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# ---------------------------------------------------------------------------------------------
# Small display helpers shared by the list pages.
# ---------------------------------------------------------------------------------------------

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
        return format_html('<span class="cartable-badge cartable-badge--none">{}</span>', "Pas de compte")
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


def admin_link(obj: Any, label: str) -> str:
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, label)


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
    guardians = scope_queryset(Guardian.objects.select_related("establishment"), user).prefetch_related(
        Prefetch("links", queryset=GuardianLink.objects.select_related("pupil__division").order_by("pupil__first_name"))
    )
    staff = scope_queryset(StaffMember.objects.select_related("establishment"), user)
    return [
        Prefetch("pupil", queryset=pupils, to_attr="roster_pupil"),
        Prefetch("guardian_records", queryset=guardians, to_attr="roster_guardians"),
        Prefetch("staff_records", queryset=staff, to_attr="roster_staff"),
    ]


# ---------------------------------------------------------------------------------------------
# List filters.
# ---------------------------------------------------------------------------------------------


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
    """"Classe": only the classes of the viewer's establishment."""

    title = "classe"
    parameter_name = "classe"

    def lookups(self, request, model_admin):
        divisions = scope_queryset(Division.objects.select_related("establishment"), request.user)
        divisions = list(divisions.order_by("establishment__name", "level", "code"))
        several = len({d.establishment_id for d in divisions}) > 1
        return [
            (str(d.pk), f"{d.code} — {d.establishment.uai}" if several else d.code) for d in divisions
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


# ---------------------------------------------------------------------------------------------
# Establishment and classes.
# ---------------------------------------------------------------------------------------------


@admin.register(Establishment)
class EstablishmentAdmin(EstablishmentScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "uai", "city", "kind", "school_year")
    search_fields = ("name", "uai", "city")
    fieldsets = (
        (None, {"fields": ("name", "uai", "kind", "academie", "city", "school_year")}),
        ("Vie scolaire", {"fields": ("vie_scolaire_phone", "vie_scolaire_fax", "vie_scolaire_email")}),
    )

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return ("uai", "kind", "academie")

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(Division)
class DivisionAdmin(EstablishmentScopedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "level", "pupil_count")
    superuser_list_display = ("establishment_column",)
    superuser_list_filter = (("establishment", EstablishmentFieldListFilter),)
    list_filter = ("level",)
    search_fields = ("code",)
    list_select_related = ("establishment",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(pupil_total=Count("pupils"))

    @admin.display(description="élèves", ordering="pupil_total")
    def pupil_count(self, obj):
        return obj.pupil_total

    # Classes come from SIECLE: the secretariat reads them, the import writes them.
    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


# ---------------------------------------------------------------------------------------------
# Pupils and guardians (read-mostly: SIECLE is the source).
# ---------------------------------------------------------------------------------------------

PUPIL_ROSTER_FIELDS = (
    "establishment", "siecle_id", "elenoet", "ine", "last_name", "usage_name", "first_name",
    "second_first_name", "birth_date", "sex", "mef_code", "division", "entered_on", "left_on",
)
GUARDIAN_ROSTER_FIELDS = (
    "establishment", "siecle_id", "civility", "last_name", "usage_name", "first_name",
    "phone_home", "phone_mobile", "phone_work", "email", "accepts_sms", "address_lines",
    "postal_code", "city", "country",
)
LINK_FIELDS = ("level", "parente", "rank", "pays_fees", "receives_aid", "hosts_pupil", "priority_contact")


class RosterInlineMixin(ScopedInlineMixin):
    """Links come from SIECLE: read-only, no add, no delete for non-superusers."""

    extra = 0

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return _swap_for_display(self.model, fields, fields)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return self.get_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class PupilGuardianLinkInline(RosterInlineMixin, admin.TabularInline):
    model = GuardianLink
    fk_name = "pupil"
    fields = ("guardian", *LINK_FIELDS)
    verbose_name = "responsable"
    verbose_name_plural = "responsables"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("guardian")


class GuardianPupilLinkInline(RosterInlineMixin, admin.TabularInline):
    model = GuardianLink
    fk_name = "guardian"
    fields = ("pupil", *LINK_FIELDS)
    verbose_name = "enfant"
    verbose_name_plural = "enfants"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("pupil")


class ImportedRosterAdminMixin:
    """Pupils and guardians arrive with the SIECLE import: only a superuser adds or deletes one."""

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(Pupil)
class PupilAdmin(ImportedRosterAdminMixin, EstablishmentScopedAdminMixin, admin.ModelAdmin):
    list_display = ("display_name", "division", "ine", "birth_date_column", "account_column", "guardians_column")
    superuser_list_display = ("establishment_column",)
    superuser_list_filter = (("establishment", EstablishmentFieldListFilter),)
    list_filter = (PupilDivisionListFilter, AccountPresenceListFilter, "sex")
    search_fields = ("last_name", "usage_name", "first_name", "=ine", "=siecle_id", "=account__username")
    list_select_related = ("division", "account", "establishment")
    raw_id_fields = ("account",)
    inlines = (PupilGuardianLinkInline,)
    fieldsets = (
        ("Identité", {"fields": ("last_name", "usage_name", "first_name", "second_first_name", "birth_date", "sex")}),
        ("Scolarité", {"fields": ("establishment", "division", "mef_code", "ine", "siecle_id", "elenoet", "entered_on", "left_on")}),
        ("Compte", {"fields": ("account",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(
            Prefetch("guardian_links", queryset=GuardianLink.objects.select_related("guardian").order_by("rank", "pk"))
        )

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return self.with_display_fields(PUPIL_ROSTER_FIELDS)

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return results, may_have_duplicates
        # A class typed as "5 B" or "5b" lists the class.
        by_class = Q(division__in=divisions_matching(search_term, request.user))
        return queryset.filter(Q(pk__in=results.values("pk")) | by_class), False

    @admin.display(description="élève", ordering="last_name")
    def display_name(self, obj):
        return str(obj)

    @admin.display(description="né(e) le", ordering="birth_date")
    def birth_date_column(self, obj):
        return short_date(obj.birth_date)

    @admin.display(description="compte", ordering="account__username")
    def account_column(self, obj):
        return account_cell(obj.account)

    @admin.display(description="responsables")
    def guardians_column(self, obj):
        links = obj.guardian_links.all()
        if not links:
            return "—"
        return format_html_join(
            ", ", "{} ({})", ((str(link.guardian), link.get_level_display()) for link in links)
        )


@admin.register(Guardian)
class GuardianAdmin(ImportedRosterAdminMixin, EstablishmentScopedAdminMixin, admin.ModelAdmin):
    list_display = ("display_name", "phone_mobile", "email", "children_column", "account_column")
    superuser_list_display = ("establishment_column",)
    superuser_list_filter = (("establishment", EstablishmentFieldListFilter),)
    list_filter = (GuardianDivisionListFilter, AccountPresenceListFilter)
    search_fields = ("last_name", "usage_name", "first_name", "email", "=siecle_id", "=account__username")
    list_select_related = ("account", "establishment")
    raw_id_fields = ("account",)
    inlines = (GuardianPupilLinkInline,)
    fieldsets = (
        ("Identité", {"fields": ("civility", "last_name", "usage_name", "first_name", "establishment", "siecle_id")}),
        ("Coordonnées", {"fields": ("phone_mobile", "phone_home", "phone_work", "accepts_sms", "email", "address_lines", "postal_code", "city", "country")}),
        ("Compte", {"fields": ("account",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(
            Prefetch("links", queryset=GuardianLink.objects.select_related("pupil__division").order_by("pupil__first_name"))
        )

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return self.with_display_fields(GUARDIAN_ROSTER_FIELDS)

    @admin.display(description="responsable", ordering="last_name")
    def display_name(self, obj):
        return str(obj)

    @admin.display(description="enfants")
    def children_column(self, obj):
        links = obj.links.all()
        if not links:
            return "—"
        return ", ".join(pupil_label(link.pupil) for link in links)

    @admin.display(description="compte", ordering="account__username")
    def account_column(self, obj):
        return account_cell(obj.account)


STAFF_STS_FIELDS = ("sts_id", "sts_type", "civility", "last_name", "first_name", "birth_date", "function")


@admin.register(StaffMember)
class StaffMemberAdmin(EstablishmentScopedAdminMixin, admin.ModelAdmin):
    list_display = ("last_name", "first_name", "function", "account_column", "left_on")
    superuser_list_display = ("establishment_column",)
    superuser_list_filter = (("establishment", EstablishmentFieldListFilter),)
    list_filter = ("function",)
    search_fields = ("last_name", "first_name", "=sts_id", "=account__username")
    list_select_related = ("account", "establishment")
    raw_id_fields = ("account",)
    filter_horizontal = ("divisions", "main_divisions")
    fields = (
        "establishment", *STAFF_STS_FIELDS, "divisions", "main_divisions", "account", "left_on",
    )

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        if obj is None:
            return ()
        # Rows imported from STS-web keep STS's values; the school edits classes, account, departure.
        return self.with_display_fields(("establishment", *STAFF_STS_FIELDS))

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if not request.user.is_superuser and request.user.establishment_id:
            initial.setdefault("establishment", request.user.establishment_id)
        return initial

    @admin.display(description="compte", ordering="account__username")
    def account_column(self, obj):
        return account_cell(obj.account)


# ---------------------------------------------------------------------------------------------
# Accounts ("Comptes").
# ---------------------------------------------------------------------------------------------

# Fields a non-superuser never changes on an account: no escalation, no move to another school,
# and the identity that comes from the roster stays the roster's.
ACCOUNT_PROTECTED_FIELDS = (
    "username", "profile", "establishment", "is_staff", "is_superuser", "groups", "user_permissions",
)


_password_request: ContextVar[HttpRequest] = ContextVar("account_admin_password_request")


class AccountPasswordForm(AdminPasswordChangeForm):
    """Sets the password (or none usable) through the lifecycle: every session of the account
    ends, and the audit record says who did it."""

    def audit(self) -> Audit:
        raise NotImplementedError

    def save(self, commit: bool = True) -> User:
        password = self.cleaned_data["password1"] if self.cleaned_data.get("set_usable_password", True) else None
        return account_password_set(account=self.user, password=password, audit=self.audit())


@admin.register(User)
class AccountAdmin(EstablishmentScopedAdminMixin, DjangoUserAdmin):
    audit_name = "account"
    list_display = (
        "identifier", "full_name", "profile_column", "state_column", "roster_column",
        "last_login_column",
    )
    superuser_list_display = ("establishment_column",)
    superuser_list_filter = (AccountEstablishmentListFilter, "is_staff", "is_superuser")
    list_filter = (DivisionListFilter, "state", "profile")
    # INE and class are matched exactly in get_search_results (a pupil's or a child's).
    search_fields = ("username", "first_name", "last_name", "email")
    list_select_related = ("establishment",)
    list_display_links = ("identifier",)
    ordering = ("last_name", "first_name", "username")
    readonly_fields = ("identifier", "roster_identity", "state_changed_at", "last_login", "date_joined")
    fieldsets = (
        ("Identité", {"fields": ("username", "first_name", "last_name", "email")}),
        ("Profil et état", {"fields": ("profile", "state", "state_changed_at", "is_active", "establishment")}),
        ("Dans la base élèves", {"fields": ("roster_identity",)}),
        ("Droits d'administration", {"fields": ("is_staff", "is_superuser", "groups", "user_permissions"), "classes": ("collapse",)}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {
            "classes": ("wide",),
            "fields": ("username", "first_name", "last_name", "email", "profile", "establishment",
                       "usable_password", "password1", "password2"),
        }),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(*_roster_prefetches(request.user))

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is None:
            return ()
        if not request.user.is_superuser:
            fields += ACCOUNT_PROTECTED_FIELDS
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        # Read-only, the identifier is shown without the input rules of the username field.
        return [
            (title, {**options, "fields": tuple("identifier" if f == "username" else f for f in options["fields"])})
            for title, options in fieldsets
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "username" in form.base_fields:
            form.base_fields["username"].label = "Identifiant"
        return form

    def has_add_permission(self, request):
        # Accounts are made from the SIECLE/STS roster and the letters, not by hand.
        return request.user.is_superuser and super().has_add_permission(request)

    def _protected_account(self, request, obj) -> bool:
        # A secretary can't take over a staff account (change its e-mail, then recover it).
        return obj is not None and not request.user.is_superuser and (obj.is_staff or obj.is_superuser)

    def has_change_permission(self, request, obj=None):
        if self._protected_account(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._protected_account(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            # Bulk delete would bypass the per-account protections above.
            actions.pop("delete_selected", None)
        return actions

    actions = ["reset_accounts"]

    @admin.action(description="Réinitialiser le compte (nouveau courrier)", permissions=["reset"])
    def reset_accounts(self, request, queryset):
        # The letters admin owns the reissue; imported lazily (it imports this module's mixins).
        from teleservices.admin import reset_accounts_action

        return reset_accounts_action(self, request, queryset)

    def has_reset_permission(self, request) -> bool:
        # Reissuing a letter is creating a letter batch, whatever the rights on accounts themselves.
        return request.user.has_perm("teleservices.add_letterbatch")

    def user_change_password(self, request, id, form_url=""):
        # Secretaries reissue a letter instead; only a superuser sets a password by hand.
        if not request.user.is_superuser:
            raise PermissionDenied
        token = _password_request.set(request)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _password_request.reset(token)

    @property
    def change_password_form(self):  # type: ignore[override]
        """Django's form, whose save goes through the lifecycle with this request's audit."""
        request = _password_request.get()
        admin = self

        class PasswordForm(AccountPasswordForm):
            def audit(self) -> Audit:
                return Audit(
                    action=AuditAction.ADMIN_ACCOUNT_PASSWORD, actor=request.user,
                    establishment=admin._audit_establishment(request, self.user), ip=client_ip(request),
                )

        return PasswordForm

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return results, may_have_duplicates
        # INE (a pupil's, or a child's for a guardian) and class code, matched exactly.
        pupils = scope_queryset(Pupil.objects.all(), request.user)
        by_ine = pupils.filter(ine__iexact=term)
        divisions = divisions_matching(term, request.user)
        extra = (
            Q(pk__in=by_ine.values("account_id"))
            | Q(pk__in=Guardian.objects.filter(links__pupil__in=by_ine).values("account_id"))
            | accounts_in_divisions_q(divisions)
        )
        matching = Q(pk__in=results.values("pk")) | extra
        return queryset.filter(matching), False

    def save_model(self, request, obj, form, change):
        # The form holds the typed values; the lifecycle dates a change of state, ends the
        # sessions of an account closed or deactivated, saves and writes the audit record.
        if not change and not request.user.is_superuser:
            obj.establishment_id = request.user.establishment_id
        account_admin_save(
            account=obj, created=not change, changed=form.changed_data, previous_state=form.initial.get("state"),
            audit=Audit(
                action=self._audit_action("change" if change else "add"), actor=request.user,
                establishment=self._audit_establishment(request, obj), ip=client_ip(request),
            ),
        )

    def _audit_establishment(self, request, obj):
        if obj.establishment_id:
            return Establishment(pk=obj.establishment_id)
        roster = [*filter(None, [getattr(obj, "roster_pupil", None)]),
                  *getattr(obj, "roster_guardians", []), *getattr(obj, "roster_staff", [])]
        if roster:
            return Establishment(pk=roster[0].establishment_id)
        return super()._audit_establishment(request, obj)

    @admin.display(description="nom", ordering="last_name")
    def full_name(self, obj):
        return f"{obj.last_name.upper()} {obj.first_name}".strip()

    @admin.display(description="profil", ordering="profile")
    def profile_column(self, obj):
        return SHORT_PROFILE_LABELS.get(obj.profile, obj.get_profile_display())

    @admin.display(description="dernière connexion", ordering="last_login")
    def last_login_column(self, obj):
        return short_date(obj.last_login, with_time=True) if obj.last_login else "jamais"

    @admin.display(description="identifiant", ordering="username")
    def identifier(self, obj):
        return obj.username

    @admin.display(description="état", ordering="state")
    def state_column(self, obj):
        return state_badge(obj)

    @admin.display(description="dans la base élèves")
    def roster_column(self, obj):
        return self._roster_html(obj, links=False)

    @admin.display(description="fiches de la base élèves")
    def roster_identity(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return self._roster_html(obj, links=True)

    def _roster_html(self, obj, *, links: bool) -> str:
        """Who the account is in the roster. In the list (``links=False``) the account's own name
        is already beside it: only class, INE and children are said."""
        lines = []
        pupil = getattr(obj, "roster_pupil", None)
        if pupil is not None:
            division = pupil.division.code if pupil.division_id else "sans classe"
            if links:
                lines.append(format_html(
                    "Élève {} · classe {} · INE {}", admin_link(pupil, str(pupil)), division, pupil.ine or "—"
                ))
            else:
                lines.append(format_html("Élève · {} · INE {}", division, pupil.ine or "—"))
        for guardian in getattr(obj, "roster_guardians", []):
            children = ", ".join(pupil_label(link.pupil) for link in guardian.links.all()) or "aucun enfant"
            if links:
                lines.append(format_html("Responsable ({}) de : {}", admin_link(guardian, str(guardian)), children))
            else:
                lines.append(format_html("Responsable de : {}", children))
        for staff in getattr(obj, "roster_staff", []):
            function = staff.get_function_display() or "fonction non renseignée"
            if links:
                lines.append(format_html("Personnel : {} · {}", admin_link(staff, str(staff)), function))
            else:
                lines.append(format_html("Personnel · {}", function))
        if not lines:
            return "Aucune fiche"
        return format_html_join("", "<div>{}</div>", ((line,) for line in lines))


# ---------------------------------------------------------------------------------------------
# Read-only registers: identifiers handed out and the audit log.
# ---------------------------------------------------------------------------------------------


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReservedIdentifier)
class ReservedIdentifierAdmin(ReadOnlyAdminMixin, EstablishmentScopedAdminMixin, admin.ModelAdmin):
    list_display = ("value", "base", "number", "created_at")
    search_fields = ("value", "base")
    ordering = ("value",)


class AuditActionListFilter(admin.SimpleListFilter):
    title = "action"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        actions = model_admin.get_queryset(request).order_by("action").values_list("action", flat=True).distinct()
        return [(action, action) for action in actions]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(action=self.value())
        return queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, EstablishmentScopedAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "actor_column", "action", "target_label", "ip_address")
    superuser_list_display = ("establishment_column",)
    superuser_list_filter = (("establishment", EstablishmentFieldListFilter),)
    list_filter = (AuditActionListFilter, ("created_at", admin.DateFieldListFilter))
    search_fields = ("actor_label", "target_label", "=action", "=target_id")
    list_select_related = ("establishment",)
    fields = ("created_at", "actor_label", "action", "establishment", "target_type", "target_id", "target_label", "details_text", "ip_address")
    readonly_fields = fields

    @admin.display(description="auteur", ordering="actor_label")
    def actor_column(self, obj):
        return obj.actor_label

    @admin.display(description="détails")
    def details_text(self, obj):
        if not obj.details:
            return "—"
        return format_html("<pre>{}</pre>", json.dumps(obj.details, ensure_ascii=False, indent=2, sort_keys=True))


# allauth registers its e-mail addresses admin unscoped: the same restriction applies to it.
from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin  # noqa: E402
from allauth.account.models import EmailAddress  # noqa: E402

if admin.site.is_registered(EmailAddress):
    admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(EstablishmentScopedAdminMixin, AllauthEmailAddressAdmin):
    audit_name = "emailaddress"
    list_select_related = ("user",)

    def make_verified(self, request, queryset):
        super().make_verified(request, queryset)
        for address in queryset:
            audit_record(
                action=AuditAction.ADMIN_EMAILADDRESS_VERIFY, actor=request.user, target=address.user,
                establishment=self._audit_establishment(request, address.user), ip_address=client_ip(request),
            )

    make_verified.short_description = AllauthEmailAddressAdmin.make_verified.short_description


# The roster import admin (upload + progress) lives in its own module, registered from here.
from . import admin_imports  # noqa: E402,F401
