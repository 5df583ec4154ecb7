"""User-facing messages of activation (and of the SMS code pages recovery shares), in French."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

RATE_LIMITED = _(
    "Trop de demandes ont été faites depuis cette connexion ou pour ce numéro. Par sécurité, "
    "réessayez dans une heure, ou contactez le secrétariat du collège."
)
CODE_MISMATCH = _("Ce code ne correspond pas.")
CODE_OR_BIRTH_DATES_MISMATCH = _(
    "Le code ou les dates de naissance ne correspondent pas à ceux que nous connaissons."
)
CREATION_EXPIRED = _("Cette étape a expiré. Recommencez la création de votre compte.")
BIRTH_DATE_MISMATCH = _(
    "La date de naissance ne correspond pas à celle de l'élève connue de l'établissement."
)
ACCOUNT_CREATED_CONFIRM_EMAIL = _(
    "Votre compte est créé. Un mail vous a été envoyé : cliquez sur son lien pour pouvoir "
    "retrouver seul votre mot de passe en cas d'oubli."
)
ACCOUNT_CREATED = _("Votre compte est créé. Vous pouvez utiliser vos services en ligne.")
EMAIL_RESENT = _(
    "Un nouveau mail vient de vous être envoyé. Le lien du mail précédent ne fonctionne plus."
)
EMAIL_REQUIRED_FOR_GUARDIANS = _("L'adresse électronique est obligatoire pour les responsables.")
RESEND_NOTHING_PENDING = _(
    "Il n'y a pas d'adresse électronique en attente de validation sur ce compte."
)
RESEND_TOO_SOON = _(
    "Un mail vient d'être envoyé. Patientez une minute avant d'en demander un autre."
)
RESEND_TOO_MANY = _("Trop de mails envoyés pour ce compte. Réessayez dans une heure.")


def tries_left(what: str | Promise, remaining: int) -> str:
    """ "<what> Vérifiez votre saisie : il vous reste 2 essais." (1 essai, 2 essais)."""
    return ngettext(
        "%(what)s Vérifiez votre saisie : il vous reste %(count)d essai.",
        "%(what)s Vérifiez votre saisie : il vous reste %(count)d essais.",
        remaining,
    ) % {"what": what, "count": remaining}


def birth_date_tries_left(remaining: int) -> str:
    return ngettext(
        "%(what)s Vérifiez-la : il vous reste %(count)d essai.",
        "%(what)s Vérifiez-la : il vous reste %(count)d essais.",
        remaining,
    ) % {"what": BIRTH_DATE_MISMATCH, "count": remaining}


def account_created_by_sms(identifier: str) -> str:
    return _(
        "Votre compte est activé. Votre identifiant est %(identifier)s : notez-le, il vous servira à "
        "chaque connexion."
    ) % {"identifier": identifier}
