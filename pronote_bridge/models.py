"""Each establishment's Pronote, the "identifiants PRONOTE-ENT" of its accounts, and the imports
of the file Pronote exports them in."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import Establishment
from sso.models import RegisteredService


class PronoteSettings(models.Model):
    """The establishment's Pronote: its address, and how Pronote recognises Cartable's users.
    Saving it (``services.pronote_settings_save``) registers the matching CAS service."""

    class Identification(models.TextChoices):
        ATTRIBUTES = "attributes", "Attributs d'identité (nom, prénom, date de naissance…)"
        PRONOTE_ENT = "pronote_ent", "Identifiant PRONOTE-ENT transmis comme identifiant (cas:user)"
        PRONOTE_ENT_ATTRIBUTE = (
            "pronote_ent_attribute",
            "Identifiant PRONOTE-ENT transmis comme attribut (identifiantPronoteEnt)",
        )

    establishment = models.OneToOneField(
        Establishment,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="pronote_settings",
    )
    base_url = models.URLField(
        "adresse de Pronote",
        max_length=300,
        help_text="L'adresse de base des espaces Pronote de l'établissement, "
        "ex. https://0860123x.index-education.net/pronote/ (sans parent.html ni eleve.html).",
    )
    mobile_url = models.URLField(
        "adresse de base de l'espace mobile",
        max_length=300,
        blank=True,
        help_text="Vide : la même que l'adresse de Pronote. Les espaces mobiles sont "
        "<adresse>mobile.parent.html, mobile.eleve.html, mobile.professeur.html…",
    )
    identification = models.CharField(
        "reconnaissance des utilisateurs par Pronote",
        max_length=24,
        choices=Identification.choices,
        default=Identification.ATTRIBUTES,
    )
    is_active = models.BooleanField(
        "ouvert",
        default=True,
        help_text="Décoché : la tuile Pronote indique que Pronote n'est pas encore ouvert, "
        "et aucun ticket n'est émis pour lui.",
    )
    registered_service = models.OneToOneField(
        RegisteredService,
        verbose_name="service CAS",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="pronote_settings",
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "configuration Pronote"
        verbose_name_plural = "configurations Pronote"

    def __str__(self) -> str:
        return f"Pronote — {self.establishment.name}"


class PronoteEntLink(models.Model):
    """An account's "identifiant PRONOTE-ENT" in one establishment's Pronote. Erased with the
    account, and by the daily sweep once the account has left the establishment."""

    class Source(models.TextChoices):
        IMPORT = "import", "Import du fichier Pronote"
        MANUAL = "manual", "Relié à la main"

    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="pronote_ent_links",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.CASCADE,
        related_name="pronote_ent_links",
    )
    identifier = models.CharField("identifiant PRONOTE-ENT", max_length=100)
    source = models.CharField("origine", max_length=8, choices=Source.choices)
    created_at = models.DateTimeField("relié le", auto_now_add=True)

    class Meta:
        verbose_name = "identifiant PRONOTE-ENT"
        verbose_name_plural = "identifiants PRONOTE-ENT"
        ordering = ["establishment", "user__last_name", "user__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "user"], name="pronote_link_one_per_account"
            ),
            models.UniqueConstraint(
                fields=["establishment", "identifier"], name="pronote_link_unique_identifier"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} → {self.user}"


class PronoteImport(models.Model):
    """One import of the file "Exporter les identifiants PRONOTE": its counts; its rows
    (``PronoteImportRow``) are what is left to settle by hand."""

    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="pronote_imports",
    )
    original_name = models.CharField("fichier", max_length=255)
    encoding = models.CharField("encodage", max_length=20)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="importé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("importé le", auto_now_add=True)
    row_count = models.PositiveIntegerField("lignes", default=0)
    matched_count = models.PositiveIntegerField("reconnues", default=0)
    ambiguous_count = models.PositiveIntegerField("ambiguës", default=0)
    unmatched_count = models.PositiveIntegerField("non reconnues", default=0)

    class Meta:
        verbose_name = "import d'identifiants PRONOTE-ENT"
        verbose_name_plural = "imports d'identifiants PRONOTE-ENT"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name


class PronoteImportRow(models.Model):
    """A line of an import that was not linked at once (ambiguous or not recognised), kept so the
    secretariat can pick the account by hand; ``candidates``: account ids that fit."""

    class Status(models.TextChoices):
        AMBIGUOUS = "ambiguous", "Ambiguë"
        UNMATCHED = "unmatched", "Non reconnue"
        SETTLED = "settled", "Reliée à la main"
        IGNORED = "ignored", "Laissée de côté"

    pronote_import = models.ForeignKey(
        PronoteImport, verbose_name="import", on_delete=models.CASCADE, related_name="rows"
    )
    line = models.PositiveIntegerField("ligne")
    last_name = models.CharField("nom", max_length=100)
    first_name = models.CharField("prénom", max_length=100)
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    division = models.CharField("classe", max_length=100, blank=True)
    profile = models.CharField("profil", max_length=40, blank=True)
    identifier = models.CharField("identifiant PRONOTE-ENT", max_length=100)
    status = models.CharField("état", max_length=10, choices=Status.choices)
    reason = models.CharField("motif", max_length=200, blank=True)
    candidates = models.JSONField("comptes possibles", default=list, blank=True)
    settled_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte relié",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "ligne à traiter"
        verbose_name_plural = "lignes à traiter"
        ordering = ["pronote_import", "line"]

    def __str__(self) -> str:
        return f"Ligne {self.line} : {self.last_name} {self.first_name}"
