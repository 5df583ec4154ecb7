"""axe-core finds no violation on the pages people use: the public pages and every admin page a
secretariat user sees (index, changelists, add and change forms)."""

from __future__ import annotations

import contextlib

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.test import Client
from django.urls import NoReverseMatch, reverse

from accounts.management.commands.load_demo import SECRETARIAT_APPS, SECRETARIAT_PERMISSIONS
from accounts.models import User
from tests.factories import GuardianFactory, GuardianLinkFactory, PupilFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_data"),
]


def _log_in(page, live_server, user) -> None:
    """The browser gets the session of a complete login (password and passcode OTP)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_public_pages_have_no_axe_violation(live_server, browser_page, axe, parent_with_children):
    page = browser_page
    for url in (
        "/",
        reverse("portal:login_educonnect"),
        reverse("portal:login_academic"),
        reverse("activation:first_connection"),
    ):
        page.goto(live_server.url + url)
        axe(page)
    parent_with_children.accepted_charter_version = 99
    parent_with_children.save(update_fields=["accepted_charter_version"])
    _log_in(page, live_server, parent_with_children)
    page.goto(live_server.url + reverse("portal:dashboard"))
    axe(page)


def _grant_demo_secretariat(user) -> None:
    """The permissions of the demo's "Secrétariat" group (load_demo)."""
    wanted = Q(content_type__app_label__in=SECRETARIAT_APPS)
    for app_label, models in SECRETARIAT_PERMISSIONS.items():
        for model, actions in models.items():
            wanted |= Q(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model}" for action in actions],
            )
    group, _ = Group.objects.get_or_create(name="Secrétariat")
    group.permissions.set(Permission.objects.filter(wanted))
    user.groups.add(group)


def _admin_urls(user) -> list[str]:
    request = type("Request", (), {"user": user})()
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        if not model_admin.has_view_or_change_permission(request):
            continue
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(request):
            with contextlib.suppress(NoReverseMatch):
                urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model_admin.get_queryset(type("R", (), {"user": user})()).first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    return urls


def test_every_admin_page_of_the_secretariat_has_no_axe_violation(
    live_server, browser_page, axe, secretary, establishment
):
    _grant_demo_secretariat(secretary)
    secretary.state = User.State.ACTIVE
    secretary.save(update_fields=["state"])
    secretary.accepted_charter_version = 99
    secretary.save(update_fields=["accepted_charter_version"])
    pupil = PupilFactory(establishment=establishment)
    GuardianLinkFactory(guardian=GuardianFactory(establishment=establishment), pupil=pupil)
    page = browser_page
    _log_in(page, live_server, secretary)
    secretary = User.objects.get(pk=secretary.pk)
    failures = []
    for url in _admin_urls(secretary):
        page.goto(live_server.url + url)
        try:
            axe(page)
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n\n".join(failures)
