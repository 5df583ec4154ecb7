"""User-facing messages of the accounts app (French)."""

from django.utils.translation import gettext_lazy as _

# One message for every refusal of a login: unknown identifier, wrong password, wrong portal,
# closed account, a letter's password where it does not belong. The anti-enumeration pages all say
# this, and only this.
INVALID_LOGIN = _("Identifiant ou mot de passe incorrect.")
TOO_MANY_LOGIN_ATTEMPTS = _(
    "Trop de tentatives de connexion ont échoué pour cet identifiant. Pour votre sécurité, réessayez dans "
    "quelques minutes."
)
RATE_LIMITED = _("Trop de demandes en peu de temps. Patientez un instant puis réessayez.")
WRONG_PASSWORD = _("Mot de passe incorrect.")
NEW_PASSWORDS_DIFFER = _("Les deux mots de passe ne sont pas identiques.")
CHOOSE_PASSWORD = _("Choisissez un mot de passe.")
