import pytest

from activation.franceconnect import guardian_account_for_identity

pytestmark = pytest.mark.django_db

CLAIMS = {
    "given_name": "Sophie Marie",
    "family_name": "MARTIN",
    "email": "sophie.martin@example.org",
}


@pytest.mark.parametrize(
    "claims",
    [
        CLAIMS,
        {**CLAIMS, "given_name": "sophie"},
        {**CLAIMS, "family_name": "Martin", "email": "SOPHIE.MARTIN@example.org"},
        {**CLAIMS, "family_name": "DUPONT", "preferred_username": "Martin"},  # usage name
    ],
)
def test_matches_names_and_email_loosely(sophie, claims):
    assert guardian_account_for_identity(claims) == sophie


def test_accents_and_hyphens_do_not_matter(sophie):
    sophie.guardian_records.update(first_name="Anne-Hélène", last_name="LE GOFF")
    claims = {
        "given_name": "Anne Helene Marie",
        "family_name": "Le-Goff",
        "email": "sophie.martin@example.org",
    }
    assert guardian_account_for_identity(claims) == sophie


@pytest.mark.parametrize(
    "claims",
    [
        {**CLAIMS, "given_name": "Marie Sophie"},  # the roster's first name must come first
        {**CLAIMS, "family_name": "MARTINEZ"},
        {**CLAIMS, "email": "autre@example.org"},
        {**CLAIMS, "email": ""},
        {"email": "sophie.martin@example.org"},
    ],
)
def test_does_not_match(sophie, claims):
    assert guardian_account_for_identity(claims) is None
