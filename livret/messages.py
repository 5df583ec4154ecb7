"""Every French text of the livret scolaire."""

APPRECIATION_TOO_LONG = (
    "L'appréciation de {name} fait {length} caractères : 600 au plus (le livret scolaire "
    "unique n'en accepte pas davantage)."
)
POSITIONNEMENT_INVALID = (
    "Le positionnement de {name} doit être 1, 2, 3 ou 4 (ou rester vide pour afficher la moyenne)."
)
PROGRAMME_LINE_TOO_LONG = (
    "Un élément du programme de {name} fait plus de 300 caractères : écrivez un élément par ligne."
)
PROGRAMME_TOO_LONG = "Les éléments du programme de {name} dépassent 2 000 caractères."
GENERAL_TOO_LONG = "L'appréciation générale fait {length} caractères : 1 000 au plus."
PARCOURS_TOO_LONG = "Le texte du {label} fait plus de 600 caractères."
ACCOMPANIMENT_UNKNOWN = "Modalité d'accompagnement inconnue."
LOCKED = "Ce bilan est verrouillé depuis le conseil de classe : plus personne ne peut le modifier."
LOCKED_PUPIL = "Le bilan de {name} est verrouillé : il ne peut plus être modifié."
PUPIL_NOT_IN_CLASS = "Un élève de l'envoi n'est pas dans cette classe : rien n'a été enregistré."
NOT_YOUR_CLASS = "Vous n'enseignez pas dans cette classe."
DIRECTION_ONLY = "Seule la direction de l'établissement complète et verrouille les bilans."
LOCK_NEEDS_GENERAL = (
    "Écrivez l'appréciation générale avant de verrouiller le bilan (le livret scolaire unique "
    "l'exige)."
)
LOCK_NEEDS_COUNCIL = (
    "La période n'a pas de date de conseil de classe : saisissez-la dans l'administration des "
    "périodes avant de verrouiller."
)
LOCK_NEEDS_SUBJECT = "L'élève n'a aucune matière cette période : rien à verrouiller."
SAVED = "Les bilans de la classe sont enregistrés."
GENERAL_SAVED = "Le bilan est enregistré."
LOCKED_DONE = "Le bilan est verrouillé. La famille le trouve dans LIVRET."
ERRORS = "Rien n'a été enregistré : corrigez les cases signalées."
NO_PERIOD = "L'établissement n'a pas encore saisi ses périodes pour cette année."
EXPORT_NOTHING = (
    "Aucun bilan verrouillé pour cette classe et cette période : rien à exporter vers le LSU."
)
EXPORT_STS_MISSING = (
    "{name} n'a pas d'identifiant STS numérique : le LSU ne pourra pas le reconnaître. "
    "Réimportez STS-web avant d'exporter."
)
EXPORT_SUBJECT_CODE = (
    "La matière « {label} » n'a pas de code matière national à 6 chiffres : réimportez STS-web."
)
STAFF_ONLY = "Le livret scolaire est préparé par les enseignants et la direction."
NO_CYCLE_END = (
    "Le bilan de fin de cycle se prépare en 6e (cycle 3) et en 3e (cycle 4) : cet élève n'est "
    "dans aucune de ces classes."
)
CYCLE_POSITION_INVALID = "Choisissez un niveau de 0 (dispensé) à 4 (très bonne maîtrise)."
CYCLE_COMPONENT_UNKNOWN = "Composante du socle inconnue : rien n'a été enregistré."
SYNTHESIS_TOO_LONG = "La synthèse fait {length} caractères : 1 500 au plus."
CYCLE_LOCK_NEEDS_ALL = (
    "Positionnez l'élève sur les 8 composantes du socle avant de verrouiller (il en manque "
    "{missing})."
)
CYCLE_LOCK_NEEDS_SYNTHESIS = (
    "Écrivez la synthèse des acquis avant de verrouiller le bilan (le livret scolaire unique "
    "l'exige)."
)
CYCLE_LOCKED = "Ce bilan de fin de cycle est verrouillé : plus personne ne peut le modifier."
CYCLE_SAVED = "Le bilan de fin de cycle est enregistré."
CYCLE_LOCKED_DONE = "Le bilan de fin de cycle est verrouillé. La famille le trouve dans LIVRET."
EXPORT_NOTHING_SCHOOL = (
    "Aucun bilan verrouillé dans l'établissement pour cette période (ni bilan de fin de cycle "
    "cette année) : rien à exporter vers le LSU."
)
EXPORT_NO_DIVISION = (
    "{name} n'a pas de classe : le LSU exige la classe de chaque élève. Réimportez SIECLE."
)
BULLETINS_NOTHING = (
    "Aucun bilan verrouillé pour {scope} au {period} : rien à imprimer. Les bulletins ne "
    "comprennent que les bilans verrouillés après le conseil de classe."
)
# What a batch prints, as the batch keeps it (``scope_label``) and as the refusal names it.
BULLETINS_LABEL_DIVISION = "Classe {division}"
BULLETINS_LABEL_LEVEL = "Niveau {level}"
BULLETINS_LABEL_SCHOOL = "Tout l'établissement"
BULLETINS_SCOPE_DIVISION = "la classe {division}"
BULLETINS_SCOPE_LEVEL = "le niveau {level}"
BULLETINS_SCOPE_SCHOOL = "l'établissement"
BULLETINS_SCOPE_UNKNOWN = "Choisissez une classe, un niveau ou tout l'établissement."
BULLETINS_DIVISION_ELSEWHERE = "Choisissez une classe de votre établissement."
BULLETINS_LEVEL_REQUIRED = "Choisissez un niveau : 6e, 5e, 4e ou 3e."
BULLETINS_PERIOD_ELSEWHERE = "Choisissez une période de votre établissement."
BULLETINS_STARTED = "La génération des bulletins a commencé."
BULLETINS_PDF_DELETED = "Le PDF des bulletins a été supprimé du serveur."
BULLETINS_PDF_GONE = "Ce PDF n'est plus disponible : générez un nouveau lot si besoin."
BULLETINS_CLASS_GONE = (
    "La classe ou la période a été supprimée depuis la demande : générez un nouveau lot."
)
COMPLEMENT_CYCLE_4_ONLY = "L'enseignement de complément n'existe qu'en cycle 4 (3e)."
COMPLEMENT_UNKNOWN = "Enseignement de complément inconnu."
COMPLEMENT_LEVEL_INVALID = (
    "Choisissez « objectifs atteints » ou « objectifs dépassés » pour l'enseignement de complément."
)
COMPLEMENT_LEVEL_WITHOUT = (
    "Sans enseignement de complément suivi, il n'y a pas d'objectifs à positionner."
)
COMPLEMENT_LOCK_NEEDS_LEVEL = (
    "Positionnez l'élève sur son enseignement de complément (objectifs atteints ou dépassés) "
    "avant de verrouiller."
)
