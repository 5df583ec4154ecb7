"""User-facing texts of the Scolarité services space (French)."""

from django.utils.translation import gettext_lazy as _

FAMILIES_ONLY = _(
    "Scolarité services est l'espace des élèves et de leurs responsables légaux. Les personnels "
    "retrouvent le cahier de textes et la vie scolaire dans « Mes applications »."
)
NO_CHILD = _(
    "Aucun enfant n'est rattaché à votre compte pour le moment. Si vous avez reçu plusieurs "
    "courriers de notification, regroupez vos comptes depuis Mon compte ; sinon, contactez le "
    "secrétariat du collège."
)
