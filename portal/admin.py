"""The charte informatique: versions (published by whoever holds the model permissions) and the
register of acceptances, read-only and restricted to the viewer's establishment."""

from django.contrib import admin

from accounts.admin import EstablishmentScopedAdminMixin

from .models import Charter, CharterAcceptance


@admin.register(Charter)
class CharterAdmin(admin.ModelAdmin):
    list_display = ("version", "title", "published_at")
    ordering = ("-version",)
    fields = ("version", "title", "published_at", "body")

    def get_readonly_fields(self, request, obj=None):
        # A published version is what users accepted: publish a new version instead of editing.
        if obj is not None:
            return ("version", "title", "published_at", "body")
        return ()


@admin.register(CharterAcceptance)
class CharterAcceptanceAdmin(EstablishmentScopedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "charter_version", "accepted_at")
    list_filter = ("charter",)
    search_fields = ("user__username", "user__last_name", "user__first_name")
    list_select_related = ("user", "charter")
    fields = ("user", "charter", "accepted_at")
    readonly_fields = fields

    @admin.display(description="version", ordering="charter__version")
    def charter_version(self, obj):
        return obj.charter.version

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
