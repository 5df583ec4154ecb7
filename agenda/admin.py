"""The secretariat writes its establishment's events in the admin (scoped to its establishment,
every change audited); the dates follow the same rules as the agenda's forms, the description is
sanitised, and the dashboards show the change at once. Personal events and feed addresses are
nobody else's business: not registered."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from accounts.admin import EstablishmentScopedAdminMixin
from accounts.admin.base import EstablishmentFieldListFilter
from core import html

from . import messages, services
from .models import SchoolEvent
from .versions import school_events_changed


class SchoolEventAdminForm(forms.ModelForm):
    class Meta:
        model = SchoolEvent
        fields = (
            "establishment", "title", "description", "place", "starts_on", "start_time",
            "ends_on", "end_time", "audience", "level", "division",
        )  # fmt: skip

    def clean_description(self) -> str:
        value = self.cleaned_data.get("description") or ""
        if not value.strip():
            return ""
        return html.sanitize_html(value) if "<" in value else html.text_to_html(value)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on"):
            probe = SchoolEvent(
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                start_time=data.get("start_time"),
                end_time=data.get("end_time"),
            )
            errors = services.dates_errors(probe)
            if errors:
                raise ValidationError(errors)
        establishment, division = data.get("establishment"), data.get("division")
        if establishment and division and division.establishment_id != establishment.pk:
            raise ValidationError({"division": messages.DIVISION_OF_ANOTHER_SCHOOL})
        return data


@admin.register(SchoolEvent)
class SchoolEventAdmin(EstablishmentScopedAdminMixin, admin.ModelAdmin):
    audit_name = "school_event"
    form = SchoolEventAdminForm
    list_display = ("title", "starts_on", "ends_on", "audience", "place")
    list_filter = ("audience",)
    superuser_list_display = ("establishment_column",)
    superuser_list_filter = (("establishment", EstablishmentFieldListFilter),)
    list_select_related = ("establishment", "division")
    search_fields = ("title", "place")
    date_hierarchy = "starts_on"
    fieldsets = [
        (None, {"fields": ("establishment", "title", "description", "place")}),
        ("Dates", {"fields": ("starts_on", "start_time", "ends_on", "end_time")}),
        ("Destinataires", {"fields": ("audience", "level", "division")}),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ("establishment",)
        return self.with_display_fields(readonly)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.establishment_id = request.user.establishment_id
        if not change:
            obj.author = request.user
            obj.author_name = request.user.get_full_name() or request.user.username
        super().save_model(request, obj, form, change)
        school_events_changed(obj.establishment_id)

    def delete_model(self, request, obj):
        establishment_id = obj.establishment_id
        super().delete_model(request, obj)
        school_events_changed(establishment_id)

    def delete_queryset(self, request, queryset):
        schools = set(queryset.values_list("establishment_id", flat=True))
        super().delete_queryset(request, queryset)
        school_events_changed(*schools)
