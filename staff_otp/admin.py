"""allauth registers its MFA admin for every staff member, unscoped. TOTP authenticators are not
the secretariat's business: superusers only (e.g. to delete the authenticator of someone who lost
the phone)."""

from __future__ import annotations

from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin

from accounts.admin import SuperuserOnlyMixin


class StaffAuthenticatorAdmin(SuperuserOnlyMixin, AuthenticatorAdmin):
    # allauth's own columns carry English field names: French headers here.
    list_display = ("user_column", "type_column", "created_column", "last_used_column")

    @admin.display(description="compte", ordering="user")
    def user_column(self, obj):
        return obj.user

    @admin.display(description="type", ordering="type")
    def type_column(self, obj):
        return obj.get_type_display()

    @admin.display(description="activé le", ordering="created_at")
    def created_column(self, obj):
        return obj.created_at

    @admin.display(description="dernière utilisation", ordering="last_used_at")
    def last_used_column(self, obj):
        return obj.last_used_at


if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)
admin.site.register(Authenticator, StaffAuthenticatorAdmin)
