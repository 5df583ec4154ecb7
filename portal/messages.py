"""User-facing messages of the portal (French)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# --- Charte d'utilisation de l'ENT ---------------------------------------------------------------

CHARTER_ACCEPT_REQUIRED = _("Cochez la case « J'ai lu et j'accepte la charte » pour continuer.")
CHARTER_ACCEPTED = _("Merci, vous avez accepté la charte d'utilisation de l'ENT.")
CHARTER_REFUSED = _(
    "Vous avez refusé la charte : l'ENT n'est accessible qu'après l'avoir acceptée. "
    "Vous avez été déconnecté."
)

# --- Se déconnecter de partout -------------------------------------------------------------------

LOGGED_OUT_EVERYWHERE = _(
    "Vous avez été déconnecté de tous vos appareils et navigateurs. "
    "Pour revenir, connectez-vous à nouveau."
)
