from django.http import HttpRequest

from core import conf


def portal(request: HttpRequest) -> dict[str, str]:
    return {"PORTAL_NAME": conf.portal_name(), "ACADEMIE": conf.academie()}
