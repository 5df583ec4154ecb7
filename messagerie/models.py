"""Mes courriels: one ``Message`` row per message written, one ``Delivery`` row per mailbox it is
in (the sender's "envoyés" or "brouillons", each recipient's "boîte de réception"), so a message
to 1,000 parents is one message, its attachments once, and 1,000 narrow mailbox rows written by a
bulk insert. A mailbox page reads its owner's deliveries by the index (owner, folder, -date)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Establishment
from core.uploads import PrivateUploadTo


class CommunicationRules(models.Model):
    """Who may write to whom in one establishment (docs/messagerie.md). Without a row, the
    defaults of the fields apply: those of the French ENTs since 2024."""

    establishment = models.OneToOneField(
        Establishment,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="communication_rules",
    )
    staff_to_families = models.BooleanField(
        "les personnels et enseignants écrivent aux élèves et aux responsables",
        default=True,
        help_text="Entre personnels et enseignants, on peut toujours s'écrire.",
    )
    pupil_to_teachers = models.BooleanField(
        "un élève écrit aux professeurs de sa classe et de ses groupes", default=True
    )
    pupil_to_staff = models.BooleanField(
        "un élève écrit aux personnels (direction, vie scolaire, CDI, secrétariat)", default=True
    )
    pupil_to_guardians = models.BooleanField(
        "un élève écrit à ses propres responsables légaux", default=True
    )
    pupil_to_classmates = models.BooleanField(
        "un élève écrit aux élèves de sa classe",
        default=False,
        help_text="Désactivé par défaut : un élève n'écrit pas aux autres élèves.",
    )
    guardian_to_teachers = models.BooleanField(
        "un responsable écrit aux professeurs des classes de ses enfants", default=True
    )
    guardian_to_staff = models.BooleanField(
        "un responsable écrit aux personnels (direction, vie scolaire, CDI, secrétariat)",
        default=True,
    )
    guardian_to_children = models.BooleanField(
        "un responsable écrit à ses propres enfants", default=True
    )
    guardian_to_class_guardians = models.BooleanField(
        "un responsable écrit aux autres responsables des classes de ses enfants",
        default=False,
        help_text="Désactivé par défaut : un parent n'écrit jamais aux autres parents.",
    )
    teachers_to_class_groups = models.BooleanField(
        "un enseignant écrit aux groupes de ses classes (« Parents de 4 B »…)",
        default=False,
        help_text="Les envois à un groupe sont réservés par défaut à la direction et à la vie "
        "scolaire, toujours avec une confirmation du nombre de destinataires.",
    )
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    class Meta:
        verbose_name = "règles de la messagerie"
        verbose_name_plural = "règles de la messagerie"

    def __str__(self) -> str:
        return f"Règles de la messagerie — {self.establishment}"


class Message(models.Model):
    """What was written, once. A draft is a message without ``sent_at``."""

    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # None for the portal's own messages (welcome, school notices).
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="expéditeur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Names as they were when written: a mailbox never changes its history.
    sender_label = models.CharField("expéditeur (affiché)", max_length=200)
    recipients_label = models.TextField("destinataires (affichés)", blank=True)
    recipient_count = models.PositiveIntegerField("nombre de destinataires", default=0)
    # What the sender addressed: {"users": [ids], "groups": [keys]} (drafts, reply to all).
    addressed = models.JSONField("adressé à", default=dict, blank=True)
    subject = models.CharField("objet", max_length=200, blank=True)
    body = models.TextField("texte", blank=True)  # sanitised HTML (core.html)
    # What the draft's author typed (plain text) and the message quoted below it.
    draft_text = models.TextField(blank=True)
    quoted = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Folded (no case nor accents) subject, text and correspondents: the mailbox search.
    search_text = models.TextField(blank=True)
    system_key = models.CharField(max_length=40, blank=True)
    has_attachments = models.BooleanField(default=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "message"

    def __str__(self) -> str:
        return self.subject or "(sans objet)"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=PrivateUploadTo("messagerie"), max_length=200)
    name = models.CharField("nom", max_length=120)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField("taille")

    class Meta:
        verbose_name = "pièce jointe"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """A message in one mailbox."""

    class Folder(models.TextChoices):
        INBOX = "inbox", "Boîte de réception"
        SENT = "sent", "Envoyés"
        DRAFTS = "drafts", "Brouillons"
        TRASH = "trash", "Corbeille"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_deliveries"
    )
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    folder = models.CharField(max_length=6, choices=Folder.choices)
    # Where the message goes back to out of the trash: inbox, sent or drafts.
    origin = models.CharField(max_length=6, choices=Folder.choices)
    is_read = models.BooleanField(default=False)
    # The message's date (sending, or the draft's last save), copied for the mailbox's index.
    date = models.DateTimeField()
    trashed_at = models.DateTimeField(null=True, blank=True)
    # Written with the delivery, cleared once the owner was told by e-mail (or need not be):
    # a notice is never lost, even when the task queued after the commit is.
    notice_pending = models.BooleanField(default=False)

    class Meta:
        verbose_name = "message d'une boîte"
        verbose_name_plural = "messages des boîtes"
        indexes = [
            models.Index(
                "owner",
                "folder",
                models.F("date").desc(),
                models.F("id").desc(),
                name="delivery_mailbox_page",
            ),
            # The unread count of the inbox (dashboard panel, folder menu).
            models.Index(
                fields=["owner"],
                name="delivery_unread",
                condition=Q(folder="inbox", is_read=False),
            ),
            models.Index(
                fields=["owner"], name="delivery_notice_pending", condition=Q(notice_pending=True)
            ),
            # The daily sweep: trashed messages older than 30 days.
            models.Index(
                fields=["trashed_at"], name="delivery_trashed", condition=Q(folder="trash")
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "message", "origin"], name="delivery_unique_per_mailbox"
            )
        ]

    def __str__(self) -> str:
        return f"{self.message} ({self.get_folder_display()})"


class MailboxNotice(models.Model):
    """When the owner was last told by e-mail that mail arrived: at most one notice an hour."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="mail_notice",
    )
    notified_at = models.DateTimeField()

    class Meta:
        verbose_name = "avis de nouveau courriel"
        verbose_name_plural = "avis de nouveaux courriels"

    def __str__(self) -> str:
        return f"{self.owner_id} {self.notified_at:%Y-%m-%d %H:%M}"


