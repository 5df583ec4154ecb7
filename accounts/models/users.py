"""Accounts (``User``) and the register of identifiers ever handed out."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .establishments import Establishment


def new_session_stamp() -> str:
    return secrets.token_hex(16)


class UserManager(DjangoUserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # An administrator created from the command line has no letter to activate: active at once.
        extra_fields.setdefault("state", User.State.ACTIVE)
        extra_fields.setdefault("profile", User.Profile.PERSONNEL)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """An account. ``username`` is the identifier (``p.nom``, ``p.nom2``…)."""

    class Profile(models.TextChoices):
        ELEVE = "eleve", "Élève"
        PARENT = "parent", "Parent / responsable légal"
        ENSEIGNANT = "enseignant", "Enseignant"
        PERSONNEL = "personnel", "Personnel non-enseignant"
        REGION = "region", "Personnel de la Région"
        AUTRE = "autre", "Autre"

    class State(models.TextChoices):
        PROVISIONAL = "provisional", "Provisoire (courrier non utilisé)"
        AWAITING_EMAIL = "awaiting_email", "En attente de validation du courriel"
        ACTIVE = "active", "Actif"
        CLOSED = "closed", "Fermé"
        EXPIRED = "expired", "Expiré"

    # Profiles that come in through the EduConnect-style form, the others through the academic one.
    EDUCONNECT_PROFILES = frozenset({Profile.ELEVE, Profile.PARENT})

    # Few distinct values: no index on profile, and only the pending states are indexed (see Meta).
    profile = models.CharField("profil", max_length=12, choices=Profile.choices)
    state = models.CharField(
        "état", max_length=16, choices=State.choices, default=State.PROVISIONAL
    )
    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement de rattachement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        help_text="Pour le personnel : l'établissement dont il gère les comptes.",
        db_index=False,  # partial index in Meta: only staff accounts have one
    )
    # Rotated to end every session of the account at once ("se déconnecter partout").
    session_stamp = models.CharField(
        "marque de session", max_length=32, default=new_session_stamp, editable=False
    )
    accepted_charter_version = models.PositiveIntegerField(
        "version de charte acceptée", null=True, blank=True, editable=False
    )
    state_changed_at = models.DateTimeField("changement d'état", default=timezone.now)

    objects = UserManager()

    # Every index costs each UPDATE that is not HOT one more write, and the daily sweep updates up to
    # a million accounts: the table keeps the indexes queries use and no more (docs/activation.md).
    class Meta:
        verbose_name = "compte"
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="user_name_idx"),
            # The sweep's batches: accounts still waiting for their first connection or e-mail, by id.
            models.Index(
                fields=["state", "id"],
                condition=models.Q(state__in=["provisional", "awaiting_email"]),
                name="user_pending_state_idx",
            ),
            # The purge's batches: swept accounts by id (one index write more per swept account,
            # instead of a scan of every "#balaye-" identifier per batch).
            models.Index(
                fields=["id"], condition=models.Q(state="expired"), name="user_expired_idx"
            ),
            models.Index(
                fields=["establishment"],
                condition=models.Q(establishment__isnull=False),
                name="user_establishment_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.username

    @property
    def is_guardian(self) -> bool:
        return self.profile == self.Profile.PARENT

    @property
    def is_pupil(self) -> bool:
        return self.profile == self.Profile.ELEVE

    def get_session_auth_hash(self) -> str:
        # Django invalidates sessions whose stored hash differs: mixing the stamp in lets one
        # update end every session of the account, whatever the session backend.
        return salted_hmac(
            "accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_stamp}",
            algorithm="sha256",
        ).hexdigest()

    def rotate_session_stamp(self) -> None:
        self.session_stamp = new_session_stamp()


class ReservedIdentifier(models.Model):
    """Every identifier ever handed out. Kept when its account goes, so none is ever reused."""

    value = models.CharField("identifiant", max_length=150, unique=True)
    base = models.CharField("base de l'identifiant", max_length=150, db_index=True)
    number = models.PositiveIntegerField("numéro", default=1)
    created_at = models.DateTimeField("attribué le", auto_now_add=True)

    class Meta:
        verbose_name = "identifiant attribué"
        verbose_name_plural = "identifiants attribués"

    def __str__(self) -> str:
        return self.value


class NoticeOptOut(models.Model):
    """A kind of e-mail notice (``core.notices``) the account turned off in Mon compte."""

    user = models.ForeignKey(
        User, verbose_name="compte", on_delete=models.CASCADE, related_name="notice_opt_outs"
    )
    kind = models.CharField("notification", max_length=40)
    created_at = models.DateTimeField("désactivée le", auto_now_add=True)

    class Meta:
        verbose_name = "notification désactivée"
        verbose_name_plural = "notifications désactivées"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notice_opt_out_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} : {self.kind}"
