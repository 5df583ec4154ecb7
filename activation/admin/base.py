"""What the letters admins share: the scope (core.scoping) with no edit by hand, and "Réinitialiser
le compte (nouveau courrier)", also offered on the accounts list."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect

from accounts.admin import ScopedAdminMixin, register_account_action
from accounts.models import Establishment
from core import scoping

from .. import messages as texts
from ..services.letters import (
    accounts_reset_request,
)


def scoped(queryset, user):
    return scoping.scope_queryset(queryset, user)


class ScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    def _in_scope(self, request, obj) -> bool:
        return scoping.object_in_scope(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return False  # letters, batches and locks are changed through their actions only

    def has_delete_permission(self, request, obj=None):
        return False


# --- Réinitialiser le compte ------------------------------------------------------------------


def reset_and_redirect(request, accounts, establishment) -> HttpResponseRedirect | None:
    try:
        batch = accounts_reset_request(
            establishment=establishment, accounts=accounts, requested_by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None
    messages.success(request, texts.RESET_REQUESTED)
    return redirect("admin:activation_letterbatch_change", batch.pk)


def reset_accounts_action(modeladmin, request, queryset):
    """ "Réinitialiser le compte (nouveau courrier)" on the accounts list."""
    establishment = request_establishment(request)
    if establishment is None:
        messages.error(request, texts.RESET_NEEDS_ESTABLISHMENT)
        return None
    return reset_and_redirect(request, list(queryset), establishment)


register_account_action(
    "reset_accounts",
    reset_accounts_action,
    description="Réinitialiser le compte (nouveau courrier)",
    # Reissuing a letter is creating a letter batch, whatever the rights on accounts themselves.
    allowed=lambda request: request.user.has_perm("activation.add_letterbatch"),
)


def request_establishment(request) -> Establishment | None:
    return request.user.establishment if request.user.establishment_id else None
