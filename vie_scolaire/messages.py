"""User-facing texts of the vie scolaire (French)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

END_REQUIRED = _("Indiquez la fin de l'absence.")
END_BEFORE_START = _("La fin de l'absence doit être après son début.")
MINUTES_REQUIRED = _("Indiquez la durée du retard, en minutes.")
NATURE_REQUIRED = _("Choisissez la nature de la punition.")
REASON_REQUIRED = _("Indiquez le motif de la punition.")
TEXT_REQUIRED = _("Écrivez l'observation.")
MOTIVE_UNKNOWN = _("Choisissez un motif de la liste de l'établissement.")
OUT_OF_SCHOOL_YEAR = _(
    "Cette date n'est pas dans l'année scolaire {year} : choisissez-en une autre."
)
NOT_TAUGHT = _(
    "Vous n'enseignez pas dans cette classe ou ce groupe : vous ne pouvez pas en faire l'appel."
)
PUPIL_NOT_VISIBLE = _("Cet élève n'est pas dans vos classes ou groupes.")
SLOT_END_BEFORE_START = _("L'heure de fin du cours doit être après son heure de début.")
LATE_MINUTES_REQUIRED = _("Indiquez de combien de minutes {name} est en retard.")
UNKNOWN_PUPIL_IN_ROLL_CALL = _(
    "La liste des élèves a changé pendant l'appel : vérifiez-la et enregistrez de nouveau."
)
STAFF_ONLY = _(
    "La vie scolaire est l'espace des enseignants (appel, observations) et de l'équipe de vie "
    "scolaire et de direction. Les familles la retrouvent dans Scolarité services."
)
DESK_ONLY = _("Cette page est réservée à la vie scolaire et à la direction de l'établissement.")
JUSTIFICATION_NOT_EXPECTED = _(
    "Cette absence n'attend pas de justificatif (déjà justifiée, réglée ou en cours de traitement)."
)
JUSTIFICATION_ALREADY_ANSWERED = _("Ce justificatif a déjà été traité.")
REFUSAL_NEEDS_MESSAGE = _("Expliquez à la famille pourquoi le justificatif est refusé.")
DECLARATION_IN_THE_PAST = _("Une absence prévue commence aujourd'hui ou plus tard.")
STATE_NOT_ALLOWED = _("Une absence ne peut pas passer de l'état « {old} » à l'état « {new} ».")
ONLY_GUARDIANS = _("Seul un responsable légal peut justifier une absence.")

ROLL_CALL_SAVED = _("Appel enregistré : {summary}.")
EVENT_SAVED = _("Évènement enregistré.")
OBSERVATION_SAVED = _("Observation enregistrée : la famille la voit dans Scolarité services.")
JUSTIFICATION_ACCEPTED = _("Justificatif accepté : l'absence est justifiée.")
JUSTIFICATION_REFUSED = _("Justificatif refusé : la famille voit votre message.")
JUSTIFICATION_SENT = _(
    "Votre justificatif est envoyé à la vie scolaire. Vous verrez sa réponse sur cette page."
)
DECLARATION_SENT = _("La vie scolaire est prévenue de cette absence.")

NOTICE_LABEL = _("Vie scolaire : absences et retards")
NOTICE_DESCRIPTION = _(
    "Un courriel par demi-journée quand une absence ou un retard de votre enfant est enregistré."
)


def roll_call_summary(absent: int, late: int, total: int) -> str:
    parts = [
        ngettext("%(n)d absent", "%(n)d absents", absent) % {"n": absent},
        ngettext("%(n)d retard", "%(n)d retards", late) % {"n": late},
        ngettext("%(n)d élève appelé", "%(n)d élèves appelés", total) % {"n": total},
    ]
    return ", ".join(parts)
