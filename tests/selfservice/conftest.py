"""Mon compte's tests print letters too (a regroupement with the other account's letter): they use
the letters' fixtures."""

import pytest
from allauth.account.models import EmailAddress

from accounts.models import GuardianLink, User
from activation.models import Letter
from tests.activation.letters.conftest import (  # noqa: F401 - fixtures
    _letters_dir,
    generate,
    pdf_credentials,
    school,
    secretariat,
)
from tests.factories import (
    DivisionFactory,
    GuardianFactory,
    GuardianLinkFactory,
    LetterFactory,
    ProvisionalUserFactory,
    PupilFactory,
    UserFactory,
)

from .merge_helpers import accepted


@pytest.fixture(autouse=True)
def _eager_tasks(settings):
    # With REDIS_URL set Celery is not eager: mails through the outbox must still be sent here.
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def family(establishment):
    """Sophie MARTIN known twice in SIECLE (two PERSONNE_ID, one per child, as in the seed's
    "cri" and "cri1"): her activated account s.martin (Dylan) and a letter for s.martin2 (Florian).
    Marc MARTIN is the other responsable légal of Dylan; Paul DURAND a stranger; d.martin a pupil."""
    c4 = DivisionFactory(establishment=establishment, code="4 C", level="4")
    c6 = DivisionFactory(establishment=establishment, code="6 A", level="6")
    dylan = PupilFactory(
        establishment=establishment, division=c4, first_name="Dylan", last_name="MARTIN"
    )
    florian = PupilFactory(
        establishment=establishment, division=c6, first_name="Florian", last_name="MARTIN"
    )
    lea = PupilFactory(
        establishment=establishment, division=c6, first_name="Léa", last_name="DURAND"
    )

    sophie = accepted(
        UserFactory(
            username="s.martin", first_name="Sophie", last_name="Martin", email="sophie@example.org"
        )
    )
    EmailAddress.objects.create(
        user=sophie, email="sophie@example.org", verified=True, primary=True
    )
    g1 = GuardianFactory(
        establishment=establishment, first_name="Sophie", last_name="MARTIN", account=sophie
    )
    GuardianLinkFactory(pupil=dylan, guardian=g1, rank=1)

    other = ProvisionalUserFactory(
        username="s.martin2", first_name="Sophie", last_name="Martin", profile=User.Profile.PARENT
    )
    g2 = GuardianFactory(
        establishment=establishment,
        first_name="SOPHIE",
        last_name="Martin",
        email="sophie.pro@example.org",
        account=other,
    )
    GuardianLinkFactory(pupil=florian, guardian=g2, rank=1)
    letter = LetterFactory(pupil=florian, account=other, kind=Letter.Kind.GUARDIAN, recipient=g2)

    marc = accepted(
        UserFactory(
            username="m.martin", first_name="Marc", last_name="Martin", email="marc@example.org"
        )
    )
    g3 = GuardianFactory(
        establishment=establishment,
        civility="M.",
        first_name="Marc",
        last_name="MARTIN",
        account=marc,
    )
    GuardianLinkFactory(pupil=dylan, guardian=g3, rank=2, parente=GuardianLink.Parente.PERE)

    paul = accepted(UserFactory(username="p.durand", first_name="Paul", last_name="Durand"))
    g4 = GuardianFactory(
        establishment=establishment, first_name="Paul", last_name="DURAND", account=paul
    )
    GuardianLinkFactory(pupil=lea, guardian=g4, rank=1)

    pupil_account = accepted(
        UserFactory(
            username="d.martin", first_name="Dylan", last_name="Martin", profile=User.Profile.ELEVE
        )
    )
    dylan.account = pupil_account
    dylan.save(update_fields=["account"])
    return {
        "sophie": sophie,
        "other": other,
        "letter": letter,
        "marc": marc,
        "paul": paul,
        "pupil": pupil_account,
        "dylan": dylan,
        "florian": florian,
        "lea": lea,
        "g1": g1,
        "g2": g2,
        "g3": g3,
        "g4": g4,
    }


@pytest.fixture
def sophie_client(client, family):
    client.force_login(family["sophie"])
    return client


@pytest.fixture
def parent(parent_with_children):
    """Sophie Martin, charter accepted, with a confirmed e-mail address."""
    parent_with_children.email = "sophie@example.org"
    parent_with_children.accepted_charter_version = 99
    parent_with_children.save()
    EmailAddress.objects.create(
        user=parent_with_children, email="sophie@example.org", verified=True, primary=True
    )
    return parent_with_children


@pytest.fixture
def parent_client(client, parent):
    client.force_login(parent)
    return client
