"""User-facing messages of the paired devices (French)."""

from __future__ import annotations

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

CODE_REQUIRED = _("Saisissez un code de 4 caractères.")
CODE_FORMAT = _(
    "Le code doit être composé de 4 caractères : des lettres (sans accent) ou des chiffres."
)
NAME_REQUIRED = _("Saisissez un nom pour cet appareil.")
PAIRING_RATE_LIMITED = _("Trop de QR codes demandés en peu de temps. Réessayez dans une heure.")
CODE_RATE_LIMITED = _("Trop de codes saisis depuis cette connexion. Réessayez dans une heure.")
PAIRING_FROM_DEVICE = _(
    "Ce téléphone est connecté par QR code : il ne peut pas en connecter un autre. Utilisez un "
    "navigateur où vous vous êtes connecté avec votre identifiant et votre mot de passe."
)
PAIRED = _(
    "Ce téléphone est connecté à votre compte. Il le reste, même après avoir fermé le "
    "navigateur, jusqu'à ce que vous le déconnectiez (Mon compte > Mes appareils)."
)
DEVICE_RENAMED = _("Le nom de l'appareil a été modifié.")
DEVICE_SESSION_ENDED = _(
    "Ce téléphone n'est plus connecté à votre compte (déconnecté depuis « Mes appareils », mot "
    "de passe changé, ou inutilisé trop longtemps). Connectez-vous à nouveau."
)
THIS_DEVICE_REVOKED = _("Cet appareil a été déconnecté de votre compte.")


def code_wrong(tries_left: int) -> str:
    return ngettext(
        "Code incorrect. Il vous reste %(count)d essai.",
        "Code incorrect. Il vous reste %(count)d essais.",
        tries_left,
    ) % {"count": tries_left}


def device_revoked(name: str) -> str:
    return gettext("« %(name)s » a été déconnecté : il n'a plus accès à votre compte.") % {
        "name": name
    }
