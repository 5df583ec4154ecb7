"""The admin's building blocks: scoping (core.scoping's policy), French labels, audit.

Every admin of the secretariat goes through ``ScopedAdminMixin`` (what it lists, shows, changes
and offers in foreign keys is restricted to the user's establishment) and, when it writes,
``EstablishmentScopedAdminMixin`` (French labels, titles, and an audit record per change).
A staff member attached to an establishment only ever sees that establishment's rows, a staff
member without establishment sees nothing, a superuser sees everything. Objects outside the
scope are simply absent from ``get_queryset``, so Django answers "n'existe pas" for them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst

from core import scoping
from core.http import client_ip

from ..audit import AuditAction, audit_record
from ..models import Establishment

# ---------------------------------------------------------------------------------------------
# Scoping: core.scoping's policy, with the rules of accounts/scoping.py.
# ---------------------------------------------------------------------------------------------


def scope_queryset(queryset: QuerySet, user: Any) -> QuerySet:
    return scoping.scope_queryset(queryset, user)


def object_in_scope(request: HttpRequest, obj: Any) -> bool:
    memo = request.__dict__.setdefault("_cartable_scope_cache", {})
    return scoping.object_in_scope(request.user, obj, memo=memo)


def admin_link(obj: Any, label: str) -> str:
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, label)


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
        f"{name}_display" if name in readonly and needs_french_label(model, name) else name
        for name in names
    )


class FrenchLabelsDisplayMixin:
    @admin.display(description="établissement")
    def establishment_display(self, obj):
        return str(obj.establishment) if obj is not None and obj.establishment_id else "—"

    @admin.display(description="responsable")
    def guardian_display(self, obj):
        return (
            admin_link(obj.guardian, str(obj.guardian))
            if obj is not None and obj.guardian_id
            else "—"
        )

    @admin.display(description="élève")
    def pupil_display(self, obj):
        return admin_link(obj.pupil, str(obj.pupil)) if obj is not None and obj.pupil_id else "—"


class EstablishmentFieldListFilter(admin.RelatedFieldListFilter):
    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = "établissement"


def _scoped_choices(db_field, request: HttpRequest, kwargs: dict) -> None:
    """A foreign key or many-to-many to a scoped model offers only the rows of the scope."""
    related = db_field.related_model
    if scoping.is_scoped(related):
        queryset = kwargs["queryset"] if "queryset" in kwargs else related._default_manager.all()
        kwargs["queryset"] = scope_queryset(queryset, request.user)


class ScopedAdminMixin:
    """get_queryset, object permissions and foreign-key choices restricted to the user's scope."""

    def get_queryset(self, request):
        return scope_queryset(super().get_queryset(request), request.user)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and object_in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and object_in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and object_in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        _french_label_kwargs(db_field, kwargs)
        _scoped_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        _scoped_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class EstablishmentScopedAdminMixin(ScopedAdminMixin, FrenchLabelsDisplayMixin):
    """The scope, French labels and titles, and an audit record for every change made through
    the admin."""

    #: second part of the audit action name: ``admin.<audit_name>.change``
    audit_name: str = ""
    #: list_filter / list_display entries only useful to a superuser (several establishments)
    superuser_list_filter: tuple = ()
    superuser_list_display: tuple = ()

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
            (
                title,
                {**options, "fields": _swap_for_display(self.model, options["fields"], readonly)},
            )
            for title, options in super().get_fieldsets(request, obj)
        ]

    @admin.display(description="établissement", ordering="establishment__name")
    def establishment_column(self, obj):
        return obj.establishment.name if obj.establishment_id else "—"

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
        _scoped_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuperuserOnlyMixin:
    """For third-party admins that are not the secretariat's business (TOTP authenticators,
    FranceConnect links): superusers only, never added by hand."""

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False
