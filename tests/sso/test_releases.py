"""What ``<cas:user>`` and the attributes say about each profile, and the registry that lets
higher apps add their own."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import User
from sso import attributes
from sso.attributes import identity_of, released_attributes
from sso.models import RegisteredService
from tests.factories import (
    EstablishmentFactory,
    GuardianFactory,
    GuardianLinkFactory,
    PupilFactory,
    StaffMemberFactory,
    UserFactory,
)

from .conftest import PRONOTE, logged_in

pytestmark = pytest.mark.django_db


def service(**fields) -> RegisteredService:
    return RegisteredService(
        name="Pronote", url=PRONOTE, attribute_profile="pronote", identity_mode="login", **fields
    )


def test_pronote_attributes_of_a_parent(parent_with_children):
    guardian = parent_with_children.guardian_records.get()
    guardian.postal_code = "86100"
    guardian.save()
    assert released_attributes(parent_with_children, service()) == {
        "nom": ["MARTIN"],
        "prenom": ["Sophie"],
        "codePostal": ["86100"],
        "categories": ["National_2"],
    }


def test_pronote_attributes_of_a_pupil_with_the_legal_guardians_postal_code(establishment):
    account = UserFactory(profile=User.Profile.ELEVE)
    pupil = PupilFactory(
        establishment=establishment,
        last_name="DURAND",
        first_name="Léa",
        birth_date=datetime.date(2013, 12, 1),
        account=account,
    )
    GuardianLinkFactory(
        pupil=pupil, guardian=GuardianFactory(establishment=establishment, postal_code="86000")
    )
    assert released_attributes(account, service()) == {
        "nom": ["DURAND"],
        "prenom": ["Léa"],
        "dateNaissance": ["01/12/2013"],
        "codePostal": ["86000"],
        "categories": ["National_1"],
    }


@pytest.mark.parametrize(
    ("profile", "category"),
    [
        (User.Profile.ENSEIGNANT, "National_3"),
        (User.Profile.PERSONNEL, "National_4"),
        (User.Profile.REGION, "National_4"),
    ],
)
def test_pronote_attributes_of_staff(establishment, profile, category):
    account = UserFactory(profile=profile, establishment=establishment)
    StaffMemberFactory(
        establishment=establishment,
        last_name="PROF",
        first_name="Jean",
        birth_date=datetime.date(1980, 5, 17),
        account=account,
    )
    released = released_attributes(account, service())
    assert released["categories"] == [category]
    assert released["dateNaissance"] == ["17/05/1980"]
    assert released["nom"] == ["PROF"]


def test_the_record_of_the_services_establishment_is_used(establishment):
    other = EstablishmentFactory()
    account = UserFactory(profile=User.Profile.ENSEIGNANT)
    StaffMemberFactory(establishment=other, last_name="AILLEURS", account=account)
    StaffMemberFactory(establishment=establishment, last_name="ICI", account=account)
    assert released_attributes(account, service(establishment=establishment))["nom"] == ["ICI"]


def test_default_profile_and_login_identity(teacher):
    default = RegisteredService(name="x", url=PRONOTE, attribute_profile="default")
    assert released_attributes(teacher, default) == {"profile": ["enseignant"]}
    assert identity_of(teacher, default) == "j.prof"


def test_pronote_attributes_cost_at_most_two_queries(
    parent_with_children, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        released_attributes(parent_with_children, service())


@pytest.fixture
def linked_mode():
    """An identity mode registered by a higher app, as pronote_bridge does."""
    attributes.register_identity_mode(
        "test_linked",
        "Identifiant relié (test)",
        lambda user, svc: "LINK-" + user.username if user.first_name == "Jean" else None,
    )
    yield
    attributes._IDENTITY_MODES.pop("test_linked")


def test_a_registered_identity_mode_is_a_choice_without_migration(linked_mode):
    field = RegisteredService._meta.get_field("identity_mode")
    assert ("test_linked", "Identifiant relié (test)") in list(field.choices)
    RegisteredService(name="x", url=PRONOTE, identity_mode="test_linked").full_clean(
        exclude=["profiles"]
    )


def test_a_user_without_identity_for_the_service_gets_no_ticket(
    linked_mode, pronote, parent_with_children, teacher
):
    pronote.identity_mode = "test_linked"
    pronote.save()
    refused = logged_in(parent_with_children).get(reverse("sso:cas_login"), {"service": PRONOTE})
    assert refused.status_code == 403
    assert "pas encore relié à cette application" in refused.content.decode()
    from .conftest import CAS, login_ticket, validate

    ticket = login_ticket(logged_in(teacher))
    success = validate(PRONOTE, ticket).find(f"{CAS}authenticationSuccess")
    assert success.findtext(f"{CAS}user") == "LINK-j.prof"
