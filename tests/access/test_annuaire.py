"""The annuaire and the carnet's id-less URLs: login required; a family never finds, saves or
writes to someone the rules hide (another school's parent, posted by id)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from messagerie.models import Contact

URLS = ("messagerie:annuaire", "messagerie:carnet", "messagerie:carnet_add")


@pytest.mark.parametrize("name", URLS)
def test_anonymous_goes_to_the_login(client, world, name):
    for method in (client.get, client.post):
        response = method(reverse(name))
        assert response.status_code in (302, 405)
        if response.status_code == 302:
            assert response.url.startswith(reverse(settings.LOGIN_URL) + "?next=")


def test_a_parent_never_reaches_another_family_through_the_annuaire(client, world):
    client.force_login(world["parent_a"])
    response = client.get(reverse("messagerie:annuaire"), {"q": "parentb"})
    assert response.status_code == 200 and response.context["result"].count == 0
    for target in ("parent_b", "pupil_account_b", "teacher_b"):
        client.post(reverse("messagerie:carnet_add"), {"personne": world[target].pk})
    assert not Contact.objects.filter(owner=world["parent_a"]).exists()
    # The carnet lists only the viewer's own entries (parent B's is in the world).
    page = client.get(reverse("messagerie:carnet"))
    assert page.context["people"] == []
    assert (
        reverse("messagerie:contact_edit", args=[world["contact_b"].pk])
        not in page.content.decode()
    )
