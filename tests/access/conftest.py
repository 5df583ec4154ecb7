"""The world of the access walks: school A (the viewer's) and school B, each with a family (the
pupils have accounts), teachers (one of A teaches pupil A's class, one does not), a CPE each; an
application for teachers only; a secretary of A with every permission."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from accounts.models import StaffMember, User
from apps_catalog.models import Application, ApplicationAudience, Category
from devices.models import Device
from tests.access.actualites import news_world
from tests.access.agenda import agenda_world
from tests.access.bureau import bureau_world
from tests.access.carnet import carnet_world
from tests.access.demarches import orientation_world
from tests.access.livret import livret_world
from tests.factories import (
    DivisionFactory,
    EstablishmentFactory,
    GuardianFactory,
    GuardianLinkFactory,
    PupilFactory,
    StaffMemberFactory,
    TeachingServiceFactory,
    UserFactory,
)


@pytest.fixture
def world(db):
    """School A (the viewer's) and school B, each with a family; an application for teachers only."""
    a = EstablishmentFactory(uai="0860123X", name="Collège A")
    b = EstablishmentFactory(uai="0170999B", name="Collège B")

    def family(school, username):
        account = UserFactory(
            username=username, profile=User.Profile.PARENT, accepted_charter_version=99
        )
        guardian = GuardianFactory(establishment=school, account=account)
        pupil = PupilFactory(establishment=school, division=DivisionFactory(establishment=school))
        GuardianLinkFactory(guardian=guardian, pupil=pupil)
        return account, guardian, pupil

    parent_a, guardian_a, pupil_a = family(a, "p.parenta")
    parent_b, guardian_b, pupil_b = family(b, "p.parentb")
    category, _ = Category.objects.get_or_create(name="Enseignement (test)")
    teachers_app = Application.objects.create(
        name="Outil profs",
        slug="outil-profs-test",
        url="https://profs.example.fr/",
        category=category,
    )
    ApplicationAudience.objects.create(application=teachers_app, profile=User.Profile.ENSEIGNANT)
    teacher = UserFactory(
        username="j.prof", profile=User.Profile.ENSEIGNANT, accepted_charter_version=99
    )

    def staff(school, username, function, profile=User.Profile.PERSONNEL):
        account = UserFactory(
            username=username, profile=profile, establishment=school, accepted_charter_version=99
        )
        return StaffMemberFactory(establishment=school, function=function, account=account)

    # School life: a teacher of pupil A's class, a teacher of A who does not teach it, the CPE of
    # each school, a teacher of B.
    teacher_a = staff(a, "t.profa", StaffMember.Function.TEACHER, User.Profile.ENSEIGNANT)
    service_a = TeachingServiceFactory(
        establishment=a, teacher=teacher_a, division=pupil_a.division
    )
    other_teacher_a = staff(a, "t.autrea", StaffMember.Function.TEACHER, User.Profile.ENSEIGNANT)
    TeachingServiceFactory(establishment=a, teacher=other_teacher_a)
    teacher_b = staff(b, "t.profb", StaffMember.Function.TEACHER, User.Profile.ENSEIGNANT)
    service_b = TeachingServiceFactory(
        establishment=b, teacher=teacher_b, division=pupil_b.division
    )
    cpe_a = staff(a, "c.cpea", StaffMember.Function.EDUCATION)
    cpe_b = staff(b, "c.cpeb", StaffMember.Function.EDUCATION)
    pupil_a.account = UserFactory(
        username="e.elevea", profile=User.Profile.ELEVE, accepted_charter_version=99
    )
    pupil_a.save(update_fields=["account"])
    pupil_b.account = UserFactory(
        username="e.eleveb", profile=User.Profile.ELEVE, accepted_charter_version=99
    )
    pupil_b.save(update_fields=["account"])
    mail_b, attachment_b, draft_b = _mail_of(parent_b, teacher_b.account)
    return {
        # Mes courriels: parent B's received message, its attachment and a draft of parent B.
        "mail_b": mail_b,
        "mail_attachment_b": attachment_b,
        "draft_b": draft_b,
        "a": a,
        "b": b,
        "teacher_a": teacher_a.account,
        "service_a": service_a,
        "other_teacher_a": other_teacher_a.account,
        "teacher_b": teacher_b.account,
        "service_b": service_b,
        "cpe_a": cpe_a.account,
        "cpe_b": cpe_b.account,
        "pupil_account_a": pupil_a.account,
        "pupil_account_b": pupil_b.account,
        "parent_a": parent_a,
        "guardian_a": guardian_a,
        "pupil_a": pupil_a,
        "parent_b": parent_b,
        "guardian_b": guardian_b,
        "pupil_b": pupil_b,
        "teachers_app": teachers_app,
        "teacher": teacher,
        # A phone paired with parent B's account (Mes appareils).
        "device_b": Device.objects.create(user=parent_b, name="Téléphone de B"),
        # Informations: a news of school B for its parents, a pending one by teacher B.
        **news_world(b=b, pupil_b=pupil_b, teacher_b=teacher_b.account),
        **bureau_world(parent_b=parent_b),
        **carnet_world(parent_b=parent_b, teacher_b=teacher_b.account),
        **agenda_world(b=b, parent_b=parent_b, pupil_b=pupil_b),
        **livret_world(a=a, b=b, pupil_b=pupil_b),
        **orientation_world(a=a),
    }


def _mail_of(parent, teacher):
    from django.core.files.base import ContentFile

    from messagerie.models import Attachment, Delivery
    from messagerie.services import draft_save, message_send

    message = draft_save(
        author=teacher, draft=None, subject="Pour B", text="Bonjour", user_ids=[parent.pk],
        group_keys=[],
    )  # fmt: skip
    attachment = Attachment(message=message, name="b.txt", content_type="text/plain", size=5)
    attachment.file.save("b.txt", ContentFile(b"hello"), save=False)
    attachment.save()
    message_send(author=teacher, draft=message, user_ids=[parent.pk], group_keys=[])
    draft = draft_save(
        author=parent, draft=None, subject="Brouillon de B", text="…", user_ids=[], group_keys=[]
    )
    return Delivery.objects.get(owner=parent, message=message), attachment, draft


@pytest.fixture
def secretary_a(world):
    """A secretary of school A holding every permission: only the scoping can stop her."""
    user = UserFactory(
        username="a.secretariat",
        profile=User.Profile.PERSONNEL,
        establishment=world["a"],
        is_staff=True,
    )
    user.user_permissions.add(*Permission.objects.all())
    return user
