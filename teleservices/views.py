"""The Scolarité services space: MON COMPTE, ACCUEIL, VIE SCOLAIRE, CAHIER DE TEXTES, NOTES,
LIVRET, SERVICES EN LIGNE, for a pupil (themself) or a guardian (each of their children, one click
apart). Every child page takes the child's id and 404s for anybody else's child."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.models import Pupil
from accounts.school import SchoolRole, school_role_of_request
from cahier_de_textes import selectors as cahier_selectors
from demarches import selectors as demarches_selectors
from vie_scolaire import selectors as vie_scolaire_selectors

from . import conf, selectors
from . import messages as texts
from .services import section_visit_record

SECTIONS = (
    ("accueil", "ACCUEIL", "teleservices:child_home"),
    ("vie_scolaire", "VIE SCOLAIRE", "teleservices:vie_scolaire"),
    ("cahier", "CAHIER DE TEXTES", "teleservices:cahier"),
    ("notes", "NOTES", "teleservices:notes"),
    ("livret", "LIVRET", "teleservices:livret"),
)


def _space(request, template: str, *, section: str, child: Pupil | None, children: list, **extra):
    role: SchoolRole = school_role_of_request(request)
    context = {
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
    switcher; ``extra(request, child)`` adds the section's own context."""

    def decorator(extra):
        @login_required
        @require_http_methods(["GET", "HEAD"])
        def view(request, pupil_id: int):
            role, children = _family_or_refuse(request)
            child = selectors.family_child(children or [], pupil_id)
            return _space(
                request,
                template,
                section=section,
                child=child,
                children=children,
                **extra(request, role, child),
            )

        view.__name__ = extra.__name__
        view.__doc__ = extra.__doc__
        return view

    return decorator


@child_page("child_home.html", "accueil")
def child_home(request, role, child):
    """ACCUEIL of one child: what is new since the family's last visit."""
    since = section_visit_record(user=request.user, pupil=child, section="accueil")
    first_visit = since is None
    if first_visit:
        since = timezone.now() - conf.first_visit_window()
    cahier_news = cahier_selectors.cahier_news(role, child, since=since)
    news = vie_scolaire_selectors.family_news(pupil=child, since=since)
    return {
        "since": since,
        "first_visit": first_visit,
        "cahier_news": cahier_news,
        "vie_scolaire_news": news,
    }


@child_page("vie_scolaire.html", "vie_scolaire")
def vie_scolaire(request, role, child):
    """VIE SCOLAIRE of one child (events by date with their state, the justifications, the
    contact block)."""
    return vie_scolaire_selectors.family_page(child)


@child_page("cahier.html", "cahier")
def cahier(request, role, child):
    """CAHIER DE TEXTES of one child (travail à faire, contenu des séances)."""
    return cahier_selectors.pupil_cahier(role, child, week=request.GET.get("semaine"))


@child_page("notes.html", "notes")
def notes(request, role, child):
    """NOTES of one child."""
    return {}


@child_page("livret.html", "livret")
def livret(request, role, child):
    """LIVRET of one child."""
    return {}


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
