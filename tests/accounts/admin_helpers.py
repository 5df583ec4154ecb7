"""Helpers of the secretariat's admin tests (the fixtures are in conftest.py)."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

SECRETARIAT_PERMISSIONS = (
    "view_user",
    "change_user",
    "delete_user",
    "view_pupil",
    "change_pupil",
    "view_guardian",
    "change_guardian",
    "view_guardianlink",
    "view_staffmember",
    "add_staffmember",
    "change_staffmember",
    "view_division",
    "view_establishment",
    "change_establishment",
    "view_auditevent",
    "view_reservedidentifier",
    "view_charteracceptance",
)


def grant_secretariat(user):
    group, _ = Group.objects.get_or_create(name="Secrétariat")
    group.permissions.set(Permission.objects.filter(codename__in=SECRETARIAT_PERMISSIONS))
    user.groups.add(group)
    return user


ACCOUNTS_URL = reverse("admin:accounts_user_changelist")


def change_url(account):
    return reverse("admin:accounts_user_change", args=[account.pk])


def listed_usernames(response):
    return {account.username for account in response.context["cl"].result_list}


# -- the list, search and filters -------------------------------------------------------------------


def secretary_post(account, **overrides):
    data = {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "state": account.state,
        "is_active": "on",
        "_save": "Enregistrer",
    }
    data.update(overrides)
    return data
