"""The establishment's periods and mark-book settings, edited by its secretariat or direction
(scoped to their establishment like the other admins, audited)."""

from __future__ import annotations

from django.contrib import admin

from accounts.admin import EstablishmentScopedAdminMixin
from accounts.admin.base import EstablishmentFieldListFilter
from core.schoolyear import current_school_year

from .models import MarkBookSettings, Period


class _OwnEstablishmentMixin(EstablishmentScopedAdminMixin):
    """A secretariat's rows are its establishment's: set before validation, so the checks of
    the model (overlapping periods) see it."""

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ("establishment",)
        return self.with_display_fields(readonly)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if request.user.is_superuser:
            return form
        establishment_id = request.user.establishment_id

        class OwnEstablishmentForm(form):  # type: ignore[misc, valid-type]
            def _post_clean(self):
                if self.instance.establishment_id is None:
                    self.instance.establishment_id = establishment_id
                super()._post_clean()

        return OwnEstablishmentForm


@admin.register(Period)
class PeriodAdmin(_OwnEstablishmentMixin, admin.ModelAdmin):
    audit_name = "period"
    list_display = ("__str__", "school_year", "starts_on", "ends_on", "council_on")
    list_filter = ("school_year", "kind")
    superuser_list_display = ("establishment_column",)
    superuser_list_filter = (("establishment", EstablishmentFieldListFilter),)
    list_select_related = ("establishment",)
    ordering = ("-school_year", "starts_on")
    fieldsets = [
        (
            None,
            {
                "fields": (
                    "establishment",
                    "school_year",
                    "kind",
                    "number",
                    "starts_on",
                    "ends_on",
                    "council_on",
                )
            },
        )
    ]

    def get_changeform_initial_data(self, request):
        return {
            "school_year": current_school_year(),
            **super().get_changeform_initial_data(request),
        }


@admin.register(MarkBookSettings)
class MarkBookSettingsAdmin(_OwnEstablishmentMixin, admin.ModelAdmin):
    audit_name = "markbook_settings"
    list_display = ("__str__", "absent_counts_zero", "not_handed_counts_zero")
    superuser_list_display = ("establishment_column",)
    list_select_related = ("establishment",)
    fieldsets = [
        (None, {"fields": ("establishment", "absent_counts_zero", "not_handed_counts_zero")})
    ]
