"""FranceConnect links: allauth registers its social-account admins for every staff member,
unscoped. Links are for superusers only; tokens are never stored and the FranceConnect app comes
from the settings, so those two admins go."""

from __future__ import annotations

from allauth.socialaccount.admin import SocialAccountAdmin
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin

from accounts.admin import SuperuserOnlyMixin

# --- FranceConnect links ------------------------------------------------------------------------
# allauth registers its social-account admins for every staff member, unscoped: FranceConnect links
# are for superusers only; tokens are never stored and the FranceConnect app comes from the
# settings, so those two admins go.


class FranceConnectAccountAdmin(SuperuserOnlyMixin, SocialAccountAdmin):
    # allauth's own columns carry English field names: French headers here.
    list_display = ("user_column", "uid_column", "provider")

    @admin.display(description="compte", ordering="user")
    def user_column(self, obj):
        return obj.user

    @admin.display(description="identifiant FranceConnect", ordering="uid")
    def uid_column(self, obj):
        return obj.uid


for _model in (SocialAccount, SocialApp, SocialToken):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
admin.site.register(SocialAccount, FranceConnectAccountAdmin)
