"""The e-mail addresses the portal accepts to mail: public domains only."""

import pytest
from django.core.exceptions import ValidationError

from core.forms import PublicEmailField
from core.validators import validate_public_email

REFUSED = [
    "a@localhost",
    "a@LOCALHOST.",
    "a@poste.localhost",
    "a@[127.0.0.1]",
    "a@127.0.0.1",
    "a@[IPv6:::1]",
    "a@10.0.0.12",
    "a@intranet",
]


@pytest.mark.parametrize("address", REFUSED)
def test_local_and_ip_addresses_are_refused(address):
    with pytest.raises(ValidationError) as exc:
        validate_public_email(address)
    assert exc.value.code == "invalid"
    with pytest.raises(ValidationError):
        PublicEmailField().clean(address)


@pytest.mark.parametrize("address", ["sophie@example.org", "a.b@ac-poitiers.fr", "x@sub.dom.re"])
def test_public_addresses_pass(address):
    validate_public_email(address)
    assert PublicEmailField().clean(address) == address
