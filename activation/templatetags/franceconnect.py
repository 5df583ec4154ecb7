"""``{% franceconnect_login_url as url %}``: the FranceConnect login URL, "" when unconfigured.

Read from the settings (no query), unlike allauth's ``get_providers``."""

from django import template
from django.urls import reverse

from .. import conf

register = template.Library()


@register.simple_tag
def franceconnect_login_url() -> str:
    provider_id = conf.franceconnect_provider_id()
    apps = conf.franceconnect_apps()
    if not any(app.get("provider_id") == provider_id for app in apps):
        return ""
    return reverse("openid_connect_login", kwargs={"provider_id": provider_id})
