"""User-facing texts of the agenda (French)."""

from django.utils.translation import gettext_lazy as _

TITLE_REQUIRED = _("Donnez un titre à l'évènement.")
START_REQUIRED = _("Indiquez le premier jour de l'évènement (jj/mm/aaaa).")
DATE_INVALID = _("Saisissez une date au format jj/mm/aaaa.")
TIME_INVALID = _("Saisissez une heure au format hh:mm.")
TIMES_REQUIRED = _("Indiquez l'heure de début et l'heure de fin, ou cochez « Toute la journée ».")
ENDS_BEFORE_START = _("La fin de l'évènement doit venir après son début.")
TOO_LONG = _("Un évènement dure au plus 92 jours : découpez-le en plusieurs évènements.")
OUT_OF_RANGE = _("Choisissez une date entre le %(first)s et le %(last)s.")
AUDIENCE_REQUIRED = _("Choisissez à qui s'adresse l'évènement.")
AUDIENCE_UNKNOWN = _("Choisissez des destinataires dans la liste proposée.")
DIVISION_OF_ANOTHER_SCHOOL = _("Cette classe n'est pas une classe de votre établissement.")
PERSONAL_LIMIT = _(
    "Vous avez atteint la limite de 2000 évènements personnels : supprimez-en avant d'en créer un."
)
CONSTRAINT_DAYS = _("Le dernier jour doit être le premier jour ou un jour suivant.")
CONSTRAINT_TIMES = _("Indiquez l'heure de début et l'heure de fin, ou aucune des deux.")
CONSTRAINT_TIMES_ORDER = _("L'heure de fin doit venir après l'heure de début.")
CONSTRAINT_AUDIENCE = _(
    "Un niveau va avec « Un niveau », une classe avec « Une classe », et rien d'autre avec les "
    "autres destinataires."
)

SAVED = _("L'évènement est enregistré.")
DELETED = _("L'évènement est supprimé.")
FEED_CREATED = _(
    "Votre adresse d'abonnement est prête. Copiez-la maintenant : elle ne sera plus affichée."
)
FEED_REVOKED = _("L'adresse d'abonnement est révoquée : elle ne fonctionne plus.")
FEED_RATE_LIMITED = _("Trop de demandes depuis cette adresse. Réessayez dans une heure.")
WRITERS_ONLY = _(
    "Les évènements de l'établissement sont écrits par la direction et la vie scolaire (et par "
    "le secrétariat dans l'administration). Vous pouvez ajouter vos propres évènements à votre "
    "agenda."
)
