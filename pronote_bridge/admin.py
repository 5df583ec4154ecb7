"""The secretariat's Pronote pages in the admin: the establishment's Pronote settings, the
import of the PRONOTE-ENT identifiers (upload, report, lines settled by hand), the export of the
ENT logins, and the identifiers linked. Scoped to the user's establishment (a superuser: all)."""

from __future__ import annotations

import csv
import io

from django.contrib import admin
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from accounts.admin import ScopedAdminMixin
from accounts.admin.base import FrenchLabelsDisplayMixin
from accounts.models import Establishment
from accounts.selectors import establishments_for_staff
from core.http import client_ip

from . import conf, messages
from .forms import PronoteSettingsForm, PronoteUploadForm, SettleForm
from .models import PronoteEntLink, PronoteImport, PronoteImportRow, PronoteSettings
from .selectors import (
    EXPORT_HEADER,
    pronote_import_get_for,
    pronote_imports_for,
    pronote_links_for,
    rows_to_settle,
    settled_rows,
)
from .services import (
    ent_logins_exported,
    pronote_import_create,
    pronote_link_delete,
    pronote_row_ignore,
    pronote_row_settle,
    pronote_settings_delete,
    pronote_settings_save,
)


@admin.register(PronoteSettings)
class PronoteSettingsAdmin(ScopedAdminMixin, FrenchLabelsDisplayMixin, admin.ModelAdmin):
    form = PronoteSettingsForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("__str__", "base_url", "identification", "is_active")
    list_select_related = ("establishment",)
    fields = ("establishment", "base_url", "mobile_url", "identification", "is_active")

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return ("establishment_display",)

    def get_fields(self, request, obj=None):
        fields = list(self.fields)
        if not request.user.is_superuser:
            fields[0] = "establishment_display"
        return fields

    def has_add_permission(self, request):
        if not super().has_add_permission(request):
            return False
        # One Pronote per establishment: a secretariat whose school has one changes it.
        return (
            request.user.is_superuser
            or not PronoteSettings.objects.filter(
                establishment_id=request.user.establishment_id
            ).exists()
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if request.user.is_superuser or obj is not None:
            return form
        establishment_id = request.user.establishment_id

        class OwnEstablishmentForm(form):  # type: ignore[misc, valid-type]
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.instance.establishment_id = establishment_id

        return OwnEstablishmentForm

    def save_model(self, request, obj, form, change):
        pronote_settings_save(settings=obj, actor=request.user, ip_address=client_ip(request))

    def delete_model(self, request, obj):
        pronote_settings_delete(settings=obj, actor=request.user, ip_address=client_ip(request))

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("establishment", "registered_service"):
            self.delete_model(request, obj)


@admin.register(PronoteEntLink)
class PronoteEntLinkAdmin(ScopedAdminMixin, FrenchLabelsDisplayMixin, admin.ModelAdmin):
    list_display = ("identifier", "user", "full_name", "source", "created_at")
    list_filter = ("source",)
    search_fields = ("identifier", "user__username", "user__last_name", "user__first_name")
    readonly_fields = ("establishment_display", "user", "identifier", "source", "created_at")
    fields = readonly_fields

    def get_queryset(self, request):
        return pronote_links_for(request.user)

    @admin.display(description="nom")
    def full_name(self, obj):
        return f"{obj.user.last_name.upper()} {obj.user.first_name}"

    def has_add_permission(self, request):
        return False  # linked by the import or a line settled by hand

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        pronote_link_delete(link=obj, actor=request.user, ip_address=client_ip(request))

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(PronoteImport)
class PronoteImportAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "original_name",
        "establishment",
        "created_at",
        "row_count",
        "matched_count",
        "ambiguous_count",
        "unmatched_count",
    )
    list_select_related = ("establishment", "created_by")
    change_list_template = "admin/pronote_bridge/pronoteimport/change_list.html"

    def get_queryset(self, request):
        return pronote_imports_for(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # the report is read; lines are settled on it (``may_settle``)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_urls(self):
        export = path(
            "export/",
            self.admin_site.admin_view(self.export_view),
            name="pronote_bridge_pronoteimport_export",
        )
        return [export, *super().get_urls()]

    def _establishments(self, request):
        return establishments_for_staff(request.user)

    @staticmethod
    def may_settle(request) -> bool:
        return request.user.has_perm("pronote_bridge.add_pronoteimport")

    # -- upload ----------------------------------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        establishments = self._establishments(request)
        form = PronoteUploadForm(
            request.POST or None, request.FILES or None, establishments=establishments
        )
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                pronote_import = pronote_import_create(
                    establishment=form.cleaned_data["establishment"],
                    name=upload.name,
                    content=upload.read(),
                    actor=request.user,
                    ip_address=client_ip(request),
                )
            except ValidationError as error:
                form.add_error("file", error.messages)
            else:
                flash.success(
                    request,
                    messages.import_done(
                        pronote_import.matched_count,
                        pronote_import.ambiguous_count,
                        pronote_import.unmatched_count,
                    ),
                )
                return HttpResponseRedirect(
                    reverse("admin:pronote_bridge_pronoteimport_change", args=[pronote_import.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": "Importer les identifiants PRONOTE-ENT",
            "opts": self.model._meta,
            "form": form,
            "max_kb": conf.import_max_bytes() // 1024,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/pronote_bridge/pronoteimport/upload.html", context)

    # -- report and lines settled by hand --------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            pronote_import = pronote_import_get_for(request.user, int(object_id))
        except (PronoteImport.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404("Cet import n'existe pas.") from exc
        if not self.has_view_permission(request, pronote_import):
            raise PermissionDenied
        pending = rows_to_settle(pronote_import)
        refused: dict[int, list[str]] = {}
        if request.method == "POST":
            if not self.may_settle(request):
                raise PermissionDenied
            response = self._settle(request, pronote_import, pending, refused)
            if response is not None:
                return response
        context = {
            **self.admin_site.each_context(request),
            "title": f"Import « {pronote_import.original_name} »",
            "opts": self.model._meta,
            "pronote_import": pronote_import,
            "pending": [(item, refused.get(item.row.pk, [])) for item in pending],
            "settled": list(settled_rows(pronote_import)),
            "may_settle": self.may_settle(request),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/pronote_bridge/pronoteimport/report.html", context)

    def _settle(self, request, pronote_import, pending, refused):
        """One line's form: "Relier" (a candidate, or an identifiant typed) or "Laisser de côté".
        Returns the redirection, or ``None`` with the line's errors in ``refused``."""
        row_id = request.POST.get("row", "")
        item = next((item for item in pending if str(item.row.pk) == row_id), None)
        if item is None:
            flash.error(request, messages.SETTLE_ROW_DONE)
            return HttpResponseRedirect(request.path)
        row: PronoteImportRow = item.row
        row.pronote_import = pronote_import
        ip = client_ip(request)
        if "ignorer" in request.POST:
            pronote_row_ignore(row=row, actor=request.user, ip_address=ip)
            flash.success(request, messages.ignored(row.line))
            return HttpResponseRedirect(request.path)
        form = SettleForm(
            request.POST, choices=item.choices, establishment_id=pronote_import.establishment_id
        )
        if form.is_valid():
            user = form.cleaned_data["user"]
            try:
                pronote_row_settle(row=row, user=user, actor=request.user, ip_address=ip)
            except ValidationError as error:
                refused[row.pk] = error.messages
                return None
            flash.success(request, messages.settled(row.line, user.username))
            return HttpResponseRedirect(request.path)
        refused[row.pk] = [error for errors in form.errors.values() for error in errors]
        return None

    # -- export of the ENT logins ----------------------------------------------------------------

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        establishments = self._establishments(request)
        wanted = request.GET.get("etablissement")
        establishment = (
            establishments.filter(pk=wanted).first()
            if wanted and wanted.isdigit()
            else establishments.order_by("pk").first()
        )
        if establishment is None:
            raise Http404("Aucun établissement.")
        rows = ent_logins_exported(
            establishment=Establishment(pk=establishment.pk, uai=establishment.uai),
            actor=request.user,
            ip_address=client_ip(request),
        )
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(EXPORT_HEADER)
        writer.writerows(rows)
        name = f"identifiants_ent_{establishment.uai}_{timezone.localdate():%Y%m%d}.csv"
        response = HttpResponse(
            ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
