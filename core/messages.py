"""User-facing messages of core (French)."""

from django.utils.translation import gettext_lazy as _

PHONE_INVALID = _("Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78.")
BIRTH_DATE_INVALID = _("Saisissez la date de naissance au format jj/mm/aaaa.")
BIRTH_DATE_REQUIRED = _("La date de naissance de l'élève est obligatoire.")
BIRTH_DATE_IN_FUTURE = _("La date de naissance ne peut pas être dans le futur.")
EMAIL_NOT_PUBLIC = _(
    "Saisissez une adresse électronique valide, avec un nom de domaine (ex. nom@exemple.fr)."
)
RATE_LIMITED = _("Trop de demandes en peu de temps. Patientez un instant puis réessayez.")
