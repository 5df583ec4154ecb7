"""``{% franceconnect_login_url as url %}``: the FranceConnect login URL, "" when unconfigured.

Read from the settings (no query), unlike allauth's ``get_providers``."""

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.simple_tag
def franceconnect_login_url() -> str:
    provider_id = settings.FRANCECONNECT_PROVIDER_ID
    apps = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
    if not any(app.get("provider_id") == provider_id for app in apps):
        return ""
    return reverse("openid_connect_login", kwargs={"provider_id": provider_id})
