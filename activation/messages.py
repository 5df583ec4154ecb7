"""User-facing messages of activation (and of the SMS code pages recovery shares), in French.

Constants are lazy (``gettext_lazy``); texts with parameters are functions that format at call
time (``gettext``/``ngettext``, named placeholders). Recovery imports the shared ones from here.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

# --- SMS code pages (account creation here, forgotten password in recovery) ---------------------

RATE_LIMITED = _(
    "Trop de demandes ont été faites depuis cette connexion ou pour ce numéro. Par sécurité, "
    "réessayez dans une heure, ou contactez le secrétariat du collège."
)
CODE_MISMATCH = _("Ce code ne correspond pas.")
CODE_REQUIRED = _("Saisissez le code reçu par SMS.")
CODE_INVALID = _("Le code reçu par SMS comporte 6 chiffres.")
MOBILE_REQUIRED = _("Le numéro de téléphone portable est obligatoire.")
MOBILE_INVALID = _("Saisissez un numéro de téléphone portable valide, par exemple 06 12 34 56 78.")


def tries_left(what: str | Promise, remaining: int) -> str:
    """ "<what> Vérifiez votre saisie : il vous reste 2 essais." (1 essai, 2 essais)."""
    return ngettext(
        "%(what)s Vérifiez votre saisie : il vous reste %(count)d essai.",
        "%(what)s Vérifiez votre saisie : il vous reste %(count)d essais.",
        remaining,
    ) % {"what": what, "count": remaining}


# --- Création de compte par SMS -----------------------------------------------------------------

LAST_NAME_REQUIRED = _("Le nom est obligatoire.")
FIRST_NAME_REQUIRED = _("Le prénom est obligatoire.")
CHILD_BIRTH_DATE_REQUIRED = _("Saisissez la date de naissance d'au moins un enfant.")
CODE_OR_BIRTH_DATES_MISMATCH = _(
    "Le code ou les dates de naissance ne correspondent pas à ceux que nous connaissons."
)
CREATION_EXPIRED = _("Cette étape a expiré. Recommencez la création de votre compte.")


def account_created_by_sms(identifier: str) -> str:
    return gettext(
        "Votre compte est activé. Votre identifiant est %(identifier)s : notez-le, il vous servira à "
        "chaque connexion."
    ) % {"identifier": identifier}


# --- Première connexion avec le courrier --------------------------------------------------------

EMAIL_INVALID = _("Saisissez une adresse électronique valide (ex. nom@exemple.fr).")
EMAIL_REQUIRED_FOR_GUARDIANS = _("L'adresse électronique est obligatoire pour les responsables.")
EMAIL_CONFIRMATION_REQUIRED = _("Confirmez l'adresse électronique.")
EMAILS_DIFFER = _("Les deux adresses électroniques ne sont pas identiques.")
BIRTH_DATE_MISMATCH = _(
    "La date de naissance ne correspond pas à celle de l'élève connue de l'établissement."
)
ACCOUNT_CREATED_CONFIRM_EMAIL = _(
    "Votre compte est créé. Un mail vous a été envoyé : cliquez sur son lien pour pouvoir "
    "retrouver seul votre mot de passe en cas d'oubli."
)
ACCOUNT_CREATED = _("Votre compte est créé. Vous pouvez utiliser vos services en ligne.")


def birth_date_tries_left(remaining: int) -> str:
    """ "La date de naissance ne correspond pas… Vérifiez-la : il vous reste 2 essais." """
    return ngettext(
        "%(what)s Vérifiez-la : il vous reste %(count)d essai.",
        "%(what)s Vérifiez-la : il vous reste %(count)d essais.",
        remaining,
    ) % {"what": BIRTH_DATE_MISMATCH, "count": remaining}


# --- Compte en attente de validation: "Renvoyer le mail" ----------------------------------------

EMAIL_RESENT = _(
    "Un nouveau mail vient de vous être envoyé. Le lien du mail précédent ne fonctionne plus."
)
RESEND_NOTHING_PENDING = _(
    "Il n'y a pas d'adresse électronique en attente de validation sur ce compte."
)
RESEND_TOO_SOON = _(
    "Un mail vient d'être envoyé. Patientez une minute avant d'en demander un autre."
)
RESEND_TOO_MANY = _("Trop de mails envoyés pour ce compte. Réessayez dans une heure.")


# --- Admin: letter batches (the form's errors, then the batch descriptions) ---------------------

BATCH_DIVISION_REQUIRED = _("Choisissez une classe de l'établissement.")
BATCH_LEVEL_REQUIRED = _("Choisissez un niveau.")
BATCH_PUPILS_REQUIRED = _("Sélectionnez au moins un élève.")
BATCH_PUPIL_ELSEWHERE = _("Un des élèves choisis n'est pas dans l'établissement.")
BATCH_SCOPE_UNKNOWN = _("Périmètre inconnu.")
BATCH_NO_LETTER_KIND = _("Choisissez au moins les courriers élèves ou les courriers responsables.")
BATCH_STARTED = _("La génération des courriers a commencé.")
BATCH_PDF_DELETED = _("Le PDF a été supprimé du serveur.")


# Stored in the batch (``scope_label``) and its audit row: plain ``str``, formatted when created.
def batch_label_division(code: str) -> str:
    return gettext("Classe %(code)s") % {"code": code}


def batch_label_level(level: str | Promise) -> str:
    return gettext("Niveau %(level)s") % {"level": level}


def batch_label_selection(count: int) -> str:
    """ "Sélection de 1 élève", "Sélection de 2 élèves"."""
    return ngettext("Sélection de %(count)d élève", "Sélection de %(count)d élèves", count) % {
        "count": count
    }


def batch_label_school() -> str:
    return gettext("Tout l'établissement")


def batch_label_reset(count: int) -> str:
    """ "Réinitialisation de 1 compte", "Réinitialisation de 2 comptes"."""
    return ngettext(
        "Réinitialisation de %(count)d compte", "Réinitialisation de %(count)d comptes", count
    ) % {"count": count}


# --- Admin: "Réinitialiser le compte (nouveau courrier)" and the locks --------------------------

RESET_NOBODY_ATTACHED = _(
    "Aucun élève ou responsable de l'établissement n'est rattaché à ces comptes."
)
RESET_REQUESTED = _(
    "Les comptes sont réinitialisés dès la génération du nouveau courrier : l'ancien mot de passe "
    "et l'ancien courrier ne fonctionnent plus."
)
RESET_NEEDS_ESTABLISHMENT = _(
    "Choisissez un établissement : seul un personnel rattaché peut réinitialiser."
)
RESET_NEEDS_ONE_ESTABLISHMENT = _("Choisissez des courriers d'un seul établissement.")
RESET_ACCOUNTS_DELETED = _(
    "Ces comptes ont été supprimés : générez un nouveau courrier pour l'élève."
)
LETTERS_UNLOCKED = _("Les courriers choisis sont débloqués.")