class Contact(models.Model):
    """An entry of the owner's carnet d'adresses: a person, a group of the establishment ("Parents
    de 4 B", "Vie scolaire") by its key, or the owner's own named list of people. Saving an entry
    grants nothing: the rules are checked again whenever it is shown, picked or sent to."""

    class Kind(models.TextChoices):
        PERSON = "personne", "Personne"
        GROUP = "groupe", "Groupe de l'établissement"
        LIST = "liste", "Liste personnelle"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_contacts"
    )
    kind = models.CharField("type", max_length=8, choices=Kind.choices)
    # The name the owner gave it; empty for a person: their current name is shown.
    label = models.CharField("nom", max_length=100, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    group_key = models.CharField("groupe", max_length=80, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="membres"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "contact du carnet d'adresses"
        verbose_name_plural = "contacts du carnet d'adresses"
        indexes = [models.Index(fields=["owner", "kind"], name="contact_owner_kind")]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "person"],
                condition=Q(person__isnull=False),
                name="contact_unique_person",
            ),
            models.UniqueConstraint(
                fields=["owner", "group_key"],
                condition=Q(kind="groupe"),
                name="contact_unique_group",
            ),
            models.CheckConstraint(
                condition=Q(kind="personne", person__isnull=False, group_key="")
                | Q(kind="groupe", person__isnull=True) & ~Q(group_key="")
                | Q(kind="liste", person__isnull=True, group_key=""),
                name="contact_kind_fields",
            ),
        ]

    def __str__(self) -> str:
        return self.label or f"{self.get_kind_display()} {self.pk}"
