"""Every French text of the démarches (forms, services, pages, mails)."""

from django.utils.translation import gettext_lazy as _

NOTICE_LABEL = _("Démarches en ligne")
NOTICE_DESCRIPTION = _(
    "Un courriel quand l'établissement ouvre une démarche pour votre enfant (demande de bourse…) "
    "et quand il vous relance."
)

ONLY_GUARDIANS = _("Seul un représentant légal de l'élève peut faire cette démarche.")
CAMPAIGN_NOT_OPEN = _(
    "La campagne n'est pas ouverte : rien n'a été envoyé. Votre brouillon est conservé."
)
CAMPAIGN_CLOSED = _(
    "La campagne est close depuis le {date} : la demande ne peut plus être envoyée. Votre "
    "brouillon est conservé."
)
NOT_CONCERNED = _("Cette démarche n'est pas ouverte pour la classe de cet enfant.")
REQUEST_NOT_EDITABLE = _("Cette demande a été envoyée : elle ne peut plus être modifiée.")
REQUEST_INCOMPLETE_FIELDS = _(
    "La demande est incomplète : {fields}. Complétez les étapes avant de l'envoyer."
)
RFR_POSITIVE = _("Le revenu fiscal de référence doit être un montant positif, en euros.")
RFR_INVALID = _("Saisissez le revenu fiscal de référence en euros, par exemple 18 450.")
CHILDREN_RANGE = _("Indiquez le nombre d'enfants à charge, entre 1 et 20.")
IBAN_INVALID = _("Cet IBAN n'est pas valide : vérifiez-le sur votre RIB ({reason}).")
BIC_INVALID = _("Ce BIC n'est pas valide : 8 ou 11 caractères, comme sur votre RIB.")
BIC_MISMATCH = _("Ce BIC ne correspond pas au pays de l'IBAN.")
HOLDER_REQUIRED = _("Indiquez le nom du titulaire du compte.")
DOCUMENT_REQUIRED = _("Joignez l'avis d'imposition (PDF, PNG ou JPEG).")
STEP_SAVED = _("Étape enregistrée.")
DRAFT_KEPT = _("Les champs corrects ont été gardés dans votre brouillon.")
REQUEST_SUBMITTED = _(
    "Votre demande de bourse est envoyée au secrétariat. Un accusé de réception vous est envoyé "
    "par courriel."
)
REQUEST_COMPLETED = _("La pièce est envoyée : le secrétariat reprend l'instruction.")
ALREADY_FILED = _(
    "Une demande de bourse existe déjà pour cet enfant cette année (déposée par un autre "
    "responsable) : voici son état."
)

FIELD_LABELS = {
    "dependent_children": _("le nombre d'enfants à charge"),
    "reference_income": _("le revenu fiscal de référence"),
    "document": _("l'avis d'imposition"),
    "iban": _("l'IBAN"),
    "bic": _("le BIC"),
    "account_holder": _("le titulaire du compte"),
}

# The secretariat.
DECISION_NOT_EXPECTED = _("Cette demande n'attend pas de décision.")
ECHELON_REQUIRED = _("Choisissez l'échelon accordé.")
ECHELON_UNKNOWN = _("Cet échelon n'est pas dans le barème de l'année.")
REASON_REQUIRED = _("Indiquez le motif du refus.")
MISSING_REQUIRED = _("Dites à la famille quelle pièce manque.")
DOCUMENT_NOT_CHECKED = _("Vérifiez l'avis d'imposition avant d'accorder la bourse.")
DECIDED_ACCEPTED = _("Bourse accordée ; la famille est prévenue par courriel.")
DECIDED_REFUSED = _("Demande refusée ; la famille est prévenue par courriel.")
DECIDED_MISSING = _("Pièce demandée ; la famille est prévenue par courriel.")
NOTIFY_STARTED = _("Les courriels aux responsables concernés se préparent en arrière-plan.")
NOTIFY_ALREADY = _("Les responsables de « {campaign} » ont déjà été prévenus.")
NOTIFY_ONLY_BOURSE = _("Seules la demande de bourse et l'orientation sont proposées en ligne.")
REMINDERS_SENT = _("{count} responsable(s) relancé(s) par courriel.")
REMINDERS_NONE = _(
    "Personne à relancer : chacun a envoyé sa demande ou a déjà été relancé aujourd'hui."
)
SERVICE_NOT_AVAILABLE = _(
    "Cette démarche n'est pas encore proposée en ligne : seule la demande de bourse l'est."
)
NO_BAREME = _("Aucun barème n'est saisi pour cette année scolaire.")
LEVELS_INVALID = _("Niveaux : des chiffres 6, 5, 4 ou 3 séparés par des virgules.")
DIVISION_OTHER_SCHOOL = _("Choisissez des classes de l'établissement de la campagne.")

