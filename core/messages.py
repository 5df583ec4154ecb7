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
UPLOAD_EMPTY = _("Le fichier est vide.")


def upload_too_large(size: int, limit: int) -> str:
    return _("Le fichier est trop volumineux (%(size)s) : %(limit)s au maximum.") % {
        "size": _human_size(size),
        "limit": _human_size(limit),
    }


def upload_type_refused(labels: list[str]) -> str:
    return _(
        "Ce type de fichier n'est pas accepté (le contenu du fichier est vérifié, pas seulement "
        "son nom). Formats acceptés : %(labels)s."
    ) % {"labels": ", ".join(labels)}


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",").replace(",0 Mo", " Mo")
    return f"{max(1, round(size / 1024))} ko"
