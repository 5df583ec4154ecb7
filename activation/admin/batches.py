"""Letter batches: the creation form, progress, the PDF (download, deletion) and the activation
dashboard."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from accounts.audit import AuditAction, audit_record
from accounts.models import Division, Establishment, Pupil
from core.http import client_ip

from .. import messages as texts
from ..models import FirstConnectionLock, Letter, LetterBatch
from ..selectors import activation_dashboard, active_locks, dashboard_totals
from ..services.letters import (
    letter_batch_create,
    letter_batch_pdf_delete,
    letter_batch_pdf_downloaded,
    letter_batch_pdf_path,
)
from .base import PdfBatchAdmin, scoped

# --- Batches ----------------------------------------------------------------------------------


REPORT_LABELS = {
    "courriers": "Courriers générés",
    "courriers_eleves": "dont courriers élèves",
    "courriers_responsables": "dont courriers responsables",
    "comptes_crees": "Comptes provisoires créés",
    "comptes_reinitialises": "Comptes réinitialisés",
    "anciens_courriers_annules": "Anciens courriers annulés",
    "envoyes_par_courriel": "Courriers envoyés par courriel",
    "deja_actives": "Comptes déjà activés (pas de nouveau courrier)",
}


class LetterBatchCreateForm(forms.Form):
    establishment = forms.ModelChoiceField(
        label="Établissement", queryset=Establishment.objects.none()
    )
    scope = forms.ChoiceField(
        label="Courriers pour",
        choices=[c for c in LetterBatch.Scope.choices if c[0] != LetterBatch.Scope.RESET],
        widget=forms.RadioSelect,
        initial=LetterBatch.Scope.DIVISION,
    )
    division = forms.ModelChoiceField(
        label="Classe", queryset=Division.objects.none(), required=False
    )
    level = forms.ChoiceField(
        label="Niveau",
        choices=[("", "—")] + [c for c in Division.Level.choices if c[0]],
        required=False,
    )
    pupils = forms.ModelMultipleChoiceField(
        label="Élèves",
        queryset=Pupil.objects.none(),
        required=False,
        widget=FilteredSelectMultiple("élèves", is_stacked=False),
    )
    include_pupils = forms.BooleanField(label="Courriers des élèves", required=False, initial=True)
    include_guardians = forms.BooleanField(
        label="Courriers des responsables légaux (un par enfant)", required=False, initial=True
    )
    send_email = forms.BooleanField(
        label="Envoyer aussi chaque courrier par courriel aux responsables dont l'adresse est connue",
        required=False,
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = Establishment.objects.all()
        if not user.is_superuser:
            self.fields["establishment"].queryset = Establishment.objects.filter(
                pk=user.establishment_id
            )
            self.fields["establishment"].initial = user.establishment_id
            self.fields["establishment"].widget = forms.HiddenInput()
        self.fields["division"].queryset = scoped(Division.objects.all(), user).order_by("code")
        self.fields["pupils"].queryset = scoped(
            Pupil.objects.select_related("division"), user
        ).order_by("last_name", "first_name")


@admin.register(LetterBatch)
class LetterBatchAdmin(PdfBatchAdmin):
    list_display = (
        "__str__",
        "status_badge",
        "progress_cell",
        "created_by",
        "created_at",
        "pdf_cell",
    )
    list_filter = ("status", "scope")
    list_select_related = ("created_by",)
    change_list_template = "admin/activation/letterbatch/change_list.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            *self.pdf_urls(),
            path("tableau-de-bord/", wrap(self.dashboard_view), name="activation_dashboard"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = LetterBatchCreateForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                batch = letter_batch_create(
                    establishment=data["establishment"],
                    created_by=request.user,
                    scope=data["scope"],
                    division=data["division"],
                    level=data["level"] or "",
                    pupils=data["pupils"],
                    include_pupils=data["include_pupils"],
                    include_guardians=data["include_guardians"],
                    send_email=data["send_email"],
                )
            except ValidationError as exc:
                self.form_errors(form, exc)
            else:
                messages.success(request, texts.BATCH_STARTED)
                return redirect("admin:activation_letterbatch_change", batch.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Générer des courriers de notification",
            "form": form,
            "opts": self.model._meta,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/activation/letterbatch/add.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = self._batch_or_404(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Courriers : {batch}",
            "batch": batch,
            "opts": self.model._meta,
            "report_rows": [(REPORT_LABELS.get(k, k), v) for k, v in batch.report.items()],
            "running": batch.status in {LetterBatch.Status.PENDING, LetterBatch.Status.RUNNING},
            "pdf_url": reverse("admin:activation_letterbatch_pdf", args=[batch.pk])
            if batch.pdf_available
            else "",
        }
        return TemplateResponse(request, "admin/activation/letterbatch/progress.html", context)

    def pdf_view(self, request, batch_id):
        batch = self._batch_or_404(request, batch_id)
        path_ = letter_batch_pdf_path(batch)
        if path_ is None:
            raise Http404("Ce PDF n'est plus disponible : générez un nouveau lot si besoin.")
        letter_batch_pdf_downloaded(batch=batch)
        audit_record(
            action=AuditAction.LETTERS_PDF_DOWNLOADED,
            actor=request.user,
            target=batch,
            establishment=batch.establishment,
            ip_address=client_ip(request),
        )
        return self.pdf_file(path_, filename=f"courriers-{batch.pk}.pdf")

    def pdf_delete_view(self, request, batch_id):
        if request.method != "POST":
            return redirect("admin:activation_letterbatch_change", batch_id)
        batch = self._batch_or_404(request, batch_id)
        letter_batch_pdf_delete(batch=batch)
        audit_record(
            action=AuditAction.LETTERS_PDF_DELETED,
            actor=request.user,
            target=batch,
            establishment=batch.establishment,
            ip_address=client_ip(request),
        )
        messages.success(request, texts.BATCH_PDF_DELETED)
        return redirect("admin:activation_letterbatch_change", batch_id)

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        letters = scoped(Letter.objects.all(), request.user)
        rows = activation_dashboard(letters=letters)
        context = {
            **self.admin_site.each_context(request),
            "title": "Tableau de bord des activations",
            "rows": rows,
            "totals": dashboard_totals(rows),
            "locks": list(
                active_locks(locks=scoped(FirstConnectionLock.objects.all(), request.user))
            ),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/activation/dashboard.html", context)
