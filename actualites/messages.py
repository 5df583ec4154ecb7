"""User-facing texts of Informations (French)."""

from django.utils.translation import gettext_lazy as _

TITLE_REQUIRED = _("Donnez un titre à l'information.")
BODY_REQUIRED = _("Écrivez le texte de l'information.")
AUDIENCE_REQUIRED = _("Choisissez à qui s'adresse l'information.")
AUDIENCE_UNKNOWN = _("Choisissez des destinataires dans la liste proposée.")
PUBLISH_ON_REQUIRED = _("Indiquez la date de publication (jj/mm/aaaa).")
EXPIRES_ON_REQUIRED = _("Indiquez jusqu'à quelle date l'information est publiée (jj/mm/aaaa).")
DATE_INVALID = _("Saisissez une date au format jj/mm/aaaa.")
EXPIRES_BEFORE_PUBLICATION = _(
    "La date de fin de publication doit être le jour de la publication ou un jour suivant."
)
EXPIRES_IN_THE_PAST = _("La date de fin de publication est déjà passée.")
DIVISION_OF_ANOTHER_SCHOOL = _("Cette classe n'est pas une classe de votre établissement.")
REFUSAL_MESSAGE_REQUIRED = _(
    "Expliquez à l'auteur pourquoi l'information est refusée : il lira ce message."
)
NOT_PENDING = _("Cette information n'attend plus de validation.")

CREATED_PUBLISHED = _("L'information est publiée.")
CREATED_PENDING = _(
    "L'information est enregistrée. Elle sera publiée quand la direction l'aura validée."
)
UPDATED_PUBLISHED = _("L'information est modifiée.")
UPDATED_PENDING = _(
    "L'information est modifiée. Elle attend de nouveau la validation de la direction."
)
VALIDATED = _("L'information est validée et publiée.")
REFUSED = _("L'information est refusée ; son auteur voit votre message.")
DELETED = _("L'information est supprimée.")
WRITERS_ONLY = _(
    "Seuls les personnels de l'établissement écrivent des informations. Les familles et les "
    "élèves les lisent sur « Mes applications »."
)
