"""The secretariat's letters: batches with progress and PDF, letters, locks, activation dashboard.

Every queryset is scoped to the staff member's establishment (a superuser sees all), with the
same policy as every admin (``core.scoping``).
"""

from __future__ import annotations

from allauth.socialaccount.admin import SocialAccountAdmin
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from accounts.admin import ScopedAdminMixin, SuperuserOnlyMixin, register_account_action
from accounts.audit import AuditAction, audit_record
from accounts.models import Division, Establishment, Pupil
from core import scoping
from core.http import client_ip

from .models import FirstConnectionLock, Letter, LetterBatch
from .selectors import activation_dashboard, active_locks, dashboard_totals
from .services.letters import (
    accounts_reset_request,
    letter_batch_create,
    letter_batch_pdf_delete,
    letter_batch_pdf_path,
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


def _reset_and_redirect(request, accounts, establishment) -> HttpResponseRedirect | None:
    try:
        batch = accounts_reset_request(establishment=establishment, accounts=accounts, requested_by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None
    messages.success(
        request,
        "Les comptes sont réinitialisés dès la génération du nouveau courrier : l'ancien mot de passe "
        "et l'ancien courrier ne fonctionnent plus.",
    )
    return redirect("admin:activation_letterbatch_change", batch.pk)


def reset_accounts_action(modeladmin, request, queryset):
    """"Réinitialiser le compte (nouveau courrier)" on the accounts list."""
    establishment = _request_establishment(request)
    if establishment is None:
        messages.error(request, "Choisissez un établissement : seul un personnel rattaché peut réinitialiser.")
        return None
    return _reset_and_redirect(request, list(queryset), establishment)


register_account_action(
    "reset_accounts",
    reset_accounts_action,
    description="Réinitialiser le compte (nouveau courrier)",
    # Reissuing a letter is creating a letter batch, whatever the rights on accounts themselves.
    allowed=lambda request: request.user.has_perm("activation.add_letterbatch"),
)


def _request_establishment(request) -> Establishment | None:
    return request.user.establishment if request.user.establishment_id else None


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
    establishment = forms.ModelChoiceField(label="Établissement", queryset=Establishment.objects.none())
    scope = forms.ChoiceField(
        label="Courriers pour",
        choices=[c for c in LetterBatch.Scope.choices if c[0] != LetterBatch.Scope.RESET],
        widget=forms.RadioSelect,
        initial=LetterBatch.Scope.DIVISION,
    )
    division = forms.ModelChoiceField(label="Classe", queryset=Division.objects.none(), required=False)
    level = forms.ChoiceField(label="Niveau", choices=[("", "—")] + [c for c in Division.Level.choices if c[0]], required=False)
    pupils = forms.ModelMultipleChoiceField(
        label="Élèves", queryset=Pupil.objects.none(), required=False,
        widget=FilteredSelectMultiple("élèves", is_stacked=False),
    )
    include_pupils = forms.BooleanField(label="Courriers des élèves", required=False, initial=True)
    include_guardians = forms.BooleanField(label="Courriers des responsables légaux (un par enfant)", required=False, initial=True)
    send_email = forms.BooleanField(
        label="Envoyer aussi chaque courrier par courriel aux responsables dont l'adresse est connue",
        required=False,
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = Establishment.objects.all()
        if not user.is_superuser:
            self.fields["establishment"].queryset = Establishment.objects.filter(pk=user.establishment_id)
            self.fields["establishment"].initial = user.establishment_id
            self.fields["establishment"].widget = forms.HiddenInput()
        self.fields["division"].queryset = scoped(Division.objects.all(), user).order_by("code")
        self.fields["pupils"].queryset = scoped(Pupil.objects.select_related("division"), user).order_by(
            "last_name", "first_name"
        )


@admin.register(LetterBatch)
class LetterBatchAdmin(ScopedAdmin):
    list_display = ("__str__", "status_badge", "progress_cell", "created_by", "created_at", "pdf_cell")
    list_filter = ("status", "scope")
    list_select_related = ("created_by",)
    change_list_template = "admin/activation/letterbatch/change_list.html"

    @admin.display(description="État")
    def status_badge(self, obj):
        kind = {"done": "success", "failed": "error", "running": "info"}.get(obj.status, "neutral")
        return format_html('<span class="cartable-badge cartable-badge--{}">{}</span>', kind, obj.get_status_display())

    @admin.display(description="Progression")
    def progress_cell(self, obj):
        return format_html('<progress max="100" value="{}">{} %</progress> {} / {}', obj.percent, obj.percent,
                           obj.processed, obj.total)

    @admin.display(description="PDF")
    def pdf_cell(self, obj):
        if obj.pdf_available:
            return format_html('<a href="{}">Télécharger</a>', reverse("admin:activation_letterbatch_pdf", args=[obj.pk]))
        if obj.pdf_deleted_at:
            return "Supprimé"
        return "—"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:batch_id>/pdf/", wrap(self.pdf_view), name="activation_letterbatch_pdf"),
            path("<int:batch_id>/pdf/supprimer/", wrap(self.pdf_delete_view), name="activation_letterbatch_pdf_delete"),
            path("tableau-de-bord/", wrap(self.dashboard_view), name="activation_dashboard"),
            *super().get_urls(),
        ]

    def _batch_or_404(self, request, batch_id) -> LetterBatch:
        batch = self.get_queryset(request).filter(pk=batch_id).first()
        if batch is None or not self.has_view_permission(request, batch):
            raise Http404("Lot introuvable.")
        return batch

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = LetterBatchCreateForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                batch = letter_batch_create(
                    establishment=data["establishment"], created_by=request.user, scope=data["scope"],
                    division=data["division"], level=data["level"] or "", pupils=data["pupils"],
                    include_pupils=data["include_pupils"], include_guardians=data["include_guardians"],
                    send_email=data["send_email"],
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            else:
                messages.success(request, "La génération des courriers a commencé.")
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
            "pdf_url": reverse("admin:activation_letterbatch_pdf", args=[batch.pk]) if batch.pdf_available else "",
        }
        return TemplateResponse(request, "admin/activation/letterbatch/progress.html", context)

    def pdf_view(self, request, batch_id):
        batch = self._batch_or_404(request, batch_id)
        path_ = letter_batch_pdf_path(batch)
        if path_ is None:
            raise Http404("Ce PDF n'est plus disponible : générez un nouveau lot si besoin.")
        audit_record(
            action=AuditAction.LETTERS_PDF_DOWNLOADED, actor=request.user, target=batch, establishment=batch.establishment,
            ip_address=client_ip(request),
        )
        response = FileResponse(path_.open("rb"), as_attachment=True, filename=f"courriers-{batch.pk}.pdf",
                                content_type="application/pdf")
        response["Cache-Control"] = "no-store"
        return response

    def pdf_delete_view(self, request, batch_id):
        if request.method != "POST":
            return redirect("admin:activation_letterbatch_change", batch_id)
        batch = self._batch_or_404(request, batch_id)
        letter_batch_pdf_delete(batch=batch)
        audit_record(
            action=AuditAction.LETTERS_PDF_DELETED, actor=request.user, target=batch, establishment=batch.establishment,
            ip_address=client_ip(request),
        )
        messages.success(request, "Le PDF a été supprimé du serveur.")
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
            "locks": list(active_locks(locks=scoped(FirstConnectionLock.objects.all(), request.user))),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/activation/dashboard.html", context)


# --- Letters ----------------------------------------------------------------------------------


class LetterStateFilter(admin.SimpleListFilter):
    title = "état"
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return [("attente", "En attente de première connexion"), ("utilise", "Utilisé"),
                ("expire", "Expiré"), ("annule", "Annulé (réédité)")]

    def queryset(self, request, queryset):
        now = timezone.now()
        value = self.value()
        if value == "attente":
            return queryset.live(now)
        if value == "utilise":
            return queryset.filter(used_at__isnull=False)
        if value == "expire":
            return queryset.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now)
        if value == "annule":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


class LetterDivisionFilter(admin.SimpleListFilter):
    title = "classe"
    parameter_name = "classe"

    def lookups(self, request, model_admin):
        return [(d.pk, d.code) for d in scoped(Division.objects.all(), request.user).order_by("code")]

    def queryset(self, request, queryset):
        return queryset.filter(division_id=self.value()) if self.value() else queryset


@admin.register(Letter)
class LetterAdmin(ScopedAdmin):
    list_display = ("identifier", "pupil", "kind", "recipient", "division", "state_cell", "created_at", "expires_at")
    list_filter = (LetterStateFilter, LetterDivisionFilter, "kind")
    list_select_related = ("pupil", "recipient", "division")
    search_fields = ("identifier", "pupil__last_name", "pupil__first_name", "recipient__last_name")
    actions = ["reset_letters_accounts"]
    readonly_fields = ("identifier", "kind", "pupil", "recipient", "division", "batch", "created_at",
                       "expires_at", "used_at", "revoked_at", "swept_at", "emailed_at", "state_cell")
    fields = readonly_fields

    @admin.display(description="état")
    def state_cell(self, obj):
        return obj.state_label

    def has_add_permission(self, request):
        return False

    @admin.action(description="Réinitialiser le compte (nouveau courrier)", permissions=["view"])
    def reset_letters_accounts(self, request, queryset):
        establishment = _request_establishment(request)
        letters = list(queryset.select_related("establishment", "account"))
        if establishment is None:
            establishments = {letter.establishment for letter in letters}
            if len(establishments) != 1:
                messages.error(request, "Choisissez des courriers d'un seul établissement.")
                return None
            establishment = establishments.pop()
        accounts = [letter.account for letter in letters if letter.account is not None]
        if not accounts:
            messages.error(request, "Ces comptes ont été supprimés : générez un nouveau courrier pour l'élève.")
            return None
        return _reset_and_redirect(request, accounts, establishment)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("activation.add_letterbatch"):
            actions.pop("reset_letters_accounts", None)
        return actions


# --- Locks ------------------------------------------------------------------------------------


@admin.register(FirstConnectionLock)
class FirstConnectionLockAdmin(ScopedAdmin):
    list_display = ("letter", "account", "reason", "failures", "ip_address", "created_at", "locked_until", "active")
    list_select_related = ("letter__pupil", "account")
    actions = ["unlock"]

    @admin.display(description="en cours", boolean=True)
    def active(self, obj):
        return obj.locked_until > timezone.now()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("activation.delete_firstconnectionlock") and self._in_scope(request, obj)

    @admin.action(description="Débloquer", permissions=["delete"])
    def unlock(self, request, queryset):
        now = timezone.now()
        for lock in queryset:
            audit_record(
                action=AuditAction.FIRST_CONNECTION_UNLOCKED, actor=request.user, target=lock.letter or lock.account,
                establishment=lock.establishment, ip_address=client_ip(request),
                details={"reason": lock.reason, "ip": lock.ip_address},
            )
        queryset.filter(locked_until__gt=now).update(locked_until=now)
        messages.success(request, "Les courriers choisis sont débloqués.")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


# --- FranceConnect links ------------------------------------------------------------------------
# allauth registers its social-account admins for every staff member, unscoped: FranceConnect links
# are for superusers only; tokens are never stored and the FranceConnect app comes from the
# settings, so those two admins go.

class FranceConnectAccountAdmin(SuperuserOnlyMixin, SocialAccountAdmin):
    pass


for _model in (SocialAccount, SocialApp, SocialToken):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
admin.site.register(SocialAccount, FranceConnectAccountAdmin)
