"""The per-user cache of "Mes applications": fast, but never stale and never another session's token."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import GuardianFactory, GuardianLinkFactory, PupilFactory
from tests.portal.helpers import accept_current_charter, page_text

DASHBOARD = reverse("portal:dashboard")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def browser(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_each_session_gets_its_own_csrf_token_from_the_cached_page(parent_with_children):
    accept_current_charter(parent_with_children)
    first, second = browser(parent_with_children), browser(parent_with_children)
    first.get(DASHBOARD)  # renders and caches the page
    page = second.get(DASHBOARD)  # served from the cache
    tokens = set(TOKEN.findall(page.content.decode()))
    assert tokens and "cartable-csrf-token-placeholder" not in page.content.decode()
    # The token in the cached page is valid for this second session: the logout form works.
    response = second.post(
        reverse("portal:logout_everywhere"), {"csrfmiddlewaretoken": tokens.pop()}
    )
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_a_child_attached_later_shows_at_once(establishment, parent_with_children):
    accept_current_charter(parent_with_children)
    client = browser(parent_with_children)
    assert "Léonie" not in page_text(client.get(DASHBOARD))
    guardian = GuardianFactory(establishment=establishment, account=parent_with_children)
    GuardianLinkFactory(
        pupil=PupilFactory(establishment=establishment, first_name="Léonie"), guardian=guardian
    )
    assert "Léonie" in page_text(client.get(DASHBOARD))


def test_renamed_account_is_not_served_the_old_page(parent_with_children):
    accept_current_charter(parent_with_children)
    client = browser(parent_with_children)
    client.get(DASHBOARD)
    parent_with_children.first_name = "Sophia"
    parent_with_children.save(update_fields=["first_name"])
    assert "Sophia" in page_text(client.get(DASHBOARD))


def test_flash_messages_are_shown_once_and_never_cached(parent_with_children):
    client = browser(parent_with_children)
    page = client.get(reverse("portal:charter"))
    token = TOKEN.search(page.content.decode()).group(1)
    response = client.post(
        reverse("portal:charter"), {"accept": "on", "csrfmiddlewaretoken": token}, follow=True
    )
    assert "Merci, vous avez accepté la charte" in page_text(response)
    assert "Merci, vous avez accepté la charte" not in page_text(client.get(DASHBOARD))
