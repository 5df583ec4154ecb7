"""User-facing messages of recovery, in French.

The texts of the SMS code pages shared with account creation (``RATE_LIMITED``, ``CODE_MISMATCH``,
``tries_left``) and of the e-mail field (``EMAIL_INVALID``) stay in ``activation.messages``.
Constants are lazy (``gettext_lazy``); texts with a count are ``ngettext`` functions.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# --- Identifiant oublié -------------------------------------------------------------------------

IDENTIFIER_CHANNEL_REQUIRED = _("Choisissez comment recevoir votre identifiant.")
EMAIL_REQUIRED = _("Saisissez votre adresse électronique.")
MOBILE_REQUIRED = _("Saisissez votre numéro de téléphone portable.")

# --- Mot de passe oublié ------------------------------------------------------------------------

IDENTIFIER_REQUIRED = _("Saisissez votre identifiant.")
PASSWORD_CHANNEL_REQUIRED = _("Choisissez comment réinitialiser votre mot de passe.")
PASSWORD_CHANGED = _(
    "Votre mot de passe a été modifié. Vos autres connexions ont été fermées. "
    "Connectez-vous avec votre nouveau mot de passe."
)

# --- Accès de secours (the pupil is addressed as "tu") ------------------------------------------

EMERGENCY_SCHOOL_REQUIRED = _("Choisis ton collège.")
EMERGENCY_SCHOOL_NOT_IN_LIST = _("Choisis ton collège dans la liste.")
EMERGENCY_LAST_NAME_REQUIRED = _("Ton nom est obligatoire.")
EMERGENCY_FIRST_NAME_REQUIRED = _("Ton prénom est obligatoire.")
EMERGENCY_DIVISION_REQUIRED = _("Ta classe est obligatoire.")
EMERGENCY_BIRTH_DATE_REQUIRED = _("Ta date de naissance est obligatoire.")
EMERGENCY_MESSAGE_TOO_LONG = _("Ton message ne peut pas dépasser 1000 caractères.")
EMERGENCY_RATE_LIMITED = _(
    "Trop de demandes ont été envoyées depuis cette connexion. Réessaie plus tard "
    "ou adresse-toi directement au référent numérique ou à la vie scolaire."
)

# --- Admin: the emergency access requests -------------------------------------------------------

NOTHING_TO_PROCESS = _("Aucune demande à traiter dans la sélection.")


def requests_resolved(count: int) -> str:
    """ "1 demande traitée : …", "2 demandes traitées : …"."""
    return ngettext(
        "%(count)d demande traitée : les nouveaux courriers sont en préparation dans « Lots de "
        "courriers ». L'ancien mot de passe des élèves ne fonctionne plus.",
        "%(count)d demandes traitées : les nouveaux courriers sont en préparation dans « Lots de "
        "courriers ». L'ancien mot de passe des élèves ne fonctionne plus.",
        count,
    ) % {"count": count}


def requests_skipped(count: int) -> str:
    """ "1 demande non traitée : …", "2 demandes non traitées : …"."""
    return ngettext(
        "%(count)d demande non traitée : déjà traitée, élève non reconnu ou élève sans compte. "
        "Vérifiez l'élève dans « Élèves » puis imprimez son courrier depuis « Lots de courriers ».",
        "%(count)d demandes non traitées : déjà traitée, élève non reconnu ou élève sans compte. "
        "Vérifiez l'élève dans « Élèves » puis imprimez son courrier depuis « Lots de courriers ».",
        count,
    ) % {"count": count}


def requests_rejected(count: int) -> str:
    """ "1 demande rejetée.", "2 demandes rejetées."."""
    return ngettext("%(count)d demande rejetée.", "%(count)d demandes rejetées.", count) % {
        "count": count
    }
