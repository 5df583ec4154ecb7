"""A collège with a 6e and a 5e class, a pupil of 5e with two legal representatives (both with a
confirmed address) and a level-2 person in charge, an open bourse campaign for the 5e level, this
year's barème, and a secretary of the collège."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import GuardianLink, User
from accounts.school import school_role
from core.schoolyear import current_school_year
from demarches.demo import demo_bareme
from demarches.models import Campaign
from tests.factories import (
    DivisionFactory,
    EstablishmentFactory,
    GuardianFactory,
    GuardianLinkFactory,
    PupilFactory,
    UserFactory,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
IBAN = "FR76 3000 6000 0112 3456 7890 189"
BIC = "AGRIFRPP"


def pdf_upload(name: str = "avis.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def confirmed_parent(username: str, email: str) -> User:
    user = UserFactory(
        username=username, profile=User.Profile.PARENT, email=email, accepted_charter_version=99
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture(autouse=True)
def _eager_tasks(settings):
    # With REDIS_URL set Celery is not eager: the opening notices and the mails through the outbox
    # must still run here.
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def bourse(db):
    return make_bourse()


def make_bourse() -> SimpleNamespace:
    school = EstablishmentFactory(uai="0860777B", name="Collège Jean Moulin")
    cinquieme = DivisionFactory(establishment=school, code="5 A", level="5")
    other_cinquieme = DivisionFactory(establishment=school, code="5 B", level="5")
    sixieme = DivisionFactory(establishment=school, code="6 A", level="6")
    pupil = PupilFactory(establishment=school, division=cinquieme, first_name="Léa")
    sixth = PupilFactory(establishment=school, division=sixieme, first_name="Hugo")
    classmate = PupilFactory(establishment=school, division=other_cinquieme, first_name="Zoé")
    mother = confirmed_parent("m.mere", "mere@example.org")
    father = confirmed_parent("p.pere", "pere@example.org")
    carer = confirmed_parent("c.garde", "garde@example.org")
    classmate_parent = confirmed_parent("z.parent", "zoe@example.org")
    for account, level in (
        (mother, GuardianLink.Level.LEGAL),
        (father, GuardianLink.Level.LEGAL),
        (carer, GuardianLink.Level.IN_CHARGE),
    ):
        guardian = GuardianFactory(establishment=school, account=account)
        GuardianLinkFactory(guardian=guardian, pupil=pupil, level=level)
    sixth_guardian = GuardianFactory(establishment=school, account=mother)
    GuardianLinkFactory(guardian=sixth_guardian, pupil=sixth)
    GuardianLinkFactory(
        guardian=GuardianFactory(establishment=school, account=classmate_parent), pupil=classmate
    )
    now = timezone.now()
    year = current_school_year()
    campaign = Campaign.objects.create(
        establishment=school,
        service=Campaign.Service.BOURSE,
        school_year=year,
        opens_at=now - datetime.timedelta(days=2),
        closes_at=now + datetime.timedelta(days=20),
        levels="5",
        message="Pensez à votre avis d'imposition.",
    )
    bareme = demo_bareme(school, year)
    secretary = UserFactory(
        username="s.secretariat",
        profile=User.Profile.PERSONNEL,
        establishment=school,
        is_staff=True,
        accepted_charter_version=99,
    )
    secretary.user_permissions.add(*Permission.objects.filter(content_type__app_label="demarches"))
    return SimpleNamespace(
        school=school,
        cinquieme=cinquieme,
        sixieme=sixieme,
        pupil=pupil,
        sixth=sixth,
        classmate=classmate,
        mother=mother,
        father=father,
        carer=carer,
        classmate_parent=classmate_parent,
        campaign=campaign,
        bareme=bareme,
        secretary=secretary,
        year=year,
        role=lambda user: school_role(user),
    )


def filled_draft(bourse, user=None, *, income="11850", children=2):
    """A draft with every step done, filed by ``user`` (the mother by default)."""
    from core.uploads import PROOFS, upload_check
    from demarches.services import bourse_draft_save

    user = user or bourse.mother
    upload = pdf_upload()
    checked = upload_check(upload, allowed=PROOFS, max_bytes=5_000_000)
    return bourse_draft_save(
        role=school_role(user),
        actor=user,
        pupil=bourse.pupil,
        campaign=bourse.campaign,
        values={
            "dependent_children": children,
            "reference_income": Decimal(income),
            "iban": IBAN.replace(" ", ""),
            "bic": BIC,
            "account_holder": "Marie Martin",
        },
        document=upload,
        checked=checked,
    )


@pytest.fixture
def orientation(db):
    return make_orientation()


def make_orientation() -> SimpleNamespace:
    """A collège with 3 A and 3 B: Loïc (3 A) has two legal representatives, a person in charge
    and his own account; Inès (3 B) another parent. Mme Prof is professeur principal of 3 A,
    M. Autre of 3 B, Mme Direction is the direction. Both phases' campaigns are open for the 3e."""
    from accounts.models import StaffMember
    from tests.factories import StaffMemberFactory

    school = EstablishmentFactory(uai="0860888C", name="Collège Victor Hugo")
    troisieme_a = DivisionFactory(establishment=school, code="3 A", level="3")
    troisieme_b = DivisionFactory(establishment=school, code="3 B", level="3")
    pupil_account = UserFactory(
        username="l.eleve", profile=User.Profile.ELEVE, accepted_charter_version=99
    )
    pupil = PupilFactory(
        establishment=school,
        division=troisieme_a,
        first_name="Loïc",
        last_name="BARON",
        account=pupil_account,
    )
    classmate = PupilFactory(
        establishment=school, division=troisieme_a, first_name="Jade", last_name="ADAM"
    )
    other = PupilFactory(establishment=school, division=troisieme_b, first_name="Inès")
    mother = confirmed_parent("o.mere", "omere@example.org")
    father = confirmed_parent("o.pere", "opere@example.org")
    carer = confirmed_parent("o.garde", "ogarde@example.org")
    other_parent = confirmed_parent("o.autre", "oautre@example.org")
    for account, level in (
        (mother, GuardianLink.Level.LEGAL),
        (father, GuardianLink.Level.LEGAL),
        (carer, GuardianLink.Level.IN_CHARGE),
    ):
        guardian = GuardianFactory(establishment=school, account=account)
        GuardianLinkFactory(guardian=guardian, pupil=pupil, level=level)
    GuardianLinkFactory(
        guardian=GuardianFactory(establishment=school, account=other_parent), pupil=other
    )

    def staff(username, function, main=None):
        account = UserFactory(
            username=username,
            profile=User.Profile.PERSONNEL,
            establishment=school,
            accepted_charter_version=99,
        )
        member = StaffMemberFactory(establishment=school, account=account, function=function)
        if main is not None:
            member.main_divisions.add(main)
        return account

    principal = staff("p.principal", StaffMember.Function.TEACHER, troisieme_a)
    other_principal = staff("p.autre", StaffMember.Function.TEACHER, troisieme_b)
    direction = staff("d.direction", StaffMember.Function.MANAGEMENT)
    teacher = staff("p.simple", StaffMember.Function.TEACHER)
    now = timezone.now()
    year = current_school_year()
    intentions = Campaign.objects.create(
        establishment=school,
        service=Campaign.Service.ORIENTATION_INTENTIONS,
        school_year=year,
        opens_at=now - datetime.timedelta(days=2),
        closes_at=now + datetime.timedelta(days=20),
        levels="3",
        message="Vos intentions avant le conseil de classe.",
    )
    voeux = Campaign.objects.create(
        establishment=school,
        service=Campaign.Service.ORIENTATION_VOEUX,
        school_year=year,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
        levels="3",
    )
    return SimpleNamespace(
        school=school,
        troisieme_a=troisieme_a,
        troisieme_b=troisieme_b,
        pupil=pupil,
        pupil_account=pupil_account,
        classmate=classmate,
        other=other,
        mother=mother,
        father=father,
        carer=carer,
        other_parent=other_parent,
        principal=principal,
        other_principal=other_principal,
        direction=direction,
        teacher=teacher,
        intentions=intentions,
        voeux=voeux,
        year=year,
    )


def validated_file(o, campaign=None, wishes=(("2gt", ""), ("cap", "Cuisine"))):
    from demarches.services import orientation_save

    return orientation_save(
        role=school_role(o.mother),
        actor=o.mother,
        pupil=o.pupil,
        campaign=campaign or o.intentions,
        wishes=list(wishes),
        comment="Il aime la cuisine.",
        validate=True,
    )
