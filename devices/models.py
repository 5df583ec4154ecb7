"""Paired devices and the pairings that open them.

A pairing is started on a logged-in browser (Mon compte > Connecter mon téléphone): the user
chooses a 4-character code, the portal shows a QR code holding a one-time link. The phone opens
the link, types the code, and gets a *device session*: a Django session bound to a ``Device``
row, long-lived, that ends when the row is revoked.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class DevicePairing(models.Model):
    """A QR code shown on the computer: single use, 10 minutes, 3 tries of the code.

    Only the SHA-256 of the link's token is stored, and an HMAC of the code keyed with the
    token: the database alone gives neither the link nor the code.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.CASCADE,
        related_name="device_pairings",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    code_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField("demandé le", default=timezone.now)
    expires_at = models.DateTimeField("valable jusqu'au", db_index=True)
    attempts = models.PositiveSmallIntegerField("codes erronés", default=0)
    used_at = models.DateTimeField("utilisé le", null=True, blank=True)
    failed_at = models.DateTimeField("refusé le (codes erronés)", null=True, blank=True)
    cancelled_at = models.DateTimeField("annulé le", null=True, blank=True)
    device = models.OneToOneField(
        "Device",
        verbose_name="appareil connecté",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pairing",
    )

    class Meta:
        verbose_name = "appairage d'un téléphone"
        verbose_name_plural = "appairages de téléphones"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({timezone.localtime(self.created_at):%d/%m/%Y %H:%M})"

    def is_pending(self, now: datetime.datetime) -> bool:
        return (
            self.used_at is None
            and self.failed_at is None
            and self.cancelled_at is None
            and self.expires_at > now
        )


class DeviceQuerySet(models.QuerySet):
    def live(self, *, now: datetime.datetime | None = None) -> DeviceQuerySet:
        """Devices whose session still opens: not revoked, used recently, paired not too long ago."""
        from . import conf

        now = now or timezone.now()
        return self.filter(
            revoked_at__isnull=True,
            last_used_at__gt=now - conf.device_idle_lifetime(),
            paired_at__gt=now - conf.device_max_lifetime(),
        )


class Device(models.Model):
    """A phone (or tablet) paired with an account: its session lasts until revoked."""

    class EndReason(models.TextChoices):
        USER = "user", "déconnecté depuis « Mes appareils »"
        LOGOUT = "logout", "déconnexion sur l'appareil"
        PASSWORD = "password", "mot de passe changé"
        EVERYWHERE = "everywhere", "« Se déconnecter de partout »"
        ACCOUNT = "account", "compte réinitialisé ou fermé"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.CASCADE,
        related_name="devices",
    )
    name = models.CharField("nom", max_length=60)
    paired_at = models.DateTimeField("connecté le", default=timezone.now)
    last_used_at = models.DateTimeField("dernière utilisation", default=timezone.now)
    revoked_at = models.DateTimeField("déconnecté le", null=True, blank=True)
    revoked_reason = models.CharField(
        "motif de la déconnexion", max_length=12, choices=EndReason.choices, blank=True
    )

    objects = DeviceQuerySet.as_manager()

    class Meta:
        verbose_name = "appareil connecté"
        verbose_name_plural = "appareils connectés"
        ordering = ["-paired_at", "-pk"]
        indexes = [
            # The sweep's "ended 30 days ago": revoked rows only.
            models.Index(
                fields=["revoked_at"],
                condition=Q(revoked_at__isnull=False),
                name="device_revoked_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    def is_live(self, now: datetime.datetime) -> bool:
        """The same rule as ``Device.objects.live()``, on a loaded row."""
        from . import conf

        return (
            self.revoked_at is None
            and self.last_used_at > now - conf.device_idle_lifetime()
            and self.paired_at > now - conf.device_max_lifetime()
        )

    def ended_at(self) -> datetime.datetime:
        """When its session ended: revoked, or the first of its two delays."""
        from . import conf

        if self.revoked_at is not None:
            return self.revoked_at
        return min(
            self.last_used_at + conf.device_idle_lifetime(),
            self.paired_at + conf.device_max_lifetime(),
        )
