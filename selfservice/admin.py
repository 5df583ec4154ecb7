"""Regroupements made by families: the secretariat can undo one made by mistake."""

from __future__ import annotations

from django.contrib import admin, messages

from accounts.admin import ScopedAdminMixin
from core.http import client_ip

from . import messages as texts
from .models import AccountMerge
from .services.merge import MergeUndoRefused, account_merge_undo


@admin.register(AccountMerge)
class AccountMergeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Regroupements made by families; the secretariat can undo one made by mistake.

    Scoped by the establishment of the guardian records the closed account had.
    """

    list_display = ("created_at", "survivor", "absorbed", "joint", "undone_at", "undone_by")
    list_filter = ("joint", ("undone_at", admin.EmptyFieldListFilter))
    list_select_related = ("survivor", "absorbed", "undone_by")
    search_fields = ("survivor__username", "absorbed__username")
    actions = ["undo_merges"]
    readonly_fields = (
        "establishment",
        "survivor",
        "absorbed",
        "joint",
        "absorbed_previous_state",
        "guardian_ids",
        "link_ids",
        "pupil_ids",
        "actor",
        "created_at",
        "undone_at",
        "undone_by",
    )
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # a regroupement is a record: it is only undone, through its action

    def has_delete_permission(self, request, obj=None):
        return False

    def has_undo_permission(self, request):
        return request.user.has_perm("selfservice.change_accountmerge")

    @admin.action(description="Annuler le regroupement", permissions=["undo"])
    def undo_merges(self, request, queryset):
        undone = 0
        for merge_id in queryset.filter(undone_at__isnull=True).values_list("pk", flat=True):
            try:
                account_merge_undo(merge_id=merge_id, actor=request.user, ip=client_ip(request))
            except MergeUndoRefused as exc:
                messages.error(request, str(exc))
            else:
                undone += 1
        if undone:
            messages.success(request, texts.merges_undone(undone))
        elif not queryset.filter(undone_at__isnull=True).exists():
            messages.warning(request, texts.MERGES_ALREADY_UNDONE)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
