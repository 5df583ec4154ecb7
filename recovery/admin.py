"""The référent numérique's / secretariat's queue of pupils' emergency access requests.

Scoped like the rest of the admin: a staff member sees the requests of their establishment only,
a superuser sees all. Requests are read-only; two actions resolve them.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from accounts.admin import ScopedAdminMixin
from core.http import client_ip

from . import messages as texts
from .models import EmergencyAccessRequest
from .services.emergency import emergency_requests_reject, emergency_requests_resolve


@admin.register(EmergencyAccessRequest)
class EmergencyAccessRequestAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "created_at",
        "last_name",
        "first_name",
        "division_label",
        "birth_date",
        "pupil_column",
        "status",
    )
    list_filter = ("status",)
    search_fields = ("last_name", "first_name", "division_label")
    date_hierarchy = "created_at"
    actions = ["reset_accounts", "reject"]
    readonly_fields = (
        "establishment",
        "pupil",
        "last_name",
        "first_name",
        "division_label",
        "birth_date",
        "message",
        "ip_address",
        "status",
        "created_at",
        "resolved_by",
        "resolved_at",
    )
    fields = readonly_fields
    list_select_related = ("pupil__division", "pupil__account", "establishment")

    def has_add_permission(self, request):
        return False

    @admin.display(description="élève reconnu")
    def pupil_column(self, obj):
        if obj.pupil is None:
            return "Non reconnu — vérifier"
        account = obj.pupil.account.username if obj.pupil.account else "sans compte"
        return f"{obj.pupil} ({obj.pupil.division or '—'}) — {account}"

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description="Réinitialiser le compte (nouveau courrier)", permissions=["change"])
    def reset_accounts(self, request, queryset):
        resolved, skipped = emergency_requests_resolve(
            requests=list(queryset.select_related("pupil__account", "establishment")),
            resolved_by=request.user,
            ip=client_ip(request),
        )
        if resolved:
            self.message_user(request, texts.requests_resolved(resolved), messages.SUCCESS)
        if skipped:
            self.message_user(request, texts.requests_skipped(skipped), messages.WARNING)

    @admin.action(description="Rejeter la demande", permissions=["change"])
    def reject(self, request, queryset):
        try:
            count = emergency_requests_reject(
                requests=list(queryset), resolved_by=request.user, ip=client_ip(request)
            )
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.WARNING)
        else:
            self.message_user(request, texts.requests_rejected(count), messages.SUCCESS)
