"""The secretariat's side of the démarches, in the admin, limited to its establishment: the
campaigns (with the opening notice and the follow-up page: counts per class, CSV, reminders), the
barème of each school year, and the bourse requests, instructed on their own page."""

from __future__ import annotations

import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from accounts.admin import EstablishmentScopedAdminMixin
from accounts.admin.base import EstablishmentFieldListFilter, ScopedInlineMixin
from core.http import attachment_response, client_ip, pdf_response
from core.schoolyear import school_year_label

from . import messages as texts
from . import selectors, services
from .forms import CampaignAdminForm, InstructionForm
from .models import (
    Bareme,
    BaremeCeiling,
    BaremeEchelon,
    BourseRequest,
    Campaign,
    OrientationFile,
)
from .pdf import decision_pdf

STATE_LABELS = {"avant": "Pas encore ouverte", "ouverte": "Ouverte", "close": "Close"}


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


class EstablishmentSetOnSaveMixin:
    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        if not request.user.is_superuser:
            readonly += ("establishment",)
        return self.with_display_fields(readonly)  # type: ignore[attr-defined]

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.establishment_id = request.user.establishment_id
        super().save_model(request, obj, form, change)  # type: ignore[misc]


@admin.register(Campaign)
class CampaignAdmin(EstablishmentSetOnSaveMixin, EstablishmentScopedAdminMixin, admin.ModelAdmin):
    audit_name = "campaign"
    form = CampaignAdminForm
    list_display = (
        "__str__",
        "opens_at",
        "closes_at",
        "state_cell",
        "notify_cell",
        "followup_cell",
    )
    list_filter = ("service", "school_year")
    superuser_list_display = ("establishment_column",)
    superuser_list_filter = (("establishment", EstablishmentFieldListFilter),)
    list_select_related = ("establishment",)
    filter_horizontal = ("divisions",)
    actions = ("notify_guardians",)
    fieldsets = [
        (None, {"fields": ("establishment", "service", "school_year", "opens_at", "closes_at")}),
        ("Qui est concerné", {"fields": ("levels", "divisions")}),
        ("Les familles", {"fields": ("message",)}),
    ]

    @admin.display(description="État")
    def state_cell(self, obj):
        return STATE_LABELS[obj.state]

    @admin.display(description="Courriel d'ouverture")
    def notify_cell(self, obj):
        if not obj.notify_status:
            return "Pas envoyé"
        return format_html(
            '<progress max="100" value="{}">{} %</progress> {} / {}',
            obj.percent,
            obj.percent,
            obj.processed,
            obj.total,
        )

    @admin.display(description="Suivi")
    def followup_cell(self, obj):
        return format_html(
            '<a href="{}">Suivi</a>', reverse("admin:demarches_campaign_followup", args=[obj.pk])
        )

    @admin.action(description="Prévenir par courriel les responsables concernés")
    def notify_guardians(self, request, queryset):
        for campaign in queryset:
            try:
                services.campaign_notify_start(
                    campaign=campaign, actor=request.user, ip_address=client_ip(request)
                )
            except ValidationError as error:
                self.message_user(request, _error_text(error), messages.WARNING)
            else:
                self.message_user(request, f"{campaign} : {texts.NOTIFY_STARTED}")

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:campaign_id>/suivi/",
                wrap(self.followup_view),
                name="demarches_campaign_followup",
            ),
            path(
                "<int:campaign_id>/suivi.csv",
                wrap(self.followup_csv_view),
                name="demarches_campaign_followup_csv",
            ),
            *super().get_urls(),
        ]

    def _campaign_or_404(self, request, campaign_id) -> Campaign:
        campaign = (
            self.get_queryset(request)
            .select_related("establishment")
            .prefetch_related("divisions")
            .filter(pk=campaign_id)
            .first()
        )
        if campaign is None or not self.has_view_permission(request, campaign):
            raise Http404("Campagne introuvable.")
        return campaign

    def followup_view(self, request, campaign_id):
        campaign = self._campaign_or_404(request, campaign_id)
        if request.method == "POST":
            if not self.has_change_permission(request, campaign):
                raise PermissionDenied
            try:
                count = services.campaign_remind(
                    campaign=campaign, actor=request.user, ip_address=client_ip(request)
                )
            except ValidationError as error:
                self.message_user(request, _error_text(error), messages.ERROR)
            else:
                if count:
                    self.message_user(request, texts.REMINDERS_SENT.format(count=count))
                else:
                    self.message_user(request, texts.REMINDERS_NONE, messages.WARNING)
            return redirect("admin:demarches_campaign_followup", campaign.pk)
        followup = selectors.campaign_followup(campaign)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Suivi : {campaign}",
            "opts": self.model._meta,
            "campaign": campaign,
            "followup": followup,
            "state_label": STATE_LABELS[campaign.state],
            "states": [
                (label, followup.by_state.get(value, 0))
                for value, label in (
                    OrientationFile.State.choices
                    if campaign.service in selectors.ORIENTATION_SERVICES
                    else BourseRequest.State.choices
                )
            ],
            "can_remind": campaign.is_open and self.has_change_permission(request, campaign),
            "running": campaign.notify_status
            in (Campaign.NotifyStatus.PENDING, Campaign.NotifyStatus.RUNNING),
        }
        return TemplateResponse(request, "admin/demarches/campaign/followup.html", context)

    def followup_csv_view(self, request, campaign_id):
        campaign = self._campaign_or_404(request, campaign_id)
        followup = selectors.campaign_followup(campaign)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"suivi-{campaign.service}-{school_year_label(campaign.school_year)}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response.write("\ufeff")  # Excel reads UTF-8 with its BOM
        writer = csv.writer(response, delimiter=";")
        writer.writerow(["Classe", "Élèves concernés", "Commencées", "Envoyées", "Traitées"])
        for row in [*followup.rows, followup.total]:
            writer.writerow([row.label, row.concerned, row.started, row.submitted, row.processed])
        return response


