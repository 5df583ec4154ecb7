from django.conf import settings


def portal(request):
    return {"PORTAL_NAME": settings.CARTABLE_PORTAL_NAME, "ACADEMIE": settings.CARTABLE_ACADEMIE}
