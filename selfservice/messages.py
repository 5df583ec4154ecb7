"""User-facing messages of Mon compte (French).

Constants are lazy (``gettext_lazy``); texts with parameters are functions that format at call
time (``gettext``/``ngettext``, named placeholders). The e-mail field's texts shared with the first
connection (``EMAIL_INVALID``, ``EMAILS_DIFFER``) live in ``activation.messages``.
"""

from __future__ import annotations

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

# --- Profil: e-mail address and password ---------------------------------------------------------

CURRENT_PASSWORD_REQUIRED = _("Saisissez votre mot de passe actuel.")
NEW_EMAIL_REQUIRED = _("Saisissez la nouvelle adresse électronique.")
NEW_EMAIL_CONFIRMATION_REQUIRED = _("Confirmez la nouvelle adresse électronique.")
EMAIL_ALREADY_YOURS = _("C'est déjà l'adresse de votre compte.")
EMAIL_TAKEN = _(
    "Cette adresse électronique ne peut pas être utilisée pour ce compte. Choisissez-en une autre."
)
EMAIL_CHANGE_RATE_LIMITED = _(
    "Trop de demandes de changement d'adresse en peu de temps : aucun mail n'a été envoyé. "
    "Réessayez dans une heure."
)
NEW_PASSWORD_AGAIN_REQUIRED = _("Saisissez à nouveau le nouveau mot de passe.")
NEW_PASSWORD_SAME_AS_CURRENT = _("Le nouveau mot de passe doit être différent de l'actuel.")
NOTICES_SAVED = _("Vos préférences de notification ont été enregistrées.")
PASSWORD_CHANGED = _(
    "Votre mot de passe a été modifié. Vos autres connexions (autres navigateurs, autres "
    "appareils) ont été fermées."
)


def email_change_sent(new_email: str) -> str:
    return gettext(
        "Un mail vient d'être envoyé à %(email)s. Cliquez sur son lien pour valider la nouvelle "
        "adresse : d'ici là, l'adresse actuelle reste celle du compte."
    ) % {"email": new_email}


# --- Regrouper des comptes ---------------------------------------------------------------------

MERGE_CANCELLED = _("Le regroupement a été annulé : vos comptes n'ont pas changé.")
MERGE_START_AGAIN = _("Saisissez à nouveau l'identifiant et le mot de passe du compte à regrouper.")
MERGE_LOGIN_REQUIRED = _("Saisissez l'identifiant du compte à regrouper.")
MERGE_PASSWORD_REQUIRED = _("Saisissez le mot de passe du compte à regrouper.")
JOINT_CHOICE_REQUIRED = _(
    "Ces comptes sont ceux des deux responsables légaux : cochez la case pour faire un compte "
    "joint, ou annulez."
)
JOINT_REQUIRED = _(
    "Ces comptes sont ceux de deux responsables différents : cochez « compte joint » pour les "
    "regrouper."
)

SAME_ACCOUNT = _(
    "C'est le compte avec lequel vous êtes connecté : saisissez l'identifiant de l'autre compte."
)
NOT_A_GUARDIAN = _("Seuls des comptes de responsables peuvent être regroupés.")
OTHER_PERSON = _(
    "Ce compte n'est pas celui d'un même responsable des enfants : le regroupement est impossible. "
    "Seuls les responsables légaux 1 et 2 d'un même enfant peuvent faire un compte joint."
)
ALREADY_CLOSED = _("Ce compte a déjà été regroupé ou fermé.")

# --- Admin: undoing a regroupement ---------------------------------------------------------------

MERGE_ALREADY_UNDONE = _("Ce regroupement a déjà été annulé.")
MERGES_ALREADY_UNDONE = _("Ces regroupements sont déjà annulés.")
MERGE_UNDO_ACCOUNT_CHANGED = _(
    "Le compte fermé a changé depuis le regroupement : annulation impossible."
)
MERGE_UNDO_SURVIVOR_MERGED = _(
    "Le compte conservé a depuis été regroupé avec un autre compte : annulez d'abord ce "
    "regroupement plus récent, puis celui-ci."
)
MERGE_UNDO_NOTHING_TO_MOVE = _(
    "Les fiches responsables de ce regroupement ne sont plus sur le compte conservé : rien à "
    "rattacher à nouveau, le regroupement n'est pas annulé."
)


def merges_undone(count: int) -> str:
    """ "1 regroupement annulé : …", "2 regroupements annulés : …"."""
    return ngettext(
        "%(count)d regroupement annulé : les enfants sont de nouveau rattachés à l'ancien compte. "
        "Ce compte n'a plus de mot de passe utilisable : imprimez-lui un nouveau courrier "
        "(« Réinitialiser le compte »).",
        "%(count)d regroupements annulés : les enfants sont de nouveau rattachés à l'ancien "
        "compte. Ce compte n'a plus de mot de passe utilisable : imprimez-lui un nouveau courrier "
        "(« Réinitialiser le compte »).",
        count,
    ) % {"count": count}


# --- Fiche de renseignements -------------------------------------------------------------------

PHONE_INVALID = _("Saisissez un numéro de téléphone valide (ex. 06 12 34 56 78).")
MOBILE_REQUIRED = _(
    "Saisissez le numéro de téléphone portable : il sert à recevoir le code de « Mot de passe "
    "oublié ? » par SMS. Pour le changer, saisissez le nouveau numéro."
)
GUARDIAN_NOT_YOURS = _("Cette fiche n'est pas rattachée à votre compte.")


def contact_saved(guardian: object) -> str:
    return gettext("Les coordonnées de %(guardian)s ont été enregistrées.") % {"guardian": guardian}
