"""factory_boy factories for the roster and accounts. Use these; don't build rows by hand."""

import datetime

import factory
from factory.django import DjangoModelFactory

from accounts.models import (
    Division,
    Establishment,
    Guardian,
    GuardianLink,
    Pupil,
    StaffMember,
    Subject,
    TeachingGroup,
    TeachingService,
    User,
)

DEFAULT_PASSWORD = "Cartable-Test-2026!"


class EstablishmentFactory(DjangoModelFactory):
    class Meta:
        model = Establishment
        django_get_or_create = ("uai",)

    uai = factory.Sequence(lambda n: f"{860000 + n:07d}X")
    name = factory.Sequence(lambda n: f"Collège Test {n}")
    academie = "Poitiers"
    city = "Poitiers"
    school_year = 2026
    vie_scolaire_phone = "+33549000000"
    vie_scolaire_email = factory.LazyAttribute(lambda o: f"vie.scolaire.{o.uai}@ac-poitiers.fr")


class DivisionFactory(DjangoModelFactory):
    class Meta:
        model = Division

    establishment = factory.SubFactory(EstablishmentFactory)
    code = factory.Sequence(lambda n: f"5 {chr(65 + n % 26)}{n // 26 or ''}")
    level = "5"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"u.test{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Test{n}")
    profile = User.Profile.PARENT
    state = User.State.ACTIVE
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PupilFactory(DjangoModelFactory):
    class Meta:
        model = Pupil

    establishment = factory.SubFactory(EstablishmentFactory)
    siecle_id = factory.Sequence(lambda n: str(100000 + n))
    ine = factory.Sequence(lambda n: f"{n:09d}AB")
    last_name = factory.Sequence(lambda n: f"ELEVE{n}")
    first_name = "Dylan"
    birth_date = datetime.date(2013, 5, 17)
    sex = Pupil.Sex.MALE
    division = factory.SubFactory(
        DivisionFactory, establishment=factory.SelfAttribute("..establishment")
    )


class GuardianFactory(DjangoModelFactory):
    class Meta:
        model = Guardian

    establishment = factory.SubFactory(EstablishmentFactory)
    siecle_id = factory.Sequence(lambda n: str(500000 + n))
    civility = "Mme"
    last_name = factory.Sequence(lambda n: f"PARENT{n}")
    first_name = "Sophie"
    phone_mobile = factory.Sequence(lambda n: f"+3361{n:07d}")
    email = factory.Sequence(lambda n: f"parent{n}@example.org")


class GuardianLinkFactory(DjangoModelFactory):
    class Meta:
        model = GuardianLink

    pupil = factory.SubFactory(PupilFactory)
    guardian = factory.SubFactory(
        GuardianFactory, establishment=factory.SelfAttribute("..pupil.establishment")
    )
    level = GuardianLink.Level.LEGAL
    parente = GuardianLink.Parente.MERE
    rank = 1


class StaffMemberFactory(DjangoModelFactory):
    class Meta:
        model = StaffMember

    establishment = factory.SubFactory(EstablishmentFactory)
    sts_id = factory.Sequence(lambda n: str(9000 + n))
    last_name = factory.Sequence(lambda n: f"PROF{n}")
    first_name = "Jean"
    function = StaffMember.Function.TEACHER


class SubjectFactory(DjangoModelFactory):
    class Meta:
        model = Subject
        django_get_or_create = ("establishment", "code")

    establishment = factory.SubFactory(EstablishmentFactory)
    code = factory.Sequence(lambda n: f"{20100 + n:06d}")
    label = factory.Sequence(lambda n: f"Matière {n}")


class TeachingGroupFactory(DjangoModelFactory):
    class Meta:
        model = TeachingGroup

    establishment = factory.SubFactory(EstablishmentFactory)
    code = factory.Sequence(lambda n: f"4ESP{n}")
    label = factory.Sequence(lambda n: f"Espagnol LV2 groupe {n}")


class TeachingServiceFactory(DjangoModelFactory):
    """A teacher's service for a class (pass ``group=`` and ``division=None`` for a group)."""

    class Meta:
        model = TeachingService

    establishment = factory.SubFactory(EstablishmentFactory)
    teacher = factory.SubFactory(
        StaffMemberFactory, establishment=factory.SelfAttribute("..establishment")
    )
    subject = factory.SubFactory(
        SubjectFactory, establishment=factory.SelfAttribute("..establishment")
    )
    division = factory.SubFactory(
        DivisionFactory, establishment=factory.SelfAttribute("..establishment")
    )
    group = None


# --- activation (letters) -------------------------------------------------------------------

LETTER_PASSWORD = "DCBRJDWH"


def _now():
    from django.utils import timezone

    return timezone.now()


def _hash(password):
    from django.contrib.auth.hashers import make_password

    return make_password(password)


class ProvisionalUserFactory(UserFactory):
    """An account as the roster import leaves it: provisional, no usable password."""

    profile = User.Profile.ELEVE
    state = User.State.PROVISIONAL

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        obj.set_unusable_password()
        if create:
            obj.save()


class LetterFactory(DjangoModelFactory):
    """A live letter whose temporary password is ``password`` (``LETTER_PASSWORD`` by default).

    Its account is a provisional pupil account unless one is given.
    """

    class Meta:
        model = "activation.Letter"
        exclude = ("password",)

    password = LETTER_PASSWORD
    pupil = factory.SubFactory(PupilFactory)
    establishment = factory.SelfAttribute("pupil.establishment")
    division = factory.SelfAttribute("pupil.division")
    kind = "pupil"
    account = factory.SubFactory(ProvisionalUserFactory)
    identifier = factory.SelfAttribute("account.username")
    created_at = factory.LazyFunction(_now)
    expires_at = factory.LazyAttribute(lambda o: o.created_at + datetime.timedelta(days=92))
    temp_password_hash = factory.LazyAttribute(lambda o: _hash(o.password))


def totp_enrol(user, secret: str | None = None) -> str:
    """Gives ``user`` a TOTP authenticator (secret encrypted as allauth.mfa stores it) and returns
    the base32 secret, for pyotp.TOTP(secret).now() in tests."""
    import pyotp
    from allauth.mfa.models import Authenticator

    from staff_otp.crypto import encrypt

    secret = secret or pyotp.random_base32()
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(secret)}
    )
    return secret
