"""User-facing texts of the mark book (French)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .socle import LEVELS

PERIOD_OVERLAP = _("Cette période chevauche « %(other)s » (du %(start)s au %(end)s).")
PERIOD_ENDS_BEFORE_START = _("La fin de la période doit être après son début.")
PERIOD_OUT_OF_YEAR = _("La période doit être comprise dans l'année scolaire %(year)s.")
COUNCIL_BEFORE_START = _(
    "Le conseil de classe ne peut pas avoir lieu avant le début de la période."
)
NOT_YOUR_CLASS = _(
    "Vous n'enseignez pas cette matière dans cette classe ou ce groupe : seuls ses enseignants "
    "y saisissent des devoirs et des notes."
)
READ_ONLY = _("La direction consulte le carnet de notes ; seul l'enseignant y saisit les notes.")
DEVOIR_OUT_OF_PERIOD = _("La date du devoir doit être dans la période choisie (%(period)s).")
PERIOD_ELSEWHERE = _("Choisissez une période de l'année scolaire de l'établissement.")
OUT_OF_POSITIVE = _("Le barème doit être supérieur à 0.")
COEFFICIENT_NEGATIVE = _("Le coefficient ne peut pas être négatif.")
DEVOIR_SAVED = _("Le devoir est enregistré.")
DEVOIR_DELETED = _("Le devoir et ses notes sont supprimés.")
DEVOIR_OUT_OF_BELOW_MARKS = _(
    "Des notes saisies dépassent ce barème (jusqu'à %(highest)s) : corrigez-les d'abord."
)
MARKS_SAVED = _("Les notes sont enregistrées.")
MARK_UNREADABLE = _(
    "« %(value)s » n'est pas une note : écrivez un nombre (12,5 ou 12.5) ou Abs, Disp, NN, NR."
)
MARK_NEGATIVE = _("Une note ne peut pas être négative.")
MARK_ABOVE_MAX = _("La note %(value)s dépasse le barème du devoir (sur %(out_of)s).")
MARK_PRECISION = _("Une note a au plus deux décimales.")
COMMENT_TOO_LONG = _("Le commentaire dépasse %(limit)s caractères.")
PUPIL_NOT_IN_CLASS = _(
    "Une note concerne un élève qui n'est pas dans cette classe ou ce groupe : rien n'est "
    "enregistré."
)
GRID_NOT_SAVED = _("Les notes ne sont pas enregistrées : corrigez les cases signalées.")
SKILL_SAVED = _("La compétence est enregistrée.")
SKILL_DELETED = _("La compétence et ses niveaux sont supprimés.")
SKILL_DEVOIR_ELSEWHERE = _(
    "Le devoir choisi n'est pas un devoir de cette classe et de cette matière."
)
LEVEL_UNREADABLE = _("Choisissez un des quatre niveaux de maîtrise.")
LEVELS_SAVED = _("Les niveaux de maîtrise sont enregistrés.")
NO_PERIOD = _(
    "L'établissement n'a pas encore défini ses périodes (trimestres ou semestres) pour cette "
    "année : le secrétariat les saisit dans l'administration."
)
TEACHERS_ONLY = _(
    "Le carnet de notes est celui des enseignants : aucun service d'enseignement (classe et "
    "matière) ne vous est attribué dans STS."
)
VISIBLE_BEFORE_DATE = _("La date de visibilité ne peut pas précéder la date du devoir.")


def conflicts(count: int) -> str:
    return ngettext(
        "Une note a été modifiée entre-temps (dans un autre onglet ou par un autre poste) : elle "
        "n'est pas remplacée. Vérifiez-la et enregistrez de nouveau pour garder la vôtre.",
        "%(count)d notes ont été modifiées entre-temps (dans un autre onglet ou par un autre "
        "poste) : elles ne sont pas remplacées. Vérifiez-les et enregistrez de nouveau pour "
        "garder les vôtres.",
        count,
    ) % {"count": count}


def conflict_cell(theirs: str, yours: str) -> str:
    return str(
        _("Modifiée entre-temps : « %(theirs)s » est enregistrée (vous aviez saisi « %(yours)s »).")
        % {"theirs": theirs or "vide", "yours": yours or "vide"}
    )


def day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


COMMENT_WITHOUT_MARK = _("Un commentaire accompagne une note ou un statut (Abs, Disp, NN, NR).")
LEVEL_OPTIONS = [("", "—")] + [(str(k), v) for k, v in LEVELS.items()]
COMMENT_INVALID = _("Le commentaire contient un caractère invalide.")
