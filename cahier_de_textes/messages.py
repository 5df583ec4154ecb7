"""User-facing texts of the cahier de textes (French)."""

from __future__ import annotations

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.schoolyear import school_year_bounds, school_year_label

NOT_YOUR_CLASS = _(
    "Vous n'enseignez pas cette matière dans cette classe ou ce groupe : le cahier de textes ne "
    "peut y être écrit que par ses enseignants."
)
NOT_YOUR_ENTRY = _("Seul l'enseignant qui l'a écrite peut modifier ou supprimer cette entrée.")
ENDS_BEFORE_START = _("L'heure de fin doit être après l'heure de début.")
PUBLISHED_AFTER_DUE = _(
    "La date de publication doit être au plus tard le jour pour lequel le travail est à faire."
)
SEANCE_ELSEWHERE = _("La séance choisie n'est pas une séance de cette classe et de cette matière.")
SAME_SERVICE = _("Choisissez une autre classe ou un autre groupe que celui de la séance.")
BLANK_DESCRIPTION = _("Décrivez le travail à faire.")
VISA_IN_FUTURE = _(
    "Un visa porte sur les séances passées : choisissez une date jusqu'à aujourd'hui."
)
VISA_DIRECTION_ONLY = _("Seule la direction de l'établissement vise le cahier de textes.")
DONE_PUPIL_ONLY = _("Seul l'élève coche « Fait » ; ses responsables le voient.")
TEACHERS_ONLY = _(
    "« Mon cahier de textes » est celui des enseignants : aucun service d'enseignement en cours "
    "n'est rattaché à votre compte. Vous pouvez consulter le cahier de textes des classes."
)
MINUTES_RANGE = _("Indiquez une durée entre 1 et 600 minutes.")
COMMUNITY_ONLY = _(
    "La consultation du cahier de textes est réservée à la communauté scolaire de l'établissement."
)

SEANCE_SAVED = _("La séance est enregistrée.")
SEANCE_DELETED = _("La séance est supprimée.")
HOMEWORK_SAVED = _("Le travail à faire est enregistré.")
HOMEWORK_DELETED = _("Le travail à faire est supprimé.")
DONE_SET = _("C'est noté : travail fait.")
DONE_UNSET = _("C'est noté : travail à faire.")


def out_of_school_year(year: int) -> str:
    first, last = school_year_bounds(year)
    return _("La date doit être dans l'année scolaire %(label)s (du %(first)s au %(last)s).") % {
        "label": school_year_label(year),
        "first": date_format(first, "j F Y"),
        "last": date_format(last, "j F Y"),
    }


def under_visa(up_to: datetime.date) -> str:
    return _(
        "Le cahier de textes de cette classe a été visé par la direction jusqu'au %(date)s : "
        "les entrées jusqu'à cette date ne peuvent plus être ajoutées, modifiées ni supprimées."
    ) % {"date": date_format(up_to, "j F Y")}


def too_many_attachments(limit: int) -> str:
    return ngettext(
        "Une entrée compte au plus %(limit)d pièce jointe.",
        "Une entrée compte au plus %(limit)d pièces jointes.",
        limit,
    ) % {"limit": limit}


def seance_copied(label: str) -> str:
    return _("La séance est copiée dans %(label)s.") % {"label": label}


def visa_given(label: str, up_to: datetime.date) -> str:
    return _("Cahier de textes de %(label)s visé jusqu'au %(date)s.") % {
        "label": label,
        "date": date_format(up_to, "j F Y"),
    }
