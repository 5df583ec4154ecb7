"""Entry page, charte informatique and the "Mes applications" dashboard."""

from __future__ import annotations

import functools

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from accounts.roster_version import roster_version
from actualites.selectors import news_current_for_user
from actualites.versions import news_version
from agenda.selectors import upcoming_for
from agenda.versions import agenda_version
from apps_catalog.selectors import (
    application_tiles_for_profile,
    catalog_version,
    tile_groups_search,
)
from bureau.selectors import dashboard_cards
from bureau.versions import bureau_version
from core import page_cache
from core.http import client_ip
from messagerie.selectors import latest_inbox, unread_count
from messagerie.versions import mailbox_version

from . import messages as texts
from . import selectors
from .entry import (
    ENTRY_PROFILES,
    ENTRY_PROFILES_BY_KEY,
    ESTABLISHMENT_TYPES,
    establishment_type_from,
    login_url_for,
    safe_next,
)
from .forms import CharterAcceptForm
from .services import charter_accept

SEARCH_MAX_LENGTH = 100


@require_http_methods(["GET", "HEAD"])
def services_en_ligne(request):
    """Step 1 (establishment type) and step 2 (profile) in one GET form: each profile is a submit
    button, so the page needs no JavaScript."""
    establishment_type = establishment_type_from(request.GET.get("type"))
    next_url = safe_next(request, request.GET.get("next"))
    profile = ENTRY_PROFILES_BY_KEY.get(request.GET.get("profil", ""))
    if profile is not None:
        return redirect(
            login_url_for(profile=profile, establishment_type=establishment_type, next_url=next_url)
        )
    return render(
        request,
        "portal/services_en_ligne.html",
        {
            "establishment_types": ESTABLISHMENT_TYPES.items(),
            "establishment_type": establishment_type,
            "entry_profiles": ENTRY_PROFILES,
            "next_url": next_url,
        },
    )


def _charter_sections(body: str) -> list[dict[str, str]]:
    """Paragraphs are separated by a blank line; a paragraph's first line is its heading when
    more lines follow."""
    sections = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
        if len(lines) > 1:
            sections.append({"title": lines[0], "text": "\n".join(lines[1:])})
        elif lines:
            sections.append({"title": "", "text": lines[0]})
    return sections


@require_http_methods(["GET", "HEAD", "POST"])
def charter(request):
    current = selectors.charter_current()
    if current is None:
        raise Http404("Aucune charte n'est publiée.")
    user = request.user
    must_accept = user.is_authenticated and (user.accepted_charter_version or 0) < current.version
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = CharterAcceptForm(request.POST or None, initial={"next": next_url})
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect(
                f"{reverse('portal:services_en_ligne')}?next={reverse('portal:charter')}"
            )
        if form.is_valid():
            charter_accept(user=user, charter=current, ip_address=client_ip(request))
            messages.success(request, texts.CHARTER_ACCEPTED)
            return redirect(next_url or reverse("portal:dashboard"))
    return render(
        request,
        "portal/charter.html",
        {
            "charter": current,
            "sections": _charter_sections(current.body),
            "must_accept": must_accept,
            "is_reacceptance": must_accept and user.accepted_charter_version is not None,
            "form": form,
            "next_url": next_url,
        },
    )


@require_POST
def charter_refuse(request):
    if request.user.is_authenticated:
        get_adapter(request).logout(request)
    messages.info(request, texts.CHARTER_REFUSED)
    return redirect("portal:services_en_ligne")


@login_required
@require_http_methods(["GET", "HEAD"])
def dashboard(request):
    user = request.user
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    if query or not page_cache.can_serve_cached(request):
        return render(request, DASHBOARD_TEMPLATE, _dashboard_context(user, query))
    key = page_cache.user_page_key(
        "dashboard",
        user,
        catalog_version(),
        roster_version(),
        news_version(),
        timezone.localdate(),
        # New mail, or a message read, shows at once on the "Mes courriels" panel.
        mailbox_version(user.pk),
        # A note, a task or a favori written shows at once on the "Mon bureau" cards.
        bureau_version(user.pk),
        # A new event of the user's establishments, or of their own, shows at once.
        agenda_version(user),
    )
    return page_cache.render_user_page(
        request,
        key=key,
        template=DASHBOARD_TEMPLATE,
        context=lambda: _dashboard_context(user, query),
    )


DASHBOARD_TEMPLATE = "portal/dashboard.html"


def _dashboard_context(user: User, query: str) -> dict:
    if query:
        groups = tile_groups_search(application_tiles_for_profile(profile=user.profile), query)
    else:
        # Called by the template only when the cached tile fragment is missing.
        groups = functools.partial(application_tiles_for_profile, profile=user.profile)

    children: list = []
    pupil = None
    establishment = None
    if user.profile == User.Profile.PARENT:
        children = selectors.guardian_children(user=user)
    elif user.profile == User.Profile.ELEVE:
        pupil = selectors.pupil_of_account(user=user)
        establishment = pupil.establishment if pupil else None
    else:
        establishment = selectors.establishment_of_account(user=user)
    # A parent's "Informations" show each school of their children, once.
    establishments = list(
        {child.establishment_id: child.establishment for child in children}.values()
    )
    if establishment is not None:
        establishments = [establishment]

    return {
        "groups": groups,
        "query": query,
        "catalog_version": catalog_version(),
        "result_count": sum(len(group["tiles"]) for group in groups) if query else None,
        "children": children,
        "pupil": pupil,
        "establishments": establishments,
        "news": news_current_for_user(user=user),
        "is_parent": user.profile == User.Profile.PARENT,
        "is_pupil": user.profile == User.Profile.ELEVE,
        # The "Mes courriels" panel: two queries (the unread count, the last messages).
        "mail_unread": unread_count(owner=user),
        "mail_latest": latest_inbox(owner=user, limit=4),
        # The "Mon bureau" cards: four queries (favoris, task counts, next tasks, latest notes).
        "bureau": dashboard_cards(user=user),
        # The "Agenda" card: two queries (the establishment's events, the user's own).
        "agenda_upcoming": upcoming_for(user=user),
    }
