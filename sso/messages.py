"""Messages of the CAS server (French): the reasons of a refused ticket validation, sent back to
the application in ``<cas:authenticationFailure>``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TICKET_PARAMETERS_REQUIRED = _("Les paramètres service et ticket sont obligatoires.")
TICKET_UNKNOWN = _("Ticket non reconnu.")
TICKET_UNKNOWN_OR_EXPIRED = _("Ticket non reconnu ou expiré.")
TICKET_FOR_ANOTHER_SERVICE = _("Le ticket a été émis pour un autre service.")
