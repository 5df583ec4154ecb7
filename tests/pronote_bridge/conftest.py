"""A collège with a few families and staff who have accounts, its Pronote, and the file Pronote
exports ("Exporter les identifiants PRONOTE") written as a school would download it."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from accounts.models import StaffMember, User
from pronote_bridge.models import PronoteSettings
from pronote_bridge.services import pronote_settings_save
from tests.factories import (
    DivisionFactory,
    GuardianFactory,
    GuardianLinkFactory,
    PupilFactory,
    StaffMemberFactory,
    UserFactory,
)
from tests.portal.helpers import accept_current_charter

PRONOTE = "https://0860123x.index-education.net/pronote/"
HEADER = "Nom;Prénom;Né(e) le;Classe;Profil;Identifiant"


@pytest.fixture(autouse=True)
def _tasks_in_process(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


def csv_file(*lines: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join([header, *lines]) + "\r\n").encode(encoding)


@pytest.fixture
def school(establishment):
    """Pupils Léa ÉLÉONORE (5 A, 2013-03-02) and two Hugo BERNARD born the same day in 5 A and
    4 B; Léa's mother; a teacher and the principal. Everyone has an account."""
    a = DivisionFactory(establishment=establishment, code="5 A")
    b = DivisionFactory(establishment=establishment, code="4 B", level="4")

    def pupil(last, first, birth, division, username):
        account = UserFactory(
            username=username, first_name=first, last_name=last, profile=User.Profile.ELEVE
        )
        return PupilFactory(
            establishment=establishment,
            last_name=last,
            first_name=first,
            birth_date=birth,
            division=division,
            account=account,
        )

    lea = pupil("ÉLÉONORE", "Léa", datetime.date(2013, 3, 2), a, "l.eleonore")
    hugo_a = pupil("BERNARD", "Hugo", datetime.date(2012, 6, 1), a, "h.bernard")
    hugo_b = pupil("BERNARD", "Hugo", datetime.date(2012, 6, 1), b, "h.bernard2")
    mother = UserFactory(
        username="m.eleonore", first_name="Marie", last_name="Éléonore", profile=User.Profile.PARENT
    )
    guardian = GuardianFactory(
        establishment=establishment, last_name="ÉLÉONORE", first_name="Marie", account=mother
    )
    GuardianLinkFactory(pupil=lea, guardian=guardian)

    def staff(last, first, function, profile, username):
        account = UserFactory(
            username=username,
            first_name=first,
            last_name=last,
            profile=profile,
            establishment=establishment,
        )
        StaffMemberFactory(
            establishment=establishment,
            last_name=last,
            first_name=first,
            function=function,
            birth_date=datetime.date(1980, 1, 15),
            account=account,
        )
        return account

    teacher = staff(
        "DURAND", "Paul", StaffMember.Function.TEACHER, User.Profile.ENSEIGNANT, "p.durand"
    )
    principal = staff(
        "LEROY", "Anne", StaffMember.Function.MANAGEMENT, User.Profile.PERSONNEL, "a.leroy"
    )
    cpe = staff("FABRE", "Luc", StaffMember.Function.EDUCATION, User.Profile.PERSONNEL, "l.fabre")
    return {
        "establishment": establishment,
        "lea": lea.account,
        "lea_pupil": lea,
        "hugo_a": hugo_a.account,
        "hugo_b": hugo_b.account,
        "mother": mother,
        "teacher": teacher,
        "principal": principal,
        "cpe": cpe,
    }


@pytest.fixture
def pronote_settings(establishment):
    return pronote_settings_save(
        settings=PronoteSettings(establishment=establishment, base_url=PRONOTE), actor=None
    )


@pytest.fixture
def secretary_client(secretary):
    secretary.user_permissions.set(
        Permission.objects.filter(content_type__app_label="pronote_bridge")
    )
    client = Client()
    client.force_login(secretary)
    return client


def logged_in(user) -> Client:
    accept_current_charter(user)
    client = Client()
    client.force_login(user)
    return client
