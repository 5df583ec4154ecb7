"""allauth registers its MFA admin for every staff member, unscoped. TOTP authenticators are not
the secretariat's business: superusers only (e.g. to delete the authenticator of someone who lost
the phone)."""

from __future__ import annotations

from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin

from accounts.admin import SuperuserOnlyMixin


class StaffAuthenticatorAdmin(SuperuserOnlyMixin, AuthenticatorAdmin):
    pass


if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)
admin.site.register(Authenticator, StaffAuthenticatorAdmin)
