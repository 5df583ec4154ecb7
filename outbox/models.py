"""The outbox: every mail or SMS the portal sends is first a row here."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutboxMessage(models.Model):
    """A mail or SMS waiting to be sent, written in the transaction that caused it."""

    class Kind(models.TextChoices):
        MAIL = "mail", "Courriel"
        SMS = "sms", "SMS"

    class Status(models.TextChoices):
        PENDING = "pending", "À envoyer"
        SENDING = "sending", "En cours d'envoi"
        # The end of the mail was written to the SMTP server; only its reply is awaited.
        HANDED_OVER = "handover", "Remis au serveur"
        SENT = "sent", "Envoyé"
        FAILED = "failed", "Abandonné"

    kind = models.CharField("type", max_length=4, choices=Kind.choices, default=Kind.MAIL)
    idempotency_key = models.CharField("clé d'unicité", max_length=100, unique=True)
    to = models.CharField("destinataire", max_length=254)
    from_address = models.CharField("expéditeur", max_length=254, blank=True)
    subject = models.CharField("objet", max_length=255, blank=True)
    body = models.TextField("message")
    html_body = models.TextField("message HTML", blank=True)
    # Attachments are small (one letter): stored inline, base64, as {"name", "mimetype", "content"}.
    attachments = models.JSONField("pièces jointes", default=list, blank=True)
    status = models.CharField("état", max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    next_attempt_at = models.DateTimeField("prochain essai", default=timezone.now)
    claimed_at = models.DateTimeField("pris en charge le", null=True, blank=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)
    last_error = models.TextField("dernière erreur", blank=True)
    created_at = models.DateTimeField("créé le", default=timezone.now)
    # The end of the life of the secret the message carries (reset link, SMS code, letter): past
    # it the message is no longer sent and its content is erased.
    expires_at = models.DateTimeField("périmé le", null=True, blank=True)

    class Meta:
        # The table the model had when it lived in teleservices: moving it kept every row.
        db_table = "teleservices_outboxmessage"
        verbose_name = "message sortant"
        verbose_name_plural = "messages sortants"
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_due_idx",
                condition=Q(status__in=["pending", "sending", "handover"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.to} : {self.subject}"
