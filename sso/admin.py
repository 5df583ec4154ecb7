"""The registered CAS services, per establishment: a secretariat manages its own establishment's
services; those of every establishment (no establishment) are the académie's (superusers)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models

from accounts.admin import EstablishmentScopedAdminMixin
from accounts.admin.base import EstablishmentFieldListFilter
from accounts.models import User

from . import messages
from .matching import service_parts
from .models import RegisteredService


class RegisteredServiceForm(forms.ModelForm):
    profiles = forms.MultipleChoiceField(
        label="Profils autorisés",
        choices=User.Profile.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = RegisteredService
        fields = (
            "establishment",
            "name",
            "url",
            "application",
            "entry_url",
            "is_active",
            "profiles",
            "identity_mode",
            "attribute_profile",
            "single_logout",
            "logout_url",
        )

    def _clean_address(self, name: str) -> str:
        value = self.cleaned_data.get(name, "")
        if value and service_parts(value) is None:
            raise forms.ValidationError(messages.URL_NOT_A_PREFIX)
        return value

    def clean_url(self) -> str:
        return self._clean_address("url")

    def clean_entry_url(self) -> str:
        return self._clean_address("entry_url")

    def clean_logout_url(self) -> str:
        return self._clean_address("logout_url")


@admin.register(RegisteredService)
class RegisteredServiceAdmin(EstablishmentScopedAdminMixin, admin.ModelAdmin):
    form = RegisteredServiceForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    audit_name = "cas_service"
    list_display = (
        "name",
        "url",
        "attribute_profile",
        "identity_mode",
        "single_logout",
        "is_active",
    )
    list_filter = ("is_active",)
    superuser_list_display = ("establishment_column",)
    superuser_list_filter = (("establishment", EstablishmentFieldListFilter),)
    list_select_related = ("establishment",)
    search_fields = ("name", "url")
    fieldsets = [
        (
            None,
            {"fields": ("establishment", "name", "url", "application", "entry_url", "is_active")},
        ),
        (
            "Qui, et ce qui est transmis",
            {"fields": ("profiles", "identity_mode", "attribute_profile")},
        ),
        ("Déconnexion", {"fields": ("single_logout", "logout_url")}),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # A secretariat's services are its establishment's, never every establishment's.
            readonly += ("establishment",)
        return self.with_display_fields(readonly)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.establishment_id = request.user.establishment_id
        super().save_model(request, obj, form, change)
