"""Fiche de renseignements: a form sent empty (or without the mobile) must not wipe the mobile
number that SMS recovery sends its codes to."""

import pytest
from django.urls import reverse

from accounts.models import Guardian

from .test_account import text


@pytest.fixture
def parent(parent_with_children):
    parent_with_children.accepted_charter_version = 99
    parent_with_children.save()
    return parent_with_children


@pytest.fixture
def parent_client(client, parent):
    client.force_login(parent)
    return client


def test_an_empty_fiche_keeps_the_stored_mobile_and_says_it_is_required(parent_client, parent):
    own = Guardian.objects.get(account=parent)
    Guardian.objects.filter(pk=own.pk).update(phone_mobile="+33612345678", city="POITIERS")
    url = reverse("selfservice:fiche_edit", args=[own.pk])
    blank = dict.fromkeys(("phone_mobile", "phone_home", "email", "city", "postal_code"), "")
    for data in ({}, blank):  # nothing sent at all, or every field emptied
        response = parent_client.post(url, data)
        assert response.status_code == 200
        assert "Saisissez le numéro de téléphone portable" in text(response)
        own.refresh_from_db()
        assert str(own.phone_mobile) == "+33612345678" and own.city == "POITIERS"


def test_a_fiche_without_a_stored_mobile_may_stay_without_one(parent_client, parent):
    own = Guardian.objects.get(account=parent)
    Guardian.objects.filter(pk=own.pk).update(phone_mobile="")
    url = reverse("selfservice:fiche_edit", args=[own.pk])
    response = parent_client.post(url, {"city": "POITIERS"})
    assert response.status_code == 302, text(response)
