"""User-facing messages of Mes courriels (French)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

EMPTY_MESSAGE = _("Écrivez un objet ou un texte : le message est vide.")
NO_RECIPIENT = _("Choisissez au moins un destinataire.")
TOO_MANY_RECIPIENTS = _("Ce message compte trop de destinataires pour être envoyé.")
GROUP_NOT_ALLOWED = _(
    "Vous ne pouvez pas écrire à ce groupe : les envois à un groupe sont réservés à la direction "
    "et à la vie scolaire."
)
GROUP_EMPTY = _("Les groupes choisis ne comptent aucun destinataire.")
TOO_MANY_ATTACHMENTS = _("Un message compte au plus %(count)s pièces jointes.")
SUBJECT_TOO_LONG = _("L'objet compte au plus 200 caractères.")
CONFIRM_CHANGED = _(
    "Le nombre de destinataires a changé depuis la confirmation : vérifiez-le puis confirmez "
    "de nouveau."
)
SENT = _("Votre message a été envoyé.")
DRAFT_SAVED = _("Le brouillon est enregistré.")
DRAFT_KEPT = _("Le message n'a pas été envoyé ; votre brouillon est conservé.")
MOVED_TO_TRASH = _("Le message a été placé dans la corbeille.")
RESTORED = _("Le message a été remis dans son dossier.")
DELETED = _("Le message a été supprimé définitivement.")
ATTACHMENT_REMOVED = _("La pièce jointe a été retirée du brouillon.")
NOTICE_LABEL = _("Nouveaux messages dans Mes courriels")
NOTICE_DESCRIPTION = _(
    "Un courriel vous prévient qu'un message est arrivé dans Mes courriels (au plus un par heure)."
)
SYSTEM_SENDER = _("Cartable")
WELCOME_SUBJECT = _("Ouverture de votre compte de messagerie")


def outside_rules(count: int) -> str:
    return ngettext(
        "Vous ne pouvez pas écrire à %(count)s des destinataires choisis : il ne fait pas partie "
        "des personnes que les règles de l'établissement vous permettent de joindre.",
        "Vous ne pouvez pas écrire à %(count)s des destinataires choisis : ils ne font pas partie "
        "des personnes que les règles de l'établissement vous permettent de joindre.",
        count,
    ) % {"count": count}


def confirm_group(count: int) -> str:
    return ngettext(
        "Ce message sera envoyé à %(count)s personne.",
        "Ce message sera envoyé à %(count)s personnes.",
        count,
    ) % {"count": count}


# --- Carnet d'adresses and annuaire ----------------------------------------------------------

CONTACT_PERSON_OUT = _(
    "Vous ne pouvez pas ajouter cette personne à votre carnet : elle ne fait pas partie des "
    "personnes que les règles de l'établissement vous permettent de joindre."
)
CONTACT_GROUP_OUT = _(
    "Vous ne pouvez pas ajouter ce groupe à votre carnet : il ne fait pas partie des groupes "
    "auxquels vous pouvez écrire."
)
CONTACT_LIMIT = _(
    "Votre carnet d'adresses compte déjà %(count)s contacts, le maximum : supprimez-en un avant "
    "d'en ajouter."
)
CONTACT_LIST_LABEL_EMPTY = _("Donnez un nom à la liste.")
CONTACT_LABEL_TOO_LONG = _("Le nom compte au plus 100 caractères.")
CONTACT_LIST_TOO_BIG = _("Une liste compte au plus %(count)s personnes.")
CONTACT_LIST_MEMBER_OUT = _(
    "Une liste ne peut compter que des personnes de votre carnet que vous pouvez joindre."
)
CONTACT_ADDED = _("« %(name)s » a été ajouté à votre carnet d'adresses.")
CONTACT_ALREADY = _("« %(name)s » est déjà dans votre carnet d'adresses.")
CONTACT_SAVED = _("Le contact est enregistré.")
CONTACT_DELETED = _("Le contact a été retiré de votre carnet d'adresses.")
CONTACT_NOTHING = _("Choisissez une personne ou un groupe à ajouter.")
CONTACT_UNREACHABLE = _(
    "« %(name)s » n'est plus joignable : les règles de l'établissement ne vous permettent plus "
    "de lui écrire (changement de classe, de règles ou compte fermé)."
)
CONTACT_LIST_UNREACHABLE = _(
    "La liste « %(name)s » compte des personnes que vous ne pouvez plus joindre (%(people)s) : "
    "retirez-les de la liste dans Mon carnet."
)
CONTACT_UNKNOWN = _("Un contact choisi n'est plus dans votre carnet d'adresses.")
DIRECTORY_TOO_SHORT = _("Tapez au moins 2 caractères du nom ou du prénom.")
