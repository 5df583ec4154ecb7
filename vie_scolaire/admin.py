"""The establishment's list of motives (absences and retards), edited by its secretariat."""

from __future__ import annotations

from django.contrib import admin

from accounts.admin import EstablishmentScopedAdminMixin
from accounts.admin.base import EstablishmentFieldListFilter

from .models import Motive


@admin.register(Motive)
class MotiveAdmin(EstablishmentScopedAdminMixin, admin.ModelAdmin):
    audit_name = "motive"
    list_display = ("label", "is_valid_reason", "is_active", "order")
    list_filter = ("is_active",)
    superuser_list_display = ("establishment_column",)
    superuser_list_filter = (("establishment", EstablishmentFieldListFilter),)
    list_select_related = ("establishment",)
    search_fields = ("label",)
    fieldsets = [
        (None, {"fields": ("establishment", "label", "is_valid_reason", "is_active", "order")})
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # A secretariat's motives are its establishment's.
            readonly += ("establishment",)
        return self.with_display_fields(readonly)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.establishment_id = request.user.establishment_id
        super().save_model(request, obj, form, change)
