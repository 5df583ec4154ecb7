"""allauth registers its MFA and social-account admins for every staff member, unscoped. TOTP
authenticators and FranceConnect links are not the secretariat's business: superusers only
(e.g. to delete the authenticator of someone who lost the phone); tokens are never stored and
the FranceConnect app comes from the settings, so those two admins go."""

from __future__ import annotations

from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from allauth.socialaccount.admin import SocialAccountAdmin
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin


class SuperuserOnlyMixin:
    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False


class StaffAuthenticatorAdmin(SuperuserOnlyMixin, AuthenticatorAdmin):
    pass


class FranceConnectAccountAdmin(SuperuserOnlyMixin, SocialAccountAdmin):
    pass


for model in (Authenticator, SocialAccount, SocialApp, SocialToken):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
admin.site.register(Authenticator, StaffAuthenticatorAdmin)
admin.site.register(SocialAccount, FranceConnectAccountAdmin)
