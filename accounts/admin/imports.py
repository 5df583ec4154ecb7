"""Admin of the SIECLE / STS imports: upload page, then a progress page that becomes the report.

Registered by ``accounts/admin/__init__.py``. A staff member sees and imports only for their own
establishment; a superuser for any. Works without JavaScript (the progress page refreshes itself
with a meta refresh while the import is pending or running).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from .. import conf
from .. import messages as texts
from ..models import RosterImport
from ..roster.report import COLUMNS, accounts_created, anomaly_groups, count_rows
from ..selectors import (
    establishments_for_staff,
    roster_import_get_for,
    roster_import_progress,
    roster_imports_for,
)
from ..services import roster_import_create

REFRESH_SECONDS = 2


class RosterUploadForm(forms.Form):
    establishment = forms.ModelChoiceField(
        label="Établissement",
        queryset=None,
        empty_label=None,
        error_messages={
            "invalid_choice": texts.IMPORT_ESTABLISHMENT_REQUIRED,
            "required": texts.IMPORT_ESTABLISHMENT_REQUIRED,
        },
    )
    file = forms.FileField(
        label="Fichier à importer",
        help_text="Export SIECLE (ElevesSansAdresses, ResponsablesAvecAdresses) ou STS-web "
        "(sts_emp_…), au format .zip tel que téléchargé ou .xml. Une archive peut contenir "
        "plusieurs exports.",
        error_messages={
            "required": texts.IMPORT_FILE_REQUIRED,
            "empty": texts.IMPORT_FILE_EMPTY,
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = establishments_for_staff(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = conf.import_max_bytes()
        if upload.size > limit:
            raise ValidationError(
                texts.upload_too_large(upload.size // (1024 * 1024), limit // (1024 * 1024))
            )
        name = upload.name.lower()
        if not name.endswith((".zip", ".xml")):
            raise ValidationError(texts.IMPORT_FILE_TYPE)
        return upload


@admin.register(RosterImport)
class RosterImportAdmin(admin.ModelAdmin):
    list_display = (
        "original_name",
        "establishment",
        "status_column",
        "progress_column",
        "created_by",
        "created_at",
    )
    list_filter = ("status",)
    list_select_related = ("establishment", "created_by")
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return roster_imports_for(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # an import is a record: it is never edited

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    @admin.display(description="état", ordering="status")
    def status_column(self, obj):
        return obj.get_status_display()

    @admin.display(description="avancement")
    def progress_column(self, obj):
        processed, total = roster_import_progress(obj)
        percent = (
            100
            if obj.status == RosterImport.Status.DONE
            else (processed * 100 // total if total else 0)
        )
        return format_html(
            '<progress max="100" value="{}">{} %</progress> {} %', percent, percent, percent
        )

    # -- upload ----------------------------------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = RosterUploadForm(request.POST, request.FILES, user=request.user)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    roster_import = roster_import_create(
                        establishment=form.cleaned_data["establishment"],
                        name=upload.name,
                        content=upload.read(),
                        actor=request.user,
                    )
                except ValidationError as exc:
                    form.add_error("file", exc.messages)
                else:
                    messages.success(request, texts.import_uploaded(roster_import.original_name))
                    return HttpResponseRedirect(
                        reverse("admin:accounts_rosterimport_change", args=[roster_import.pk])
                    )
        else:
            form = RosterUploadForm(user=request.user)
        if not form.fields["establishment"].queryset.exists():
            messages.error(request, texts.IMPORT_WITHOUT_ESTABLISHMENT)
        context = {
            **self.admin_site.each_context(request),
            "title": "Importer un export SIECLE ou STS",
            "opts": self.model._meta,
            "form": form,
            "max_mb": conf.import_max_bytes() // (1024 * 1024),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/accounts/rosterimport/upload.html", context)

    # -- progress and report ---------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            roster_import = roster_import_get_for(request.user, int(object_id))
        except (RosterImport.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404("Cet import n'existe pas.") from exc
        if not self.has_view_permission(request, roster_import):
            raise PermissionDenied
        processed, total = roster_import_progress(roster_import)
        running = roster_import.status in (RosterImport.Status.PENDING, RosterImport.Status.RUNNING)
        done = roster_import.status == RosterImport.Status.DONE
        report = roster_import.report if done else {}
        groups = anomaly_groups(report)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Import « {roster_import.original_name} »",
            "opts": self.model._meta,
            "roster_import": roster_import,
            "running": running,
            "refresh_seconds": REFRESH_SECONDS,
            "processed": processed,
            "total": total,
            "percent": 100 if done else (processed * 100 // total if total else 0),
            "columns": COLUMNS,
            "count_rows": count_rows(report),
            "accounts_created": accounts_created(report),
            "anomaly_groups": groups,
            "anomaly_total": sum(len(group["messages"]) for group in groups),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/accounts/rosterimport/progress.html", context)
