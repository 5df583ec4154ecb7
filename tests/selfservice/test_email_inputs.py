"""Every e-mail input the portal will mail refuses local and IP addresses: first connection,
e-mail change, fiche de renseignements (``core.validators.validate_public_email``)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Guardian
from activation.forms import FirstConnectionForm
from selfservice.models import EmailChangeRequest
from tests.factories import DEFAULT_PASSWORD

from .test_account import text

LOCAL = ["a@localhost", "a@[127.0.0.1]"]


@pytest.fixture
def parent(parent_with_children):
    parent_with_children.accepted_charter_version = 99
    parent_with_children.save()
    return parent_with_children


@pytest.mark.parametrize("address", LOCAL)
def test_first_connection_refuses_local_addresses(parent, address):
    form = FirstConnectionForm(account=parent)
    for name in ("email", "email2"):
        with pytest.raises(ValidationError):
            form.fields[name].clean(address)


@pytest.mark.parametrize("address", LOCAL)
def test_email_change_refuses_local_addresses(client, parent, address):
    client.force_login(parent)
    response = client.post(
        reverse("selfservice:account_email_change"),
        {"current_password": DEFAULT_PASSWORD, "new_email": address, "new_email2": address},
    )
    assert response.status_code == 200
    assert "Saisissez une adresse électronique valide" in text(response)
    assert not EmailChangeRequest.objects.exists()


@pytest.mark.parametrize("address", LOCAL)
def test_fiche_refuses_local_addresses(client, parent, address):
    client.force_login(parent)
    own = Guardian.objects.get(account=parent)
    response = client.post(
        reverse("selfservice:fiche_edit", args=[own.pk]),
        {"email": address, "phone_mobile": str(own.phone_mobile or "")},
    )
    assert response.status_code == 200
    assert "Saisissez une adresse électronique valide" in text(response)
    own.refresh_from_db()
    assert own.email != address