# Orientation en fin de 3e.
ORIENTATION_LEVELS_ONLY_3 = _("L'orientation concerne les classes de 3e : niveau « 3 » seulement.")
ORIENTATION_DIVISIONS_ONLY_3 = _("Choisissez des classes de 3e pour l'orientation.")
VOIE_INVALID = _(
    "Ce vœu n'est pas dans la liste : choisissez 2de générale et technologique, 2de "
    "professionnelle ou 1re année de CAP."
)
SPECIALTY_REQUIRED = _(
    "Indiquez la spécialité souhaitée pour ce vœu (par exemple « Métiers de la relation client »)."
)
SPECIALTY_NOT_EXPECTED = _("La 2de générale et technologique n'a pas de spécialité à indiquer.")
WISH_GAP = _("Classez vos vœux dans l'ordre : remplissez le vœu {rank} avant le suivant.")
WISH_DUPLICATE = _("Ce vœu est déjà dans votre liste.")
WISHES_REQUIRED = _("Indiquez au moins un vœu avant de valider.")
ORIENTATION_NOT_EDITABLE = _(
    "Ce dossier a été validé : il ne peut plus être modifié par la famille."
)
ORIENTATION_DRAFT_SAVED = _("Brouillon enregistré : vous pouvez le reprendre jusqu'à la clôture.")
ORIENTATION_VALIDATED = _(
    "Vos choix sont validés pour la famille : le conseil de classe va les examiner."
)
ORIENTATION_NOT_ANSWERED = _("Le conseil de classe n'a pas encore répondu.")
ORIENTATION_ANSWER_ALREADY = _("La famille a déjà répondu.")
ORIENTATION_AGREED = _("Votre accord est enregistré.")
ORIENTATION_DISAGREED = _(
    "Votre désaccord est enregistré : le chef d'établissement vous propose un entretien, le "
    "collège vous contacte pour en fixer la date."
)
ORIENTATION_STAFF_ONLY = _(
    "L'orientation est saisie par le professeur principal de la classe et la direction."
)
ORIENTATION_COUNCIL_NOT_EXPECTED = _(
    "Ce dossier n'attend pas l'avis du conseil de classe (la famille ne l'a pas validé, ou a "
    "déjà répondu)."
)
AVIS_REQUIRED = _("Donnez un avis pour chaque intention.")
AVIS_INVALID = _("Avis : favorable, réservé ou défavorable.")
PROPOSAL_REQUIRED = _("Choisissez la voie proposée par le conseil de classe.")
COUNCIL_SAVED = _("La réponse du conseil de classe est enregistrée ; la famille est prévenue.")
DECISION_ONLY_DIRECTION = _("Seule la direction enregistre la décision d'orientation.")
DECISION_NOT_EXPECTED_ORIENTATION = _(
    "La décision se prend sur les vœux définitifs, après la réponse de la famille."
)
DECISION_VOIE_REQUIRED = _("Choisissez la voie décidée.")
ORIENTATION_DECIDED = _("La décision d'orientation est enregistrée.")
COMMENT_TOO_LONG = _("Le commentaire est trop long : 1 000 caractères au plus.")
ORIENTATION_CONFLICT = _(
    "L'autre responsable vient de commencer le dossier de cet enfant : rechargez la page."
)
ORIENTATION_ANSWER_INVALID = _("Répondez « J'accepte » ou « Je ne suis pas d'accord ».")
