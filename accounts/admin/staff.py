"""Staff from STS-web: the school edits classes, account and departure; STS's values stay STS's."""

from __future__ import annotations

from django.contrib import admin

from ..models import StaffMember
from .base import EstablishmentFieldListFilter, EstablishmentScopedAdminMixin
from .display import account_cell

STAFF_STS_FIELDS = (
    "sts_id",
    "sts_type",
    "civility",
    "last_name",
    "first_name",
    "birth_date",
    "function",
)


@admin.register(StaffMember)
class StaffMemberAdmin(EstablishmentScopedAdminMixin, admin.ModelAdmin):
    list_display = ("last_name", "first_name", "function", "account_column", "left_on")
    superuser_list_display = ("establishment_column",)
    superuser_list_filter = (("establishment", EstablishmentFieldListFilter),)
    list_filter = ("function",)
    search_fields = ("last_name", "first_name", "=sts_id", "=account__username")
    list_select_related = ("account", "establishment")
    raw_id_fields = ("account",)
    filter_horizontal = ("divisions", "main_divisions")
    fields = (
        "establishment",
        *STAFF_STS_FIELDS,
        "divisions",
        "main_divisions",
        "account",
        "left_on",
    )

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        if obj is None:
            return ()
        # Rows imported from STS-web keep STS's values; the school edits classes, account, departure.
        return self.with_display_fields(("establishment", *STAFF_STS_FIELDS))

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if not request.user.is_superuser and request.user.establishment_id:
            initial.setdefault("establishment", request.user.establishment_id)
        return initial

    @admin.display(description="compte", ordering="account__username")
    def account_column(self, obj):
        return account_cell(obj.account)
