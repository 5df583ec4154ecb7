"""The Pronote tile's page (the user's establishment's Pronote, the espace of their profile,
through the CAS login) and "Pronote sur mobile". Thin views: the role, one selector."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.school import school_role_of_request

from .espaces import espace_for, espace_url, mobile_url
from .selectors import pronote_settings_for


def _open_pronotes(request):
    role = school_role_of_request(request)
    espace = espace_for(role)
    found = pronote_settings_for(role.establishment_ids) if espace is not None else []
    return role, espace, [settings for settings in found if settings.is_active]


@never_cache
@login_required
@require_GET
def pronote_open(request):
    """One Pronote: to ``/cas/login?service=<its espace>``; several (children in two schools):
    the choice; none: a page that says so."""
    _, espace, pronotes = _open_pronotes(request)
    wanted = request.GET.get("etablissement")
    if wanted is not None:
        pronotes = [s for s in pronotes if str(s.establishment_id) == wanted]
        if not pronotes:
            raise Http404("Pas de Pronote pour cet établissement.")
    if espace is None or not pronotes:
        return render(request, "pronote_bridge/not_configured.html", {"no_espace": espace is None})
    if len(pronotes) == 1:
        service = espace_url(pronotes[0].base_url, espace)
        return redirect(f"{reverse('sso:cas_login')}?{urlencode({'service': service})}")
    return render(request, "pronote_bridge/choose.html", {"pronotes": pronotes, "espace": espace})


@never_cache
@login_required
@require_GET
def pronote_mobile(request):
    """The steps to configure the official PRONOTE app, and each Pronote's mobile address."""
    _, espace, pronotes = _open_pronotes(request)
    mobiles = [
        {
            "establishment": settings.establishment,
            "url": mobile_url(settings.base_url, settings.mobile_url, espace),
            "open": f"{reverse('pronote_bridge:open')}?etablissement={settings.establishment_id}",
        }
        for settings in pronotes
        if espace is not None
    ]
    return render(
        request,
        "pronote_bridge/mobile.html",
        {"mobiles": mobiles, "espace": espace, "no_espace": espace is None},
    )
