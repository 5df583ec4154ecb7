"""What the letters admins share: the scope (core.scoping) with no edit by hand, and "Réinitialiser
le compte (nouveau courrier)", also offered on the accounts list."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html

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


class PdfBatchAdmin(ScopedAdmin):
    """What the admins of a PDF made in the background share (the letters' batches, the livret's
    bulletins): the state, the progress and the PDF cells of the list, the batch fetched within
    the user's scope (404 otherwise), the private download and the deletion URLs
    (``admin:<app>_<model>_pdf`` and ``…_pdf_delete``, served by ``pdf_view`` and
    ``pdf_delete_view``)."""

    def _url_name(self, suffix: str) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_{suffix}"

    @admin.display(description="État")
    def status_badge(self, obj):
        kind = {"done": "success", "failed": "error", "running": "info"}.get(obj.status, "neutral")
        return format_html(
            '<span class="cartable-badge cartable-badge--{}">{}</span>',
            kind,
            obj.get_status_display(),
        )

    @admin.display(description="Progression")
    def progress_cell(self, obj):
        # Non-breaking spaces: « 3 / 3 » never breaks in a narrow column.
        return format_html(
            '<progress max="100" value="{}">{}\u00a0%</progress> {}\u00a0/\u00a0{}',
            obj.percent,
            obj.percent,
            obj.processed,
            obj.total,
        )

    @admin.display(description="PDF")
    def pdf_cell(self, obj):
        if obj.pdf_available:
            return format_html(
                '<a href="{}">Télécharger</a>',
                reverse(f"admin:{self._url_name('pdf')}", args=[obj.pk]),
            )
        if obj.pdf_deleted_at:
            return "Supprimé"
        return "—"

    def pdf_urls(self) -> list:
        wrap = self.admin_site.admin_view
        return [
            path("<int:batch_id>/pdf/", wrap(self.pdf_view), name=self._url_name("pdf")),
            path(
                "<int:batch_id>/pdf/supprimer/",
                wrap(self.pdf_delete_view),
                name=self._url_name("pdf_delete"),
            ),
        ]

    def pdf_view(self, request, batch_id):
        raise NotImplementedError

    def pdf_delete_view(self, request, batch_id):
        raise NotImplementedError

    def _batch_or_404(self, request, batch_id):
        if not str(batch_id).isdigit():
            raise Http404("Lot introuvable.")
        batch = (
            self.get_queryset(request).select_related("establishment").filter(pk=batch_id).first()
        )
        if batch is None or not self.has_view_permission(request, batch):
            raise Http404("Lot introuvable.")
        return batch

    @staticmethod
    def form_errors(form, error: ValidationError) -> None:
        """A service's refusal shown on the add form: on its field when it names one."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)

    @staticmethod
    def pdf_file(path_, *, filename: str) -> FileResponse:
        """The batch's private PDF as a download, never cached."""
        response = FileResponse(
            path_.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


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