class LabelledTabularInline(ScopedInlineMixin, admin.TabularInline):
    """A table's column headers do not label its inputs: each input says what it is."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name != "id":
            field.widget.attrs.setdefault("aria-label", str(db_field.verbose_name).capitalize())
        return field


class BaremeEchelonInline(LabelledTabularInline):
    model = BaremeEchelon
    extra = 3


class BaremeCeilingInline(LabelledTabularInline):
    model = BaremeCeiling
    extra = 6


@admin.register(Bareme)
class BaremeAdmin(EstablishmentSetOnSaveMixin, EstablishmentScopedAdminMixin, admin.ModelAdmin):
    audit_name = "bareme"
    list_display = ("__str__", "school_year")
    superuser_list_display = ("establishment_column",)
    superuser_list_filter = (("establishment", EstablishmentFieldListFilter),)
    list_select_related = ("establishment",)
    inlines = (BaremeEchelonInline, BaremeCeilingInline)
    fieldsets = [(None, {"fields": ("establishment", "school_year")})]


@admin.register(BourseRequest)
class BourseRequestAdmin(EstablishmentScopedAdminMixin, admin.ModelAdmin):
    """The list of requests; a request's page is its instruction (the decision form)."""

    audit_name = "bourse_request"
    list_display = ("pupil", "division_cell", "status", "submitted_at", "decided_at")
    list_filter = ("status", "campaign__school_year")
    list_select_related = ("pupil", "pupil__division")
    search_fields = ("pupil__last_name", "pupil__first_name")
    ordering = ("status", "submitted_at")

    @admin.display(description="classe", ordering="pupil__division__code")
    def division_cell(self, obj):
        return obj.pupil.division.code if obj.pupil.division else "—"

    def has_add_permission(self, request):
        return False  # the families file them

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:request_id>/avis-d-imposition/",
                wrap(self.document_view),
                name="demarches_boursereq_document",
            ),
            path(
                "<int:request_id>/notification.pdf",
                wrap(self.pdf_view),
                name="demarches_boursereq_pdf",
            ),
            *super().get_urls(),
        ]

    def _request_or_404(self, request, request_id) -> BourseRequest:
        if not str(request_id).isdigit():
            raise Http404("Demande introuvable.")
        found = (
            self.get_queryset(request)
            .select_related("pupil__division", "pupil__establishment", "campaign", "filed_by")
            .filter(pk=request_id)
            .first()
        )
        if found is None or not self.has_view_permission(request, found):
            raise Http404("Demande introuvable.")
        return found

    def document_view(self, request, request_id):
        found = self._request_or_404(request, request_id)
        if not found.document:
            raise Http404("Aucun avis d'imposition.")
        return attachment_response(
            found.document, filename=found.document_name, content_type=found.document_type
        )

    def pdf_view(self, request, request_id):
        found = self._request_or_404(request, request_id)
        if not found.is_decided:
            raise Http404("Pas encore de décision.")
        return pdf_response(decision_pdf(found), filename="notification-de-decision.pdf")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        found = self._request_or_404(request, object_id)
        bareme = selectors.bareme_of(found.campaign.establishment_id, found.school_year)
        estimation = selectors.request_estimation(bareme, found) if bareme else None
        amounts = selectors.bareme_amounts(bareme)
        form = InstructionForm(
            request.POST or None,
            echelons=sorted(amounts),
            estimated=estimation.echelon if estimation else None,
            initial={"document_checked": found.document_checked},
        )
        can_decide = found.status == BourseRequest.State.SUBMITTED and self.has_change_permission(
            request, found
        )
        if request.method == "POST":
            if not can_decide:
                raise PermissionDenied
            if form.is_valid():
                done = self._decide(request, found, form)
                if done:
                    return redirect("admin:demarches_bourserequest_change", found.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Demande de bourse de {found.pupil}",
            "opts": self.model._meta,
            "original": found,
            "found": found,
            "form": form,
            "can_decide": can_decide,
            "estimation": estimation,
            "bareme": bareme,
            "now": timezone.now(),
        }
        return TemplateResponse(request, "admin/demarches/bourserequest/instruct.html", context)

    def _decide(self, request, found: BourseRequest, form: InstructionForm) -> bool:
        data = form.cleaned_data
        ip_address = client_ip(request)
        try:
            if data["decision"] == "accepter":
                services.bourse_accept(
                    actor=request.user,
                    request=found,
                    echelon=data["echelon"],
                    document_checked=data["document_checked"],
                    ip_address=ip_address,
                )
                self.message_user(request, texts.DECIDED_ACCEPTED)
            elif data["decision"] == "refuser":
                services.bourse_refuse(
                    actor=request.user,
                    request=found,
                    reason=data["reason"],
                    document_checked=data["document_checked"],
                    ip_address=ip_address,
                )
                self.message_user(request, texts.DECIDED_REFUSED)
            else:
                services.bourse_ask_missing_piece(
                    actor=request.user,
                    request=found,
                    message=data["message"],
                    ip_address=ip_address,
                )
                self.message_user(request, texts.DECIDED_MISSING)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return False
        return True
