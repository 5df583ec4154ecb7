"""The direction edits its establishment's communication rules (who may write to whom) in the
admin: one row per establishment, scoped, every change audited."""

from __future__ import annotations

from django.contrib import admin

from accounts.admin import EstablishmentScopedAdminMixin

from .models import CommunicationRules


@admin.register(CommunicationRules)
class CommunicationRulesAdmin(EstablishmentScopedAdminMixin, admin.ModelAdmin):
    audit_name = "mail_rules"
    list_display = ("establishment", "staff_to_families", "guardian_to_teachers", "updated_at")
    list_select_related = ("establishment",)
    fieldsets = [
        (None, {"fields": ("establishment",)}),
        (
            "Personnels et enseignants",
            {"fields": ("staff_to_families", "teachers_to_class_groups")},
        ),
        (
            "Élèves",
            {
                "fields": (
                    "pupil_to_teachers",
                    "pupil_to_staff",
                    "pupil_to_guardians",
                    "pupil_to_classmates",
                )
            },
        ),
        (
            "Responsables légaux",
            {
                "fields": (
                    "guardian_to_teachers",
                    "guardian_to_staff",
                    "guardian_to_children",
                    "guardian_to_class_guardians",
                )
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ("establishment",)
        return self.with_display_fields(readonly)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.establishment_id = request.user.establishment_id
        super().save_model(request, obj, form, change)
