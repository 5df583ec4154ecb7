"""How accounts become active: notification letters and their batches, first-connection locks,
e-mail confirmation links, and the SMS codes of account creation (and of recovery, which uses the
same codes).

A letter (courrier de notification) carries an identifier and a temporary password for one
account and one child. Its password is stored hashed only; the plain text lives in the batch PDF
until that file is deleted. An SMS code is kept as an HMAC-SHA256 (keyed with SECRET_KEY and a
per-row salt), a link as the SHA-256 of its token.

The tables keep the names they had when these models lived in ``teleservices`` and ``educonnect``:
moving the models kept every row (see the migrations).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import (
    Division,
    Establishment,
    Guardian,
    JobStatus,
    PrivatePdf,
    ProgressMixin,
    Pupil,
)


class LetterBatch(ProgressMixin, PrivatePdf):
    """One print run of letters, generated in the background, with a PDF kept for a short while."""

    class Scope(models.TextChoices):
        DIVISION = "division", "Une classe"
        LEVEL = "level", "Un niveau"
        SCHOOL = "school", "Tout l'établissement"
        SELECTION = "selection", "Une sélection d'élèves"
        RESET = "reset", "Réinitialisation de comptes"

    Status = JobStatus

    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="letter_batches",
    )
    scope = models.CharField("périmètre", max_length=10, choices=Scope.choices)
    scope_label = models.CharField("description", max_length=255, blank=True)
    division = models.ForeignKey(
        Division,
        verbose_name="classe",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    level = models.CharField("niveau", max_length=1, blank=True)
    pupil_ids = models.JSONField("élèves sélectionnés", default=list, blank=True)
    # Accounts to reset (admin action "Réinitialiser le compte"), as (account id, pupil id) pairs.
    reset_pairs = models.JSONField("comptes à réinitialiser", default=list, blank=True)
    include_pupils = models.BooleanField("courriers élèves", default=True)
    include_guardians = models.BooleanField("courriers responsables", default=True)
    send_email = models.BooleanField(
        "envoyer aussi par courriel aux responsables dont l'adresse est connue", default=False
    )
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING)
    processed = models.PositiveIntegerField("courriers générés", default=0)
    total = models.PositiveIntegerField("courriers à générer", default=0)
    report = models.JSONField("rapport", default=dict, blank=True)
    error = models.TextField("erreur", blank=True)
    # First download of the PDF: only then are its letters counted as printed on the dashboard.
    pdf_downloaded_at = models.DateTimeField("PDF téléchargé le", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("créé le", default=timezone.now)
    started_at = models.DateTimeField("commencé le", null=True, blank=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        db_table = "teleservices_letterbatch"
        verbose_name = "lot de courriers"
        verbose_name_plural = "lots de courriers"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        created = timezone.localtime(self.created_at)
        return f"{self.scope_label or self.get_scope_display()} — {created:%d/%m/%Y %H:%M}"


class LetterQuerySet(models.QuerySet):
    def live(self, now=None):
        now = now or timezone.now()
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class Letter(models.Model):
    """A courrier de notification: one account, one child, one temporary password."""

    class Kind(models.TextChoices):
        PUPIL = "pupil", "Élève"
        GUARDIAN = "guardian", "Responsable"

    batch = models.ForeignKey(
        LetterBatch,
        verbose_name="lot",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
    )
    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="letters",
    )
    kind = models.CharField("destinataire", max_length=8, choices=Kind.choices)
    # Kept (SET_NULL) when the sweep deletes the account, so the dashboard still counts it as expired.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
    )
    identifier = models.CharField("identifiant", max_length=150)
    pupil = models.ForeignKey(
        Pupil, verbose_name="élève", on_delete=models.CASCADE, related_name="letters"
    )
    recipient = models.ForeignKey(
        Guardian,
        verbose_name="responsable destinataire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
    )
    division = models.ForeignKey(
        Division,
        verbose_name="classe",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
    )
    created_at = models.DateTimeField("créé le", default=timezone.now)
    expires_at = models.DateTimeField("valable jusqu'au")
    temp_password_hash = models.CharField(
        "empreinte du mot de passe provisoire", max_length=255, editable=False
    )
    used_at = models.DateTimeField("première connexion le", null=True, blank=True)
    revoked_at = models.DateTimeField("annulé le", null=True, blank=True)
    swept_at = models.DateTimeField("compte supprimé le", null=True, blank=True)
    emailed_at = models.DateTimeField("envoyé par courriel le", null=True, blank=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        db_table = "teleservices_letter"
        verbose_name = "courrier de notification"
        verbose_name_plural = "courriers de notification"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["account", "expires_at"], name="letter_account_expiry_idx"),
            models.Index(fields=["establishment", "division"], name="letter_estab_division_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} — {self.pupil} ({timezone.localtime(self.created_at):%d/%m/%Y})"

    @property
    def state_label(self) -> str:
        if self.used_at:
            return "Utilisé"
        if self.revoked_at:
            return "Annulé (réédité)"
        if self.swept_at:
            return "Expiré (compte supprimé)"
        if self.expires_at <= timezone.now():
            return "Expiré"
        return "En attente de première connexion"


class FirstConnectionLock(models.Model):
    """A letter blocked after too many wrong birth dates; shown to the secretariat."""

    class Reason(models.TextChoices):
        ACCOUNT = "account", "Trop d'essais sur ce compte"
        IP = "ip", "Trop d'essais depuis cette adresse IP"
        LETTER = "letter", "Courrier bloqué jusqu'à l'intervention de l'établissement"

    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="first_connection_locks",
    )
    letter = models.ForeignKey(
        Letter,
        verbose_name="courrier",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="locks",
    )
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    reason = models.CharField("motif", max_length=8, choices=Reason.choices)
    failures = models.PositiveSmallIntegerField("essais erronés", default=0)
    created_at = models.DateTimeField("bloqué le", default=timezone.now)
    locked_until = models.DateTimeField("bloqué jusqu'au", db_index=True)

    class Meta:
        db_table = "teleservices_firstconnectionlock"
        verbose_name = "courrier bloqué"
        verbose_name_plural = "courriers bloqués"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.letter or self.ip_address} — {self.get_reason_display()}"


class EmailConfirmation(models.Model):
    """A single-use link sent to confirm an e-mail address. Only the token's SHA-256 is stored."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.CASCADE,
        related_name="email_confirmations",
    )
    email = models.EmailField("courriel")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("envoyé le", default=timezone.now)
    expires_at = models.DateTimeField("valable jusqu'au", db_index=True)
    used_at = models.DateTimeField("utilisé le", null=True, blank=True)

    class Meta:
        db_table = "teleservices_emailconfirmation"
        verbose_name = "confirmation de courriel"
        verbose_name_plural = "confirmations de courriel"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.account} — {self.email}"


