"""The secretariat's bulletins: ask for a class, a level or the whole establishment and a period,
follow the progress, download the PDF (then delete it). Scoped like every admin
(``core.scoping``): the staff of one establishment see its batches only, 404 for the others."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from accounts.models import Division
from activation.admin.base import PdfBatchAdmin, scoped
from core.http import client_ip
from evaluations.models import Period

from . import messages as texts
from .bulletins import (
    bulletin_batch_create,
    bulletin_batch_pdf_delete,
    bulletin_batch_pdf_downloaded,
    bulletin_batch_pdf_path,
    period_label,
)
from .models import BulletinBatch


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Period) -> str:
        return period_label(obj)


class BulletinBatchCreateForm(forms.Form):
    scope = forms.ChoiceField(
        label="Bulletins de",
        choices=BulletinBatch.Scope.choices,
        widget=forms.RadioSelect,
        initial=BulletinBatch.Scope.DIVISION,
    )
    division = forms.ModelChoiceField(
        label="Classe",
        queryset=Division.objects.none(),
        required=False,
        help_text="Pour « Une classe ».",
    )
    level = forms.ChoiceField(
        label="Niveau",
        choices=[("", "—")] + [c for c in Division.Level.choices if c[0]],
        required=False,
        help_text="Pour « Un niveau » : toutes ses classes, de la première à la dernière.",
    )
    period = PeriodChoiceField(label="Période", queryset=Period.objects.none())

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = scoped(Division.objects.all(), user).order_by("code")
        self.fields["period"].queryset = scoped(Period.objects.all(), user).order_by(
            "-school_year", "starts_on"
        )


@admin.register(BulletinBatch)
class BulletinBatchAdmin(PdfBatchAdmin):
    # The download beside the state: the secretariat's next step stays in sight on a laptop.
    list_display = (
        "__str__",
        "status_badge",
        "pdf_cell",
        "progress_cell",
        "created_cell",
    )
    list_filter = ("status", "scope")
    list_select_related = ("created_by",)

    @admin.display(description="Demandé", ordering="created_at")
    def created_cell(self, obj):
        # When and by whom on two short lines: the whole row fits beside the filters on a laptop.
        return format_html(
            "{}<br>{}",
            f"{timezone.localtime(obj.created_at):%d/%m/%Y %H:%M}",
            obj.created_by or "—",
        )

    def get_urls(self):
        return [*self.pdf_urls(), *super().get_urls()]

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = BulletinBatchCreateForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                batch = bulletin_batch_create(
                    # A superuser asks for any school's period; the staff for their own.
                    establishment=data["period"].establishment
                    if request.user.is_superuser
                    else request.user.establishment,
                    scope=data["scope"],
                    division=data["division"],
                    level=data["level"] or "",
                    period=data["period"],
                    created_by=request.user,
                )
            except ValidationError as exc:
                self.form_errors(form, exc)
            else:
                messages.success(request, texts.BULLETINS_STARTED)
                return redirect("admin:livret_bulletinbatch_change", batch.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Imprimer des bulletins",
            "form": form,
            "opts": self.model._meta,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/livret/bulletinbatch/add.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = self._batch_or_404(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": str(batch),
            "batch": batch,
            "opts": self.model._meta,
            "running": batch.status in {BulletinBatch.Status.PENDING, BulletinBatch.Status.RUNNING},
            "pdf_url": reverse("admin:livret_bulletinbatch_pdf", args=[batch.pk])
            if batch.pdf_available
            else "",
        }
        return TemplateResponse(request, "admin/livret/bulletinbatch/progress.html", context)

    def pdf_view(self, request, batch_id):
        batch = self._batch_or_404(request, batch_id)
        path_ = bulletin_batch_pdf_path(batch)
        if path_ is None:
            raise Http404(texts.BULLETINS_PDF_GONE)
        bulletin_batch_pdf_downloaded(
            batch=batch, actor=request.user, ip_address=client_ip(request)
        )
        return self.pdf_file(path_, filename=f"bulletins-{batch.pk}.pdf")

    def pdf_delete_view(self, request, batch_id):
        if request.method != "POST":
            return redirect("admin:livret_bulletinbatch_change", batch_id)
        batch = self._batch_or_404(request, batch_id)
        bulletin_batch_pdf_delete(batch=batch, actor=request.user, ip_address=client_ip(request))
        messages.success(request, texts.BULLETINS_PDF_DELETED)
        return redirect("admin:livret_bulletinbatch_change", batch_id)
