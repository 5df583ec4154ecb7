"""User-facing messages of Mon compte (French)."""

from django.utils.translation import gettext_lazy as _

MERGE_CANCELLED = _("Le regroupement a été annulé : vos comptes n'ont pas changé.")
MERGE_START_AGAIN = _("Saisissez à nouveau l'identifiant et le mot de passe du compte à regrouper.")
