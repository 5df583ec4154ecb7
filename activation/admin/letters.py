"""Letters (state, class filters, reset action) and the first-connection locks (unlock)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.models import Division
from core.http import client_ip

from .. import messages as texts
from ..models import FirstConnectionLock, Letter
from .base import ScopedAdmin, request_establishment, reset_and_redirect, scoped

# --- Letters ----------------------------------------------------------------------------------


class LetterStateFilter(admin.SimpleListFilter):
    title = "état"
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return [
            ("attente", "En attente de première connexion"),
            ("utilise", "Utilisé"),
            ("expire", "Expiré"),
            ("annule", "Annulé (réédité)"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        value = self.value()
        if value == "attente":
            return queryset.live(now)
        if value == "utilise":
            return queryset.filter(used_at__isnull=False)
        if value == "expire":
            return queryset.filter(
                used_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now
            )
        if value == "annule":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


class LetterDivisionFilter(admin.SimpleListFilter):
    title = "classe"
    parameter_name = "classe"

    def lookups(self, request, model_admin):
        return [
            (d.pk, d.code) for d in scoped(Division.objects.all(), request.user).order_by("code")
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        # A hand-edited URL (?classe=abc) filters out everything rather than failing.
        return queryset.filter(division_id=int(value)) if value.isdigit() else queryset.none()


@admin.register(Letter)
class LetterAdmin(ScopedAdmin):
    list_display = (
        "identifier",
        "pupil",
        "kind",
        "recipient",
        "division",
        "state_cell",
        "created_at",
        "expires_at",
    )
    list_filter = (LetterStateFilter, LetterDivisionFilter, "kind")
    list_select_related = ("pupil", "recipient", "division")
    search_fields = ("identifier", "pupil__last_name", "pupil__first_name", "recipient__last_name")
    actions = ["reset_letters_accounts"]
    readonly_fields = (
        "identifier",
        "kind",
        "pupil",
        "recipient",
        "division",
        "batch",
        "created_at",
        "expires_at",
        "used_at",
        "revoked_at",
        "swept_at",
        "emailed_at",
        "state_cell",
    )
    fields = readonly_fields

    @admin.display(description="état")
    def state_cell(self, obj):
        return obj.state_label

    def has_add_permission(self, request):
        return False

    @admin.action(description="Réinitialiser le compte (nouveau courrier)", permissions=["view"])
    def reset_letters_accounts(self, request, queryset):
        establishment = request_establishment(request)
        letters = list(queryset.select_related("establishment", "account"))
        if establishment is None:
            establishments = {letter.establishment for letter in letters}
            if len(establishments) != 1:
                messages.error(request, texts.RESET_NEEDS_ONE_ESTABLISHMENT)
                return None
            establishment = establishments.pop()
        accounts = [letter.account for letter in letters if letter.account is not None]
        if not accounts:
            messages.error(request, texts.RESET_ACCOUNTS_DELETED)
            return None
        return reset_and_redirect(request, accounts, establishment)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("activation.add_letterbatch"):
            actions.pop("reset_letters_accounts", None)
        return actions


# --- Locks ------------------------------------------------------------------------------------


@admin.register(FirstConnectionLock)
class FirstConnectionLockAdmin(ScopedAdmin):
    list_display = (
        "letter",
        "account",
        "reason",
        "failures",
        "ip_address",
        "created_at",
        "locked_until",
        "active",
    )
    list_select_related = ("letter__pupil", "account")
    actions = ["unlock"]

    @admin.display(description="en cours", boolean=True)
    def active(self, obj):
        return obj.locked_until > timezone.now()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("activation.delete_firstconnectionlock") and self._in_scope(
            request, obj
        )

    @admin.action(description="Débloquer", permissions=["delete"])
    def unlock(self, request, queryset):
        now = timezone.now()
        for lock in queryset:
            audit_record(
                action=AuditAction.FIRST_CONNECTION_UNLOCKED,
                actor=request.user,
                target=lock.letter or lock.account,
                establishment=lock.establishment,
                ip_address=client_ip(request),
                details={"reason": lock.reason, "ip": lock.ip_address},
            )
        queryset.filter(locked_until__gt=now).update(locked_until=now)
        messages.success(request, texts.LETTERS_UNLOCKED)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
