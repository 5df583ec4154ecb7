"""Establishment, classes, pupils, guardians and staff (read-mostly: SIECLE and STS are the source)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, Prefetch, Q
from django.utils.html import format_html_join

from ..models import Division, Establishment, Guardian, GuardianLink, Pupil
from .base import (
    EstablishmentFieldListFilter,
    EstablishmentScopedAdminMixin,
    ScopedInlineMixin,
    _swap_for_display,
)
from .display import account_cell, pupil_label, short_date
from .filters import (
    AccountPresenceListFilter,
    GuardianDivisionListFilter,
    PupilDivisionListFilter,
    divisions_matching,
)


@admin.register(Establishment)
class EstablishmentAdmin(EstablishmentScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "uai", "city", "kind", "school_year")
    search_fields = ("name", "uai", "city")
    fieldsets = (
        (None, {"fields": ("name", "uai", "kind", "academie", "city", "school_year")}),
        (
            "Vie scolaire",
            {"fields": ("vie_scolaire_phone", "vie_scolaire_fax", "vie_scolaire_email")},
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return ("uai", "kind", "academie")

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(Division)
class DivisionAdmin(EstablishmentScopedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "level", "pupil_count")
    superuser_list_display = ("establishment_column",)
    superuser_list_filter = (("establishment", EstablishmentFieldListFilter),)
    list_filter = ("level",)
    search_fields = ("code",)
    list_select_related = ("establishment",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(pupil_total=Count("pupils"))

    @admin.display(description="élèves", ordering="pupil_total")
    def pupil_count(self, obj):
        return obj.pupil_total

    # Classes come from SIECLE: the secretariat reads them, the import writes them.
    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


# ---------------------------------------------------------------------------------------------
# Pupils and guardians (read-mostly: SIECLE is the source).
# ---------------------------------------------------------------------------------------------

PUPIL_ROSTER_FIELDS = (
    "establishment",
    "siecle_id",
    "elenoet",
    "ine",
    "last_name",
    "usage_name",
    "first_name",
    "second_first_name",
    "birth_date",
    "sex",
    "mef_code",
    "division",
    "entered_on",
    "left_on",
)
GUARDIAN_ROSTER_FIELDS = (
    "establishment",
    "siecle_id",
    "civility",
    "last_name",
    "usage_name",
    "first_name",
    "phone_home",
    "phone_mobile",
    "phone_work",
    "email",
    "accepts_sms",
    "address_lines",
    "postal_code",
    "city",
    "country",
)
LINK_FIELDS = (
    "level",
    "parente",
    "rank",
    "pays_fees",
    "receives_aid",
    "hosts_pupil",
    "priority_contact",
)


class RosterInlineMixin(ScopedInlineMixin):
    """Links come from SIECLE: read-only, no add, no delete for non-superusers."""

    extra = 0

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return _swap_for_display(self.model, fields, fields)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return self.get_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class PupilGuardianLinkInline(RosterInlineMixin, admin.TabularInline):
    model = GuardianLink
    fk_name = "pupil"
    fields = ("guardian", *LINK_FIELDS)
    verbose_name = "responsable"
    verbose_name_plural = "responsables"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("guardian")


class GuardianPupilLinkInline(RosterInlineMixin, admin.TabularInline):
    model = GuardianLink
    fk_name = "guardian"
    fields = ("pupil", *LINK_FIELDS)
    verbose_name = "enfant"
    verbose_name_plural = "enfants"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("pupil")


class ImportedRosterAdminMixin:
    """Pupils and guardians arrive with the SIECLE import: only a superuser adds or deletes one."""

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(Pupil)
class PupilAdmin(ImportedRosterAdminMixin, EstablishmentScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "display_name",
        "division",
        "ine",
        "birth_date_column",
        "account_column",
        "guardians_column",
    )
    superuser_list_display = ("establishment_column",)
    superuser_list_filter = (("establishment", EstablishmentFieldListFilter),)
    list_filter = (PupilDivisionListFilter, AccountPresenceListFilter, "sex")
    search_fields = (
        "last_name",
        "usage_name",
        "first_name",
        "=ine",
        "=siecle_id",
        "=account__username",
    )
    list_select_related = ("division", "account", "establishment")
    raw_id_fields = ("account",)
    inlines = (PupilGuardianLinkInline,)
    fieldsets = (
        (
            "Identité",
            {
                "fields": (
                    "last_name",
                    "usage_name",
                    "first_name",
                    "second_first_name",
                    "birth_date",
                    "sex",
                )
            },
        ),
        (
            "Scolarité",
            {
                "fields": (
                    "establishment",
                    "division",
                    "mef_code",
                    "ine",
                    "siecle_id",
                    "elenoet",
                    "entered_on",
                    "left_on",
                )
            },
        ),
        ("Compte", {"fields": ("account",)}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "guardian_links",
                    queryset=GuardianLink.objects.select_related("guardian").order_by("rank", "pk"),
                )
            )
        )

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return self.with_display_fields(PUPIL_ROSTER_FIELDS)

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return results, may_have_duplicates
        # A class typed as "5 B" or "5b" lists the class.
        by_class = Q(division__in=divisions_matching(search_term, request.user))
        return queryset.filter(Q(pk__in=results.values("pk")) | by_class), False

    @admin.display(description="élève", ordering="last_name")
    def display_name(self, obj):
        return str(obj)

    @admin.display(description="né(e) le", ordering="birth_date")
    def birth_date_column(self, obj):
        return short_date(obj.birth_date)

    @admin.display(description="compte", ordering="account__username")
    def account_column(self, obj):
        return account_cell(obj.account)

    @admin.display(description="responsables")
    def guardians_column(self, obj):
        links = obj.guardian_links.all()
        if not links:
            return "—"
        return format_html_join(
            ", ", "{} ({})", ((str(link.guardian), link.get_level_display()) for link in links)
        )


@admin.register(Guardian)
class GuardianAdmin(ImportedRosterAdminMixin, EstablishmentScopedAdminMixin, admin.ModelAdmin):
    list_display = ("display_name", "phone_mobile", "email", "children_column", "account_column")
    superuser_list_display = ("establishment_column",)
    superuser_list_filter = (("establishment", EstablishmentFieldListFilter),)
    list_filter = (GuardianDivisionListFilter, AccountPresenceListFilter)
    search_fields = (
        "last_name",
        "usage_name",
        "first_name",
        "email",
        "=siecle_id",
        "=account__username",
    )
    list_select_related = ("account", "establishment")
    raw_id_fields = ("account",)
    inlines = (GuardianPupilLinkInline,)
    fieldsets = (
        (
            "Identité",
            {
                "fields": (
                    "civility",
                    "last_name",
                    "usage_name",
                    "first_name",
                    "establishment",
                    "siecle_id",
                )
            },
        ),
        (
            "Coordonnées",
            {
                "fields": (
                    "phone_mobile",
                    "phone_home",
                    "phone_work",
                    "accepts_sms",
                    "email",
                    "address_lines",
                    "postal_code",
                    "city",
                    "country",
                )
            },
        ),
        ("Compte", {"fields": ("account",)}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "links",
                    queryset=GuardianLink.objects.select_related("pupil__division").order_by(
                        "pupil__first_name"
                    ),
                )
            )
        )

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return self.with_display_fields(GUARDIAN_ROSTER_FIELDS)

    @admin.display(description="responsable", ordering="last_name")
    def display_name(self, obj):
        return str(obj)

    @admin.display(description="enfants")
    def children_column(self, obj):
        links = obj.links.all()
        if not links:
            return "—"
        return ", ".join(pupil_label(link.pupil) for link in links)

    @admin.display(description="compte", ordering="account__username")
    def account_column(self, obj):
        return account_cell(obj.account)
