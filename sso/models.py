"""The CAS server's rows: the services allowed to ask for tickets, and the tickets issued."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import Establishment, User
from apps_catalog.models import Application

from .attributes import attribute_profile_choices, identity_mode_choices


def _profile_choices() -> list[tuple[str, str]]:
    return list(User.Profile.choices)


class RegisteredService(models.Model):
    """An application allowed to sign its users in through Cartable's CAS.

    ``url`` is a prefix: a service matches when its scheme, host and port are the same and its
    path starts with this path, compared once both are normalised (``sso.matching``)."""

    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cas_services",
        help_text="Vide : le service est ouvert aux comptes de tous les établissements "
        "(réservé aux administrateurs de l'académie).",
    )
    name = models.CharField("nom", max_length=100)
    url = models.URLField(
        "adresse du service",
        max_length=500,
        help_text="Préfixe des adresses acceptées, ex. https://0860123x.index-education.net/pronote/ "
        "(même protocole, même hôte, même port, chemin commençant par celui-ci).",
    )
    application = models.ForeignKey(
        Application,
        verbose_name="tuile du catalogue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cas_services",
        limit_choices_to={"opens_with": "sso"},
        help_text="La tuile « authentification unique » qui ouvre ce service.",
    )
    entry_url = models.URLField(
        "adresse ouverte par la tuile",
        max_length=500,
        blank=True,
        help_text="Vide : l'adresse du service.",
    )
    profiles = models.JSONField(
        "profils autorisés",
        default=list,
        blank=True,
        help_text="Les profils de comptes qui peuvent ouvrir ce service.",
    )
    attribute_profile = models.CharField(
        "attributs transmis", max_length=40, choices=attribute_profile_choices, default="default"
    )
    identity_mode = models.CharField(
        "identifiant transmis (cas:user)",
        max_length=40,
        choices=identity_mode_choices,
        default="login",
    )
    single_logout = models.BooleanField(
        "déconnexion unique",
        default=True,
        help_text="À la déconnexion de Cartable, le service reçoit une demande de déconnexion.",
    )
    logout_url = models.URLField(
        "adresse de déconnexion",
        max_length=500,
        blank=True,
        help_text="Où envoyer la demande de déconnexion ; vide : l'adresse donnée avec le ticket.",
    )
    is_active = models.BooleanField("actif", default=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "service CAS"
        verbose_name_plural = "services CAS"
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class ServiceTicket(models.Model):
    """A service ticket. Only its SHA-256 is stored until it is validated; once spent (it can
    never be validated again) its value is kept as the ``SessionIndex`` of the single-logout
    request, which names the ticket."""

    ticket_hash = models.CharField("empreinte du ticket", max_length=64, unique=True)
    service = models.ForeignKey(RegisteredService, on_delete=models.CASCADE, related_name="tickets")
    service_url = models.TextField("adresse exacte du service")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cas_tickets"
    )
    # SHA-256 of the random id of the portal session the ticket was issued in (single logout).
    sso_session = models.CharField(max_length=64, db_index=True)
    renewed = models.BooleanField("identifiants saisis à nouveau", default=False)
    created_at = models.DateTimeField("émis le")
    expires_at = models.DateTimeField("expire le", db_index=True)
    validated_at = models.DateTimeField("validé le", null=True, blank=True)
    session_index = models.CharField(max_length=80, blank=True)
    logout_requested_at = models.DateTimeField(null=True, blank=True)
    logout_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "ticket de service"
        verbose_name_plural = "tickets de service"

    def __str__(self) -> str:
        return f"ST #{self.pk}"
