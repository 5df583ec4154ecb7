"""Read-only registers (identifiers handed out, the audit log) and allauth's e-mail addresses,
scoped like the rest."""

from __future__ import annotations

import json

from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.utils.html import format_html

from core.http import client_ip

from ..audit import AuditAction, audit_record
from ..models import AuditEvent, ReservedIdentifier
from .base import EstablishmentFieldListFilter, EstablishmentScopedAdminMixin, ReadOnlyAdminMixin


@admin.register(ReservedIdentifier)
class ReservedIdentifierAdmin(ReadOnlyAdminMixin, EstablishmentScopedAdminMixin, admin.ModelAdmin):
    list_display = ("value", "base", "number", "created_at")
    search_fields = ("value", "base")
    ordering = ("value",)


class AuditActionListFilter(admin.SimpleListFilter):
    title = "action"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        actions = (
            model_admin.get_queryset(request)
            .order_by("action")
            .values_list("action", flat=True)
            .distinct()
        )
        labels = dict(AuditAction.choices)
        return [(action, labels.get(action, action)) for action in actions]

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
    fields = (
        "created_at",
        "actor_label",
        "action",
        "establishment",
        "target_type",
        "target_id",
        "target_label",
        "details_text",
        "ip_address",
    )
    readonly_fields = fields

    @admin.display(description="auteur", ordering="actor_label")
    def actor_column(self, obj):
        return obj.actor_label

    @admin.display(description="détails")
    def details_text(self, obj):
        if not obj.details:
            return "—"
        return format_html(
            "<pre>{}</pre>", json.dumps(obj.details, ensure_ascii=False, indent=2, sort_keys=True)
        )


# allauth registers its e-mail addresses admin unscoped: the same restriction applies to it.


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
                action=AuditAction.ADMIN_EMAILADDRESS_VERIFY,
                actor=request.user,
                target=address.user,
                establishment=self._audit_establishment(request, address.user),
                ip_address=client_ip(request),
            )

    make_verified.short_description = AllauthEmailAddressAdmin.make_verified.short_description
