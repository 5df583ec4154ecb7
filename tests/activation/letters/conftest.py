import datetime
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from pypdf import PdfReader

from accounts.models import GuardianLink, User
from tests.factories import (
    DivisionFactory,
    GuardianFactory,
    GuardianLinkFactory,
    ProvisionalUserFactory,
    PupilFactory,
    UserFactory,
)

CREDENTIALS = re.compile(r"Identifiant :\s*(\S+)\s*Mot de passe \* :\s*([A-Z0-9]{8})")


@pytest.fixture(autouse=True)
def _letters_dir(settings, tmp_path):
    settings.ACTIVATION_LETTERS_DIR = tmp_path / "letters"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CARTABLE_PUBLIC_URL = "https://ent.example.fr"
    return settings.ACTIVATION_LETTERS_DIR


@pytest.fixture
def secretariat(establishment):
    user = UserFactory(
        username="a.secretariat",
        first_name="Annie",
        last_name="Secrétariat",
        profile=User.Profile.PERSONNEL,
        establishment=establishment,
        is_staff=True,
    )
    group, _ = Group.objects.get_or_create(name="Secrétariat")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["activation", "selfservice"])
    )
    user.groups.add(group)
    return user


@pytest.fixture
def school(establishment):
    """Class 5 B: Dylan and Florian MARTIN (mother = legal 1 of both, father legal 1 of Dylan,
    a grandmother "personne en charge" who gets no letter), and Léa DURAND; all accounts provisional."""
    division = DivisionFactory(establishment=establishment, code="5 B", level="5")
    other = DivisionFactory(establishment=establishment, code="4 A", level="4")

    def pupil(first, last, div, birth):
        account = ProvisionalUserFactory(
            username=f"{first[0].lower()}.{last.lower()}",
            first_name=first,
            last_name=last.title(),
            profile=User.Profile.ELEVE,
        )
        return PupilFactory(
            establishment=establishment,
            division=div,
            first_name=first,
            last_name=last,
            birth_date=birth,
            account=account,
        )

    dylan = pupil("Dylan", "MARTIN", division, datetime.date(2013, 5, 17))
    florian = pupil("Florian", "MARTIN", other, datetime.date(2014, 9, 2))
    lea = pupil("Léa", "DURAND", division, datetime.date(2013, 1, 30))
    mother_account = ProvisionalUserFactory(
        username="s.martin", first_name="Sophie", last_name="Martin", profile=User.Profile.PARENT
    )
    mother = GuardianFactory(
        establishment=establishment,
        first_name="Sophie",
        last_name="MARTIN",
        email="sophie.martin@example.org",
        address_lines="12 rue des Écoles",
        postal_code="86000",
        city="POITIERS",
        account=mother_account,
    )
    father = GuardianFactory(
        establishment=establishment,
        first_name="Marc",
        last_name="MARTIN",
        civility="M.",
        email="",
        account=None,
    )
    grandmother = GuardianFactory(
        establishment=establishment, first_name="Odette", last_name="MARTIN", account=None
    )
    GuardianLinkFactory(pupil=dylan, guardian=mother, rank=1)
    GuardianLinkFactory(pupil=florian, guardian=mother, rank=1)
    GuardianLinkFactory(pupil=dylan, guardian=father, rank=2, parente=GuardianLink.Parente.PERE)
    GuardianLinkFactory(
        pupil=dylan, guardian=grandmother, level=GuardianLink.Level.IN_CHARGE, rank=None
    )
    return {
        "division": division,
        "other": other,
        "dylan": dylan,
        "florian": florian,
        "lea": lea,
        "mother": mother,
        "father": father,
        "grandmother": grandmother,
    }


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def pdf_credentials(path: Path) -> dict[str, str]:
    """identifier → temporary password, read back from the printed PDF."""
    found = {}
    for text in pdf_text(path):
        match = CREDENTIALS.search(text)
        assert match, text
        found[match.group(1)] = match.group(2)
    return found


@pytest.fixture
def generate(django_capture_on_commit_callbacks, secretariat):
    """Creates a batch through the service and runs it (eager Celery, after commit)."""
    from activation import conf
    from activation.services.letters import letter_batch_create

    def _generate(**kwargs):
        kwargs.setdefault("establishment", secretariat.establishment)
        kwargs.setdefault("created_by", secretariat)
        with django_capture_on_commit_callbacks(execute=True):
            batch = letter_batch_create(**kwargs)
        batch.refresh_from_db()
        path = conf.letters_dir() / batch.pdf_path if batch.pdf_path else None
        return batch, path

    return _generate
