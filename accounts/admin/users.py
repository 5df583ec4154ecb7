"""Accounts ("Comptes"): search by name, identifier, INE or class; state changes through the
account lifecycle; actions of the apps above (``register_account_action``)."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from core.http import client_ip

from ..audit import AuditAction
from ..lifecycle import Audit, account_admin_save, account_password_set
from ..models import Establishment, Guardian, Pupil, User
from .base import EstablishmentScopedAdminMixin, scope_queryset
from .display import (
    SHORT_PROFILE_LABELS,
    _roster_prefetches,
    admin_link,
    pupil_label,
    short_date,
    state_badge,
)
from .filters import (
    AccountEstablishmentListFilter,
    DivisionListFilter,
    accounts_in_divisions_q,
    divisions_matching,
)

# Fields a non-superuser never changes on an account: no escalation, no move to another school,
# and the identity that comes from the roster stays the roster's.
ACCOUNT_PROTECTED_FIELDS = (
    "username",
    "profile",
    "establishment",
    "is_staff",
    "is_superuser",
    "groups",
    "user_permissions",
)


@dataclass(frozen=True)
class AccountAction:
    name: str  # the value posted by the list's action menu
    function: Callable[..., Any]  # (modeladmin, request, queryset), like any admin action
    description: str
    allowed: Callable[[HttpRequest], bool]


_ACCOUNT_ACTIONS: list[AccountAction] = []


def register_account_action(
    name: str,
    function: Callable[..., Any],
    *,
    description: str,
    allowed: Callable[[HttpRequest], bool],
) -> None:
    """Adds an action to the accounts list, for the apps above accounts (activation: "Réinitialiser
    le compte (nouveau courrier)"), shown to those ``allowed`` says may use it. Accounts never
    imports them: they register from their own admin module."""
    if all(action.name != name for action in _ACCOUNT_ACTIONS):
        _ACCOUNT_ACTIONS.append(
            AccountAction(name=name, function=function, description=description, allowed=allowed)
        )


_password_request: ContextVar[HttpRequest] = ContextVar("account_admin_password_request")


class AccountPasswordForm(AdminPasswordChangeForm):
    """Sets the password (or none usable) through the lifecycle: every session of the account
    ends, and the audit record says who did it."""

    def audit(self) -> Audit:
        raise NotImplementedError

    def save(self, commit: bool = True) -> User:
        password = (
            self.cleaned_data["password1"]
            if self.cleaned_data.get("set_usable_password", True)
            else None
        )
        return account_password_set(account=self.user, password=password, audit=self.audit())


@admin.register(User)
class AccountAdmin(EstablishmentScopedAdminMixin, DjangoUserAdmin):
    audit_name = "account"
    list_display = (
        "identifier",
        "full_name",
        "profile_column",
        "state_column",
        "roster_column",
        "last_login_column",
    )
    superuser_list_display = ("establishment_column",)
    superuser_list_filter = (AccountEstablishmentListFilter, "is_staff", "is_superuser")
    list_filter = (DivisionListFilter, "state", "profile")
    # INE and class are matched exactly in get_search_results (a pupil's or a child's).
    search_fields = ("username", "first_name", "last_name", "email")
    list_select_related = ("establishment",)
    list_display_links = ("identifier",)
    ordering = ("last_name", "first_name", "username")
    readonly_fields = (
        "identifier",
        "roster_identity",
        "state_changed_at",
        "last_login",
        "date_joined",
    )
    fieldsets = (
        ("Identité", {"fields": ("username", "first_name", "last_name", "email")}),
        (
            "Profil et état",
            {"fields": ("profile", "state", "state_changed_at", "is_active", "establishment")},
        ),
        ("Dans la base élèves", {"fields": ("roster_identity",)}),
        (
            "Droits d'administration",
            {
                "fields": ("is_staff", "is_superuser", "groups", "user_permissions"),
                "classes": ("collapse",),
            },
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "profile",
                    "establishment",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(*_roster_prefetches(request.user))

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is None:
            return ()
        if not request.user.is_superuser:
            fields += ACCOUNT_PROTECTED_FIELDS
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        # Read-only, the identifier is shown without the input rules of the username field.
        return [
            (
                title,
                {
                    **options,
                    "fields": tuple(
                        "identifier" if f == "username" else f for f in options["fields"]
                    ),
                },
            )
            for title, options in fieldsets
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "username" in form.base_fields:
            form.base_fields["username"].label = "Identifiant"
        return form

    def has_add_permission(self, request):
        # Accounts are made from the SIECLE/STS roster and the letters, not by hand.
        return request.user.is_superuser and super().has_add_permission(request)

    def _protected_account(self, request, obj) -> bool:
        # A secretary can't take over a staff account (change its e-mail, then recover it).
        return (
            obj is not None and not request.user.is_superuser and (obj.is_staff or obj.is_superuser)
        )

    def has_change_permission(self, request, obj=None):
        if self._protected_account(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._protected_account(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            # Bulk delete would bypass the per-account protections above.
            actions.pop("delete_selected", None)
        for action in _ACCOUNT_ACTIONS:
            if action.allowed(request):
                actions[action.name] = (action.function, action.name, action.description)
        return actions

    def user_change_password(self, request, id, form_url=""):
        # Secretaries reissue a letter instead; only a superuser sets a password by hand.
        if not request.user.is_superuser:
            raise PermissionDenied
        token = _password_request.set(request)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _password_request.reset(token)

    @property
    def change_password_form(self):  # type: ignore[override]
        """Django's form, whose save goes through the lifecycle with this request's audit."""
        request = _password_request.get()
        admin = self

        class PasswordForm(AccountPasswordForm):
            def audit(self) -> Audit:
                return Audit(
                    action=AuditAction.ADMIN_ACCOUNT_PASSWORD,
                    actor=request.user,
                    establishment=admin._audit_establishment(request, self.user),
                    ip=client_ip(request),
                )

        return PasswordForm

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return results, may_have_duplicates
        # INE (a pupil's, or a child's for a guardian) and class code, matched exactly.
        pupils = scope_queryset(Pupil.objects.all(), request.user)
        by_ine = pupils.filter(ine__iexact=term)
        divisions = divisions_matching(term, request.user)
        extra = (
            Q(pk__in=by_ine.values("account_id"))
            | Q(pk__in=Guardian.objects.filter(links__pupil__in=by_ine).values("account_id"))
            | accounts_in_divisions_q(divisions)
        )
        matching = Q(pk__in=results.values("pk")) | extra
        return queryset.filter(matching), False

    def save_model(self, request, obj, form, change):
        # The form holds the typed values; the lifecycle dates a change of state, ends the
        # sessions of an account closed or deactivated, saves and writes the audit record.
        if not change and not request.user.is_superuser:
            obj.establishment_id = request.user.establishment_id
        account_admin_save(
            account=obj,
            created=not change,
            changed=form.changed_data,
            previous_state=form.initial.get("state"),
            audit=Audit(
                action=self._audit_action("change" if change else "add"),
                actor=request.user,
                establishment=self._audit_establishment(request, obj),
                ip=client_ip(request),
            ),
        )

    def _audit_establishment(self, request, obj):
        if obj.establishment_id:
            return Establishment(pk=obj.establishment_id)
        roster = [
            *filter(None, [getattr(obj, "roster_pupil", None)]),
            *getattr(obj, "roster_guardians", []),
            *getattr(obj, "roster_staff", []),
        ]
        if roster:
            return Establishment(pk=roster[0].establishment_id)
        return super()._audit_establishment(request, obj)

    @admin.display(description="nom", ordering="last_name")
    def full_name(self, obj):
        return f"{obj.last_name.upper()} {obj.first_name}".strip()

    @admin.display(description="profil", ordering="profile")
    def profile_column(self, obj):
        return SHORT_PROFILE_LABELS.get(obj.profile, obj.get_profile_display())

    @admin.display(description="dernière connexion", ordering="last_login")
    def last_login_column(self, obj):
        return short_date(obj.last_login, with_time=True) if obj.last_login else "jamais"

    @admin.display(description="identifiant", ordering="username")
    def identifier(self, obj):
        return obj.username

    @admin.display(description="état", ordering="state")
    def state_column(self, obj):
        return state_badge(obj)

    @admin.display(description="dans la base élèves")
    def roster_column(self, obj):
        return self._roster_html(obj, links=False)

    @admin.display(description="fiches de la base élèves")
    def roster_identity(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return self._roster_html(obj, links=True)

    def _roster_html(self, obj, *, links: bool) -> str:
        """Who the account is in the roster. In the list (``links=False``) the account's own name
        is already beside it: only class, INE and children are said."""
        lines = []
        pupil = getattr(obj, "roster_pupil", None)
        if pupil is not None:
            division = pupil.division.code if pupil.division_id else "sans classe"
            if links:
                lines.append(
                    format_html(
                        "Élève {} · classe {} · INE {}",
                        admin_link(pupil, str(pupil)),
                        division,
                        pupil.ine or "—",
                    )
                )
            else:
                lines.append(format_html("Élève · {} · INE {}", division, pupil.ine or "—"))
        for guardian in getattr(obj, "roster_guardians", []):
            children = (
                ", ".join(pupil_label(link.pupil) for link in guardian.links.all())
                or "aucun enfant"
            )
            if links:
                lines.append(
                    format_html(
                        "Responsable ({}) de : {}", admin_link(guardian, str(guardian)), children
                    )
                )
            else:
                lines.append(format_html("Responsable de : {}", children))
        for staff in getattr(obj, "roster_staff", []):
            function = staff.get_function_display() or "fonction non renseignée"
            if links:
                lines.append(
                    format_html("Personnel : {} · {}", admin_link(staff, str(staff)), function)
                )
            else:
                lines.append(format_html("Personnel · {}", function))
        if not lines:
            return "Aucune fiche"
        return format_html_join("", "<div>{}</div>", ((line,) for line in lines))
