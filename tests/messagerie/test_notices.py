"""New mail announced by e-mail through the outbox: once an hour at most, to a confirmed address,
never to someone who turned it off, never lost nor doubled; school notices; the demo."""

from __future__ import annotations

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from accounts.models import NoticeOptOut, User
from messagerie.models import Delivery, Message
from messagerie.notices import mail_notices_enqueue
from outbox.models import OutboxMessage
from tests.factories import UserFactory
from tests.messagerie.helpers import send

pytestmark = pytest.mark.django_db


def confirm(user):
    user.email = f"{user.username}@example.org"
    user.save(update_fields=["email"])
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def notices_to(user):
    return OutboxMessage.objects.filter(to=user.email)


def test_one_notice_an_hour_at_most_and_the_rest_later(school):
    parent = school["parent_un"]
    confirm(parent)
    now = timezone.now()
    send(school["quatreb"], to=[parent.pk], subject="Premier")
    assert mail_notices_enqueue(now=now) == 1
    mail = notices_to(parent).get()
    assert "Mes courriels" in mail.subject and "Prof QUATREB" in mail.body
    assert "Premier" not in mail.body  # the content stays in the portal
    send(school["viesco"], to=[parent.pk], subject="Deuxième")
    assert mail_notices_enqueue(now=now + datetime.timedelta(minutes=20)) == 0
    assert notices_to(parent).count() == 1
    # Never doubled, even when the task runs again.
    assert mail_notices_enqueue(now=now + datetime.timedelta(minutes=30)) == 0
    # The hour is over: the message that waited is announced by one notice.
    assert mail_notices_enqueue(now=now + datetime.timedelta(minutes=61)) == 1
    assert notices_to(parent).count() == 2
    assert mail_notices_enqueue(now=now + datetime.timedelta(minutes=200)) == 0
    assert not Delivery.objects.filter(notice_pending=True).exists()


def test_no_notice_when_turned_off_unconfirmed_or_already_read(school):
    off, unconfirmed, reader = school["parent_un"], school["parent_deux"], school["viesco"]
    confirm(off)
    confirm(reader)
    NoticeOptOut.objects.create(user=off, kind="messagerie")
    send(school["quatreb"], to=[off.pk, unconfirmed.pk, reader.pk])
    Delivery.objects.filter(owner=reader).update(is_read=True)
    assert mail_notices_enqueue() == 0
    assert not OutboxMessage.objects.exists()
    assert not Delivery.objects.filter(notice_pending=True).exists()


def test_the_notice_is_queued_after_the_commit(
    school, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    parent = school["parent_un"]
    confirm(parent)
    with django_capture_on_commit_callbacks(execute=True):
        send(school["quatreb"], to=[parent.pk])
    assert notices_to(parent).count() == 1


def test_the_emergency_access_lands_in_the_referents_mailbox(school, client):
    referent = UserFactory(
        username="r.referent",
        profile=User.Profile.PERSONNEL,
        establishment=school["a"],
        is_staff=True,
    )
    group, _ = Group.objects.get_or_create(name="Référent numérique")
    group.permissions.add(Permission.objects.get(codename="change_emergencyaccessrequest"))
    referent.groups.add(group)
    from recovery.services.emergency import emergency_request_create

    emergency_request_create(
        establishment=school["a"],
        last_name="Un",
        first_name="Eleve <b>",
        division_label="4B",
        birth_date=datetime.date(2013, 5, 17),
        message="J'ai perdu <script>mon</script> courrier.",
        ip="192.0.2.1",
    )
    delivery = Delivery.objects.get(owner=referent)
    message = delivery.message
    assert message.subject.startswith("Accès de secours : Eleve")
    assert message.sender_label == "Accès de secours" and message.sender_id is None
    assert "<script>" not in message.body and "&lt;script&gt;" in message.body
    assert delivery.notice_pending


def test_the_demo_step_is_idempotent(school):
    from accounts.models import StaffMember
    from core.demo import DemoWorld
    from messagerie.demo import demo_mail

    world = DemoWorld(
        establishment=school["a"],
        today=timezone.localdate(),
        parent=school["parent_un"],
        children=[school["pupil_record_un"]],
        teacher=StaffMember.objects.get(account=school["quatreb"]),
        education=StaffMember.objects.get(account=school["viesco"]),
        direction=StaffMember.objects.get(account=school["direction"]),
        secretary=school["cdi"],
    )
    first = demo_mail(world)
    assert "5 message(s) de démonstration" not in first  # 4 conversations
    assert "4 message(s) de démonstration" in first
    subjects = set(
        Delivery.objects.filter(owner=school["parent_un"], folder="inbox").values_list(
            "message__subject", flat=True
        )
    )
    assert {
        "Ouverture de votre compte de messagerie",
        "Sortie au musée Sainte-Croix",
        "Absence de Dylan",
        "Réunion parents-professeurs",
    } <= {s.replace(school["pupil_record_un"].first_name, "Dylan") for s in subjects}
    # Carnets: the parent's (the teacher, the child, the vie scolaire), the teacher's (the CPE,
    # the principal, the parent, the pupil, the school's desks, a list of the CPE and principal).
    from messagerie.models import Contact

    assert ", 10 contact(s) de carnet" in first
    parent_carnet = Contact.objects.filter(owner=school["parent_un"])
    assert {c.person_id for c in parent_carnet if c.person_id} == {
        school["quatreb"].pk,
        school["pupil_un"].pk,
    }
    assert Contact.objects.get(owner=school["quatreb"], kind="liste").members.count() == 2
    count, contacts = Message.objects.count(), Contact.objects.count()
    again = demo_mail(world)
    assert "0 message(s) de bienvenue, 0 message(s)" in again and ", 0 contact(s)" in again
    assert Message.objects.count() == count and Contact.objects.count() == contacts