class SmsCode(models.Model):
    class Purpose(models.TextChoices):
        CREATION = "creation", "Création de compte"
        PASSWORD_RESET = "password_reset", "Mot de passe oublié"

    purpose = models.CharField("usage", max_length=16, choices=Purpose.choices)
    phone = models.CharField("numéro (E.164)", max_length=20, db_index=True)
    code_salt = models.CharField(max_length=32, editable=False)
    code_hash = models.CharField(max_length=64, editable=False)
    # Creation: the guardian records the code was sent for. Reset: the account.
    guardian_ids = models.JSONField("responsables", default=list, blank=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sms_codes",
    )
    attempts = models.PositiveSmallIntegerField("essais", default=0)
    created_at = models.DateTimeField("envoyé le", default=timezone.now)
    expires_at = models.DateTimeField("valable jusqu'au", db_index=True)
    used_at = models.DateTimeField("utilisé le", null=True, blank=True)
    # Creation: the code and the birth dates were right; the identifier shown to the parent.
    verified_at = models.DateTimeField("vérifié le", null=True, blank=True)
    identifier = models.CharField("identifiant annoncé", max_length=150, blank=True)
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True)

    class Meta:
        db_table = "educonnect_smscode"
        verbose_name = "code SMS"
        verbose_name_plural = "codes SMS"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return (
            f"{self.get_purpose_display()} — …{self.phone[-2:]} "
            f"({timezone.localtime(self.created_at):%d/%m/%Y %H:%M})"
        )
