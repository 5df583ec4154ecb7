"""Messages of the CAS server (French): the reasons of a refused ticket validation, sent back to
the application in ``<cas:authenticationFailure>``, and the pages a user may see."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TICKET_PARAMETERS_REQUIRED = _("Les paramètres service et ticket sont obligatoires.")
TICKET_NOT_A_SERVICE_TICKET = _("Ce n'est pas un ticket de service (ST-…).")
TICKET_UNKNOWN_OR_USED = _("Ticket non reconnu ou déjà utilisé.")
TICKET_EXPIRED = _("Ticket expiré.")
TICKET_FOR_ANOTHER_SERVICE = _("Le ticket a été émis pour un autre service.")
TICKET_NOT_RENEWED = _("Le ticket n'a pas été émis après une nouvelle saisie des identifiants.")
SERVICE_NO_LONGER_ALLOWED = _("Ce service n'est plus autorisé pour ce compte.")
SERVICE_NO_IDENTITY = _("Ce compte n'a pas d'identifiant pour ce service.")
SAML_REQUEST_INVALID = _("Requête SAML illisible : AssertionArtifact attendu.")

# Pages.
SERVICE_NOT_REGISTERED = _(
    "Cette application n'est pas enregistrée auprès de Cartable : la connexion est refusée."
)
SERVICE_PROFILE_REFUSED = _("Votre profil ne donne pas accès à cette application.")
SERVICE_IDENTITY_MISSING = _(
    "Votre compte n'est pas encore relié à cette application. Adressez-vous au secrétariat "
    "de l'établissement."
)
APPLICATION_NOT_CONFIGURED = _(
    "Cette application n'est pas encore configurée pour votre établissement."
)

# Administration.
URL_NOT_A_PREFIX = _(
    "Adresse non acceptée : http(s) uniquement, sans identifiants (@), sans barre oblique "
    "inverse (\\) ni segment « .. » encodé."
)
