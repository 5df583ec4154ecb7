"""Mon compte: e-mail address changes waiting for their link, and account groupings
(regroupements). The tables keep the names they had in ``teleservices``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Establishment


class EmailChangeRequest(models.Model):
    """A new address typed on "Mon compte", waiting for its single-use link to be clicked.

    Only the token's SHA-256 is stored. The account's address changes when the link is opened.
    """

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.CASCADE,
        related_name="email_changes",
    )
    old_email = models.EmailField("ancienne adresse", blank=True)
    new_email = models.EmailField("nouvelle adresse")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("demandé le", default=timezone.now)
    expires_at = models.DateTimeField("valable jusqu'au", db_index=True)
    used_at = models.DateTimeField("confirmé le", null=True, blank=True)
    cancelled_at = models.DateTimeField("annulé le", null=True, blank=True)

    class Meta:
        db_table = "teleservices_emailchangerequest"
        verbose_name = "changement d'adresse électronique"
        verbose_name_plural = "changements d'adresse électronique"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.account} → {self.new_email}"


class AccountMergeQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(undone_at__isnull=True)


class AccountMerge(models.Model):
    """One regroupement: the absorbed guardian account closed, its guardian records moved.

    ``guardian_ids`` and ``link_ids`` are the snapshot the secretariat's "undo" moves back.
    """

    establishment = models.ForeignKey(
        Establishment,
        verbose_name="établissement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Celui des fiches responsables rattachées au compte fermé.",
    )
    survivor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte conservé",
        on_delete=models.PROTECT,
        related_name="merges_kept",
    )
    absorbed = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte fermé",
        on_delete=models.PROTECT,
        related_name="merges_closed",
    )
    joint = models.BooleanField("compte joint (responsables 1 et 2)", default=False)
    absorbed_previous_state = models.CharField(
        "état du compte fermé avant regroupement", max_length=16
    )
    guardian_ids = models.JSONField("fiches responsables déplacées", default=list)
    link_ids = models.JSONField("liens élève – responsable déplacés", default=list)
    pupil_ids = models.JSONField("élèves rattachés", default=list)
    # Rows of the apps above (personal notes, tasks…) moved with the guardian records:
    # {"app.Model": [ids]}, so that the undo moves back exactly those (``services.merge_rows``).
    moved_rows = models.JSONField("autres données déplacées", default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="fait par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("regroupé le", default=timezone.now, db_index=True)
    undone_at = models.DateTimeField("annulé le", null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="annulé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = AccountMergeQuerySet.as_manager()

    class Meta:
        db_table = "teleservices_accountmerge"
        verbose_name = "regroupement de comptes"
        verbose_name_plural = "regroupements de comptes"
        ordering = ["-created_at"]
        constraints = [
            # The database itself refuses to absorb the same account twice (double click, two tabs).
            models.UniqueConstraint(
                fields=["absorbed"],
                condition=Q(undone_at__isnull=True),
                name="account_merge_absorbed_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.absorbed} → {self.survivor} ({timezone.localtime(self.created_at):%d/%m/%Y})"
