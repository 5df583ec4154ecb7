"""The audit trail: every action worth recording is one member of ``AuditAction``, and
``accounts.audit.audit_record`` is the one place that writes a record.

The values are what the records hold (older records keep theirs): renaming a value would split
the history, so a member is renamed, never its value.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from .establishments import Establishment
from .users import User


class AuditAction(models.TextChoices):
    # Establishments and the roster.
    ESTABLISHMENT_CREATED = "establishment.create", "Établissement créé"
    ROSTER_IMPORT_UPLOADED = "roster.import.upload", "Import SIECLE/STS déposé"
    ROSTER_IMPORT_DONE = "roster.import.done", "Import SIECLE/STS terminé"
    # The account lifecycle.
    ACCOUNT_RESET = "account.reset", "Compte réinitialisé (nouveau courrier)"
    ACCOUNT_CLOSED = "account.closed", "Compte fermé"
    ACCOUNT_SWEPT = "account.swept", "Compte non activé supprimé par le balayage"
    ACCOUNTS_PURGED = "accounts.purged", "Comptes balayés effacés"
    SESSIONS_REVOKED = "sessions_revoked", "Déconnexion de tous les appareils"
    DEMO_ACCOUNT_READY = "demo.account_ready", "Compte de démonstration rendu utilisable"
    # Letters and activation.
    LETTERS_BATCH_REQUESTED = "letters.batch_requested", "Lot de courriers demandé"
    LETTERS_BATCH_GENERATED = "letters.batch_generated", "Lot de courriers généré"
    LETTERS_RESET_REQUESTED = "letters.reset_requested", "Réinitialisation de comptes demandée"
    LETTERS_PDF_DOWNLOADED = "letters.pdf_downloaded", "PDF des courriers téléchargé"
    LETTERS_PDF_DELETED = "letters.pdf_deleted", "PDF des courriers supprimé"
    FIRST_CONNECTION_COMPLETED = "first_connection.completed", "Première connexion"
    FIRST_CONNECTION_LOCKED = (
        "first_connection.locked",
        "Courrier bloqué (dates de naissance erronées)",
    )
    FIRST_CONNECTION_UNLOCKED = "first_connection.unlocked", "Courrier débloqué"
    EMAIL_CONFIRMATION_RESENT = "email_confirmation.resent", "Mail d'activation renvoyé"
    EMAIL_CONFIRMED = "email_confirmation.confirmed", "Adresse électronique confirmée"
    FRANCECONNECT_LINKED = "franceconnect_linked", "Identité FranceConnect rattachée"
    # EduConnect: creation by SMS.
    CREATION_NO_MATCH = (
        "educonnect.creation_no_match",
        "Création par SMS : aucun responsable reconnu",
    )
    CREATION_CODE_SENT = "educonnect.creation_code_sent", "Création par SMS : code envoyé"
    CREATION_SMS_CEILING = (
        "educonnect.creation_sms_ceiling",
        "Création par SMS : plafond de SMS atteint",
    )
    CREATION_WRONG_BIRTH_DATES = (
        "educonnect.creation_wrong_birth_dates",
        "Création par SMS : dates de naissance erronées",
    )
    CREATION_ACCOUNT_EXISTS = (
        "educonnect.creation_account_exists",
        "Création par SMS : compte déjà actif",
    )
    CREATION_VERIFIED = "educonnect.creation_verified", "Création par SMS : identité vérifiée"
    ACCOUNT_CREATED_BY_SMS = "educonnect.account_created", "Compte créé par SMS"
    ACCOUNT_CONVERTED_BY_SMS = "educonnect.account_converted", "Compte provisoire activé par SMS"
    # EduConnect: recovery and emergency access.
    IDENTIFIER_REMINDER_SENT = (
        "educonnect.identifier_reminder_sent",
        "Identifiant oublié : rappel envoyé",
    )
    IDENTIFIER_REMINDER_NO_MATCH = (
        "educonnect.identifier_reminder_no_match",
        "Identifiant oublié : aucun compte reconnu",
    )
    PASSWORD_RESET_CODE_SENT = (
        "educonnect.password_reset_code_sent",
        "Mot de passe oublié : code SMS envoyé",
    )
    PASSWORD_RESET_LINK_SENT = (
        "educonnect.password_reset_link_sent",
        "Mot de passe oublié : lien envoyé",
    )
    PASSWORD_RESET_NO_CHANNEL = (
        "educonnect.password_reset_no_channel",
        "Mot de passe oublié : aucun moyen de contact confirmé",
    )
    PASSWORD_RESET = "educonnect.password_reset", "Mot de passe réinitialisé"
    EMERGENCY_REQUESTED = "educonnect.emergency_requested", "Accès de secours demandé"
    EMERGENCY_RESOLVED = (
        "educonnect.emergency_resolved",
        "Accès de secours traité (nouveau courrier)",
    )
    EMERGENCY_REJECTED = "educonnect.emergency_rejected", "Accès de secours rejeté"
    # Mon compte.
    EMAIL_CHANGE_REQUESTED = "account.email_change_requested", "Changement d'adresse demandé"
    EMAIL_CHANGED = "account.email_changed", "Adresse électronique changée"
    EMAIL_CHANGE_CANCELLED = "account.email_change_cancelled", "Changement d'adresse annulé"
    PASSWORD_CHANGED = "account.password_changed", "Mot de passe changé"
    GUARDIAN_CONTACT_UPDATED = "guardian.contact_updated", "Fiche de renseignements modifiée"
    ACCOUNT_MERGED = "account.merged", "Comptes regroupés"
    ACCOUNT_MERGE_UNDONE = "account.merge_undone", "Regroupement annulé"
    # Paired devices (Mon compte > Mes appareils).
    DEVICE_PAIRING_STARTED = "device.pairing_started", "Connexion d'un téléphone demandée"
    DEVICE_PAIRED = "device.paired", "Téléphone connecté par QR code"
    DEVICE_PAIRING_FAILED = (
        "device.pairing_failed",
        "Connexion d'un téléphone refusée (code erroné trois fois)",
    )
    DEVICE_REVOKED = "device.revoked", "Appareil déconnecté"
    DEVICES_REVOKED = (
        "devices.revoked",
        "Appareils déconnectés (mot de passe, déconnexion de partout, compte fermé)",
    )
    # Pronote bridge.
    PRONOTE_SETTINGS_SAVED = (
        "pronote.settings_saved",
        "Pronote : adresse de l'établissement enregistrée",
    )
    PRONOTE_SETTINGS_DELETED = "pronote.settings_deleted", "Pronote : configuration supprimée"
    PRONOTE_IMPORT_DONE = "pronote.import_done", "Identifiants PRONOTE-ENT importés"
    PRONOTE_LINK_MANUAL = "pronote.link_manual", "Identifiant PRONOTE-ENT relié à la main"
    PRONOTE_LINK_DELETED = "pronote.link_deleted", "Identifiant PRONOTE-ENT délié"
    PRONOTE_LOGINS_EXPORTED = "pronote.logins_exported", "Export des identifiants ENT pour Pronote"
    # Informations (school news).
    NEWS_PUBLISHED = "news.published", "Information publiée (direction)"
    NEWS_SUBMITTED = "news.submitted", "Information soumise à validation"
    NEWS_UPDATED = "news.updated", "Information modifiée"
    NEWS_VALIDATED = "news.validated", "Information validée par la direction"
    NEWS_REFUSED = "news.refused", "Information refusée par la direction"
    NEWS_DELETED = "news.deleted", "Information supprimée"
    # Agenda: the establishment's events, a user's feed address.
    AGENDA_EVENT_CREATED = "agenda.event_created", "Agenda : évènement de l'établissement créé"
    AGENDA_EVENT_UPDATED = "agenda.event_updated", "Agenda : évènement de l'établissement modifié"
    AGENDA_EVENT_DELETED = "agenda.event_deleted", "Agenda : évènement de l'établissement supprimé"
    AGENDA_FEED_CREATED = "agenda.feed_created", "Agenda : adresse d'abonnement créée"
    AGENDA_FEED_REVOKED = "agenda.feed_revoked", "Agenda : adresse d'abonnement révoquée"
    # Vie scolaire (vie_scolaire): the appel, the events, the families' justifications.
    VIE_SCOLAIRE_ROLL_CALL = "vie_scolaire.roll_call", "Appel fait ou modifié"
    VIE_SCOLAIRE_EVENT_CREATED = "vie_scolaire.event_created", "Évènement de vie scolaire saisi"
    VIE_SCOLAIRE_EVENT_CHANGED = (
        "vie_scolaire.event_changed",
        "Évènement de vie scolaire modifié",
    )
    VIE_SCOLAIRE_JUSTIFICATION_SENT = (
        "vie_scolaire.justification_sent",
        "Justificatif d'absence envoyé par la famille",
    )
    VIE_SCOLAIRE_ABSENCE_DECLARED = (
        "vie_scolaire.absence_declared",
        "Absence prévue déclarée par la famille",
    )
    VIE_SCOLAIRE_JUSTIFICATION_ACCEPTED = (
        "vie_scolaire.justification_accepted",
        "Justificatif d'absence accepté",
    )
    VIE_SCOLAIRE_JUSTIFICATION_REFUSED = (
        "vie_scolaire.justification_refused",
        "Justificatif d'absence refusé",
    )
    VIE_SCOLAIRE_YEAR_ERASED = (
        "vie_scolaire.year_erased",
        "Vie scolaire d'une année terminée effacée",
    )
    # Portal.
    CHARTER_ACCEPTED = "charter_accepted", "Charte acceptée"
    # Staff passcodes.
    OTP_LOGIN = "otp_login", "Connexion par passecode OTP"
    OTP_ENROLLED = "otp_enrolled", "Passecode OTP activé"
    OTP_REMOVED = "otp_removed", "Passecode OTP désactivé"
    OTP_VERIFIED = "otp_verified", "Passecode OTP vérifié (administration)"
    OTP_FAILED = "otp_failed", "Passecode OTP refusé"
    # The secretariat's admin: admin.<model>.<verb>.
    ADMIN_ESTABLISHMENT_ADD = "admin.establishment.add", "Administration : établissement ajouté"
    ADMIN_ESTABLISHMENT_CHANGE = (
        "admin.establishment.change",
        "Administration : établissement modifié",
    )
    ADMIN_ESTABLISHMENT_DELETE = (
        "admin.establishment.delete",
        "Administration : établissement supprimé",
    )
    ADMIN_DIVISION_ADD = "admin.division.add", "Administration : classe ajoutée"
    ADMIN_DIVISION_CHANGE = "admin.division.change", "Administration : classe modifiée"
    ADMIN_DIVISION_DELETE = "admin.division.delete", "Administration : classe supprimée"
    ADMIN_PUPIL_ADD = "admin.pupil.add", "Administration : élève ajouté"
    ADMIN_PUPIL_CHANGE = "admin.pupil.change", "Administration : élève modifié"
    ADMIN_PUPIL_DELETE = "admin.pupil.delete", "Administration : élève supprimé"
    ADMIN_GUARDIAN_ADD = "admin.guardian.add", "Administration : responsable ajouté"
    ADMIN_GUARDIAN_CHANGE = "admin.guardian.change", "Administration : responsable modifié"
    ADMIN_GUARDIAN_DELETE = "admin.guardian.delete", "Administration : responsable supprimé"
    # The cahier de textes.
    CAHIER_SEANCE_CREATED = "cahier.seance.create", "Cahier de textes : séance ajoutée"
    CAHIER_SEANCE_CHANGED = "cahier.seance.change", "Cahier de textes : séance modifiée"
    CAHIER_SEANCE_DELETED = "cahier.seance.delete", "Cahier de textes : séance supprimée"
    CAHIER_HOMEWORK_CREATED = "cahier.homework.create", "Cahier de textes : travail à faire ajouté"
    CAHIER_HOMEWORK_CHANGED = "cahier.homework.change", "Cahier de textes : travail à faire modifié"
    CAHIER_HOMEWORK_DELETED = (
        "cahier.homework.delete",
        "Cahier de textes : travail à faire supprimé",
    )
    CAHIER_VISA_GIVEN = "cahier.visa", "Cahier de textes visé par la direction"
    # The mark book (evaluations).
    NOTES_DEVOIR_CREATED = "notes.devoir.create", "Carnet de notes : devoir ajouté"
    NOTES_DEVOIR_CHANGED = "notes.devoir.change", "Carnet de notes : devoir modifié"
    NOTES_DEVOIR_DELETED = "notes.devoir.delete", "Carnet de notes : devoir supprimé"
    NOTES_MARKS_SAVED = "notes.marks.save", "Carnet de notes : notes saisies"
    NOTES_SKILL_CREATED = "notes.skill.create", "Carnet de notes : compétence ajoutée"
    NOTES_SKILL_CHANGED = "notes.skill.change", "Carnet de notes : compétence modifiée"
    NOTES_SKILL_DELETED = "notes.skill.delete", "Carnet de notes : compétence supprimée"
    NOTES_LEVELS_SAVED = "notes.levels.save", "Carnet de notes : niveaux de maîtrise saisis"
    # The livret scolaire (livret).
    LIVRET_SUBJECT_SAVED = "livret.subject.save", "Livret : bilans d'une matière saisis"
    LIVRET_GENERAL_SAVED = "livret.general.save", "Livret : bilan complété par la direction"
    LIVRET_BILAN_LOCKED = "livret.bilan.lock", "Livret : bilan verrouillé"
    LIVRET_LSU_EXPORTED = "livret.lsu.export", "Livret : bilans exportés vers le LSU"
    LIVRET_CYCLE_SAVED = "livret.cycle.save", "Livret : bilan de fin de cycle saisi"
    LIVRET_CYCLE_LOCKED = "livret.cycle.lock", "Livret : bilan de fin de cycle verrouillé"
    LIVRET_BULLETINS_REQUESTED = (
        "livret.bulletins.request",
        "Livret : bulletins d'une classe demandés (PDF)",
    )
    LIVRET_BULLETINS_DOWNLOADED = (
        "livret.bulletins.download",
        "Livret : PDF des bulletins d'une classe téléchargé",
    )
    LIVRET_BULLETINS_DELETED = (
        "livret.bulletins.delete",
        "Livret : PDF des bulletins d'une classe supprimé",
    )
    ADMIN_PERIOD_ADD = "admin.period.add", "Administration : période ajoutée"
    ADMIN_PERIOD_CHANGE = "admin.period.change", "Administration : période modifiée"
    ADMIN_PERIOD_DELETE = "admin.period.delete", "Administration : période supprimée"
    ADMIN_MARKBOOK_SETTINGS_ADD = (
        "admin.markbook_settings.add",
        "Administration : réglages du carnet de notes ajoutés",
    )
    ADMIN_MARKBOOK_SETTINGS_CHANGE = (
        "admin.markbook_settings.change",
        "Administration : réglages du carnet de notes modifiés",
    )
    ADMIN_MARKBOOK_SETTINGS_DELETE = (
        "admin.markbook_settings.delete",
        "Administration : réglages du carnet de notes supprimés",
    )
    ADMIN_STAFFMEMBER_ADD = "admin.staffmember.add", "Administration : personnel ajouté"
    ADMIN_STAFFMEMBER_CHANGE = "admin.staffmember.change", "Administration : personnel modifié"
    ADMIN_STAFFMEMBER_DELETE = "admin.staffmember.delete", "Administration : personnel supprimé"
    ADMIN_ACCOUNT_ADD = "admin.account.add", "Administration : compte ajouté"
    ADMIN_ACCOUNT_CHANGE = "admin.account.change", "Administration : compte modifié"
    ADMIN_ACCOUNT_DELETE = "admin.account.delete", "Administration : compte supprimé"
    ADMIN_ACCOUNT_PASSWORD = "admin.account.password", "Administration : mot de passe défini"
    ADMIN_EMAILADDRESS_ADD = "admin.emailaddress.add", "Administration : adresse ajoutée"
    ADMIN_EMAILADDRESS_CHANGE = "admin.emailaddress.change", "Administration : adresse modifiée"
    ADMIN_EMAILADDRESS_DELETE = "admin.emailaddress.delete", "Administration : adresse supprimée"
    ADMIN_EMAILADDRESS_VERIFY = (
        "admin.emailaddress.verify",
        "Administration : adresse marquée vérifiée",
    )
    ADMIN_MOTIVE_ADD = "admin.motive.add", "Administration : motif d'absence ajouté"
    ADMIN_MOTIVE_CHANGE = "admin.motive.change", "Administration : motif d'absence modifié"
    ADMIN_MOTIVE_DELETE = "admin.motive.delete", "Administration : motif d'absence supprimé"
    ADMIN_CAS_SERVICE_ADD = "admin.cas_service.add", "Administration : service CAS ajouté"
    ADMIN_CAS_SERVICE_CHANGE = "admin.cas_service.change", "Administration : service CAS modifié"
    ADMIN_CAS_SERVICE_DELETE = (
        "admin.cas_service.delete",
        "Administration : service CAS supprimé",
    )
    ADMIN_MAIL_RULES_ADD = (
        "admin.mail_rules.add",
        "Administration : règles de la messagerie ajoutées",
    )
    ADMIN_MAIL_RULES_CHANGE = (
        "admin.mail_rules.change",
        "Administration : règles de la messagerie modifiées",
    )
    ADMIN_MAIL_RULES_DELETE = (
        "admin.mail_rules.delete",
        "Administration : règles de la messagerie supprimées",
    )
    ADMIN_SCHOOL_EVENT_ADD = "admin.school_event.add", "Administration : évènement ajouté"
    ADMIN_SCHOOL_EVENT_CHANGE = "admin.school_event.change", "Administration : évènement modifié"
    ADMIN_SCHOOL_EVENT_DELETE = (
        "admin.school_event.delete",
        "Administration : évènement supprimé",
    )
    # Démarches (demarches): campaigns and the demande de bourse.
    DEMARCHES_CAMPAIGN_NOTIFIED = (
        "demarches.campaign_notified",
        "Démarches : responsables prévenus de l'ouverture d'une campagne",
    )
    DEMARCHES_CAMPAIGN_REMINDED = (
        "demarches.campaign_reminded",
        "Démarches : responsables relancés",
    )
    BOURSE_SUBMITTED = "demarches.bourse_submitted", "Demande de bourse envoyée par la famille"
    BOURSE_COMPLETED = "demarches.bourse_completed", "Demande de bourse complétée par la famille"
    BOURSE_MISSING_PIECE = "demarches.bourse_missing_piece", "Demande de bourse : pièce demandée"
    BOURSE_ACCEPTED = "demarches.bourse_accepted", "Demande de bourse accordée"
    BOURSE_REFUSED = "demarches.bourse_refused", "Demande de bourse refusée"
    ORIENTATION_SAVED = "demarches.orientation_saved", "Orientation : choix enregistrés"
    ORIENTATION_VALIDATED = (
        "demarches.orientation_validated",
        "Orientation : choix validés par la famille",
    )
    ORIENTATION_COUNCIL = (
        "demarches.orientation_council",
        "Orientation : avis ou proposition du conseil de classe",
    )
    ORIENTATION_FAMILY_ANSWER = (
        "demarches.orientation_family_answer",
        "Orientation : réponse de la famille",
    )
    ORIENTATION_DECIDED = "demarches.orientation_decided", "Orientation : décision finale"
    ORIENTATION_ERASED = "demarches.orientation_erased", "Orientation : dossiers effacés"
    BOURSE_DOCUMENTS_ERASED = (
        "demarches.bourse_documents_erased",
        "Demandes de bourse : pièces effacées après le délai de conservation",
    )
    ADMIN_CAMPAIGN_ADD = "admin.campaign.add", "Administration : campagne ajoutée"
    ADMIN_CAMPAIGN_CHANGE = "admin.campaign.change", "Administration : campagne modifiée"
    ADMIN_CAMPAIGN_DELETE = "admin.campaign.delete", "Administration : campagne supprimée"
    ADMIN_BAREME_ADD = "admin.bareme.add", "Administration : barème des bourses ajouté"
    ADMIN_BAREME_CHANGE = "admin.bareme.change", "Administration : barème des bourses modifié"
    ADMIN_BAREME_DELETE = "admin.bareme.delete", "Administration : barème des bourses supprimé"
    ADMIN_BOURSE_REQUEST_ADD = (
        "admin.bourse_request.add",
        "Administration : demande de bourse ajoutée",
    )
    ADMIN_BOURSE_REQUEST_CHANGE = (
        "admin.bourse_request.change",
        "Administration : demande de bourse modifiée",
    )
    ADMIN_BOURSE_REQUEST_DELETE = (
        "admin.bourse_request.delete",
        "Administration : demande de bourse supprimée",
    )
    # Mes courriels: a message to a whole group (the parents of a class, the school…).
    MAIL_GROUP_SENT = "messagerie.group_sent", "Message envoyé à un groupe"


def audit_action_choices() -> list[tuple[str, str]]:
    """The field's choices, read from ``AuditAction`` when needed: a new member needs no
    migration (the migration only names this function)."""
    return list(AuditAction.choices)


class AuditEvent(models.Model):
    """Who did what, to which account or object, and when. Never deleted by the sweeps."""

    created_at = models.DateTimeField("date", default=timezone.now, db_index=True)
    # Partial index in Meta: the sweep writes a million records without an actor.
    actor = models.ForeignKey(
        User,
        verbose_name="auteur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    actor_label = models.CharField("auteur (texte)", max_length=150, blank=True)
    # Indexed in Meta, without a LIKE index.
    action = models.CharField("action", max_length=64, choices=audit_action_choices)
    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    target_type = models.CharField("type de cible", max_length=64, blank=True)
    target_id = models.CharField("identifiant de la cible", max_length=64, blank=True)
    target_label = models.CharField("cible", max_length=255, blank=True)
    details = models.JSONField("détails", default=dict, blank=True)
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True)

    class Meta:
        verbose_name = "événement d'audit"
        verbose_name_plural = "journal d'audit"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["action"], name="audit_action_idx"),
            models.Index(
                fields=["actor"], condition=models.Q(actor__isnull=False), name="audit_actor_idx"
            ),
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.created_at)
        return f"{when:%d/%m/%Y %H:%M} {self.actor_label} {self.get_action_display()} {self.target_label}"
