"""The Scolarité services space: MON COMPTE, ACCUEIL, VIE SCOLAIRE, CAHIER DE TEXTES, NOTES,
LIVRET, SERVICES EN LIGNE, for a pupil (themself) or a guardian (each of their children, one click
apart). Every child page takes the child's id and 404s for anybody else's child."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.models import Pupil
from accounts.school import SchoolRole, school_role_of_request
from cahier_de_textes import selectors as cahier_selectors
from core import page_cache
from demarches import selectors as demarches_selectors
from evaluations import selectors as notes_selectors
from livret import selectors as livret_selectors
from vie_scolaire import selectors as vie_scolaire_selectors

from . import messages as texts
from . import selectors
from .page_cache import cacheable_query, child_page_key, section_versions

SECTIONS = (
    ("accueil", "ACCUEIL", "teleservices:child_home"),
    ("vie_scolaire", "VIE SCOLAIRE", "teleservices:vie_scolaire"),
    ("cahier", "CAHIER DE TEXTES", "teleservices:cahier"),
    ("notes", "NOTES", "teleservices:notes"),
    ("livret", "LIVRET", "teleservices:livret"),
)


def _space_context(
    request, *, section: str, child: Pupil | None, children: list, **extra
) -> dict[str, Any]:
    role: SchoolRole = school_role_of_request(request)
    return {
        "section": section,
        # The switcher opens the same section for another child.
        "switch_url_name": next(
            (url for key, _, url in SECTIONS if key == section), "teleservices:child_home"
        ),
        "sections": SECTIONS,
        "child": child,
        "children": children,
        "role": role,
        "establishment": child.establishment if child else None,
        **extra,
    }


def _space(request, template: str, *, section: str, child: Pupil | None, children: list, **extra):
    context = _space_context(request, section=section, child=child, children=children, **extra)
    return render(request, f"teleservices/{template}", context)


def _family_or_refuse(request):
    role = school_role_of_request(request)
    if not role.is_family:
        return role, None
    return role, selectors.family_children(role)


@login_required
@require_http_methods(["GET", "HEAD"])
def home(request):
    """ACCUEIL without a child chosen: a pupil goes to their own page; a guardian sees every
    child at a glance."""
    role, children = _family_or_refuse(request)
    if children is None:
        return render(
            request, "teleservices/families_only.html", {"message": texts.FAMILIES_ONLY}, status=403
        )
    if role.is_pupil and len(children) == 1:
        return redirect("teleservices:child_home", pupil_id=children[0].pk)
    return _space(
        request,
        "home.html",
        section="accueil",
        child=None,
        children=children,
        no_child_message=texts.NO_CHILD,
    )


def child_page(template: str, section: str):
    """A child section page: the child among the family's (404 otherwise), the menu, the
    switcher; ``extra(request, role, child, state)`` adds the section's own context.

    The page is served whole from the per-user page cache (``teleservices.page_cache``: what it
    is keyed on). The access check comes first and costs the school role's one query: a child
    who is no longer the family's is a 404, never a cached page."""

    def decorator(extra):
        @login_required
        @require_http_methods(["GET", "HEAD"])
        def view(request, pupil_id: int):
            role = school_role_of_request(request)
            if pupil_id not in role.family_pupil_ids:
                raise Http404("Élève inconnu.")
            versions, state = section_versions(request, role, pupil_id=pupil_id, section=section)

            def context() -> dict[str, Any]:
                children = selectors.family_children(role)
                child = selectors.family_child(children, pupil_id)
                return _space_context(
                    request,
                    section=section,
                    child=child,
                    children=children,
                    **extra(request, role, child, state),
                )

            if not page_cache.can_serve_cached(request) or not cacheable_query(request, section):
                return render(request, f"teleservices/{template}", context())
            key = child_page_key(
                request, role, pupil_id=pupil_id, section=section, versions=versions
            )
            return page_cache.render_user_page(
                request, key=key, template=f"teleservices/{template}", context=context
            )

        view.__name__ = extra.__name__
        view.__doc__ = extra.__doc__
        return view

    return decorator


@child_page("child_home.html", "accueil")
def child_home(request, role, child, state):
    """ACCUEIL of one child: what is new since the family's last visit (the visit is recorded
    before the page is looked up in the cache: its key holds it)."""
    visit = state["visit"]
    since = visit.news_since
    first_visit = visit.first
    cahier_news = cahier_selectors.cahier_news(role, child, since=since)
    news = vie_scolaire_selectors.family_news(pupil=child, since=since)
    return {
        "since": since,
        "first_visit": first_visit,
        "cahier_news": cahier_news,
        "vie_scolaire_news": news,
    }


@child_page("vie_scolaire.html", "vie_scolaire")
def vie_scolaire(request, role, child, state):
    """VIE SCOLAIRE of one child (events by date with their state, the justifications, the
    contact block)."""
    return vie_scolaire_selectors.family_page(child)


@child_page("cahier.html", "cahier")
def cahier(request, role, child, state):
    """CAHIER DE TEXTES of one child (travail à faire, contenu des séances)."""
    return cahier_selectors.pupil_cahier(role, child, week=request.GET.get("semaine"))


@child_page("notes.html", "notes")
def notes(request, role, child, state):
    """NOTES of one child: by period, each subject's average with the class's, each devoir's
    mark; the skills of the socle; what is new since the last visit flagged (the visit is
    recorded before the page is looked up in the cache: its key holds it)."""
    return notes_selectors.pupil_notes(
        child,
        period=request.GET.get("periode"),
        today=timezone.localdate(),
        since=state["visit"].news_since,
    )


@child_page("livret.html", "livret")
def livret(request, role, child, state):
    """LIVRET of one child: the bilans périodiques the direction locked after the conseil de
    classe, newest first, each with its PDF, after the locked bilans de fin de cycle."""
    return {
        "bilans": livret_selectors.family_bilans(child),
        "cycle_bilans": livret_selectors.family_cycle_bilans(child),
    }


@login_required
@require_http_methods(["GET", "HEAD"])
def services_en_ligne(request):
    """SERVICES EN LIGNE: the démarches the school opened for the family's children (the bourse
    campaigns, with each child's request) and the fiche de renseignements of Mon compte."""
    role, children = _family_or_refuse(request)
    if children is None:
        return render(
            request, "teleservices/families_only.html", {"message": texts.FAMILIES_ONLY}, status=403
        )
    return _space(
        request,
        "services_en_ligne.html",
        section="services",
        child=None,
        children=children,
        campaigns=demarches_selectors.family_campaigns(role, children),
    )
