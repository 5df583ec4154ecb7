"""User-facing messages of Mon compte (French)."""

from django.utils.translation import gettext_lazy as _

MERGE_CANCELLED = _("Le regroupement a été annulé : vos comptes n'ont pas changé.")
MERGE_START_AGAIN = _("Saisissez à nouveau l'identifiant et le mot de passe du compte à regrouper.")

SAME_ACCOUNT = _(
    "C'est le compte avec lequel vous êtes connecté : saisissez l'identifiant de l'autre compte."
)
NOT_A_GUARDIAN = _("Seuls des comptes de responsables peuvent être regroupés.")
OTHER_PERSON = _(
    "Ce compte n'est pas celui d'un même responsable des enfants : le regroupement est impossible. "
    "Seuls les responsables légaux 1 et 2 d'un même enfant peuvent faire un compte joint."
)
ALREADY_CLOSED = _("Ce compte a déjà été regroupé ou fermé.")
