"""The mailbox as a person uses it: write, read, reply, reply to all, forward, trash, search,
pages; the welcome message; the dashboard panel."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.lifecycle import Audit, account_activate
from accounts.models import AuditAction, User
from core.retention import sweep_daily
from messagerie.models import Delivery, Message
from tests.factories import UserFactory
from tests.messagerie.helpers import COMPOSE, INBOX, client_for, inbox_of, send, text_of

pytestmark = pytest.mark.django_db


def test_a_parent_writes_to_the_teacher_who_replies(school):
    parent, teacher = school["parent_un"], school["quatreb"]
    client = client_for(parent)
    response = client.post(
        COMPOSE,
        {
            "destinataires": [teacher.pk],
            "objet": "Devoir de mathématiques",
            "texte": "Bonjour,\n\nDylan était malade <script>alert(1)</script>.",
            "action": "send",
        },
    )
    assert response.status_code == 302
    delivery = inbox_of(teacher).get()
    message = delivery.message
    assert message.subject == "Devoir de mathématiques"
    assert "<script>" not in message.body and "&lt;script&gt;" in message.body
    assert Delivery.objects.get(owner=parent, message=message).folder == "sent"

    teacher_client = client_for(teacher)
    page = text_of(teacher_client.get(INBOX))
    assert "Devoir de mathématiques" in page and "1 non lu" in page
    assert "Parent UN" in text_of(
        teacher_client.get(reverse("messagerie:message", args=[delivery.pk]))
    )
    delivery.refresh_from_db()
    assert delivery.is_read
    response = teacher_client.post(
        reverse("messagerie:message_action", args=[delivery.pk, "repondre"])
    )
    draft = Message.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    assert draft.subject == "RE : Devoir de mathématiques"
    assert draft.addressed["users"] == [parent.pk]
    response = teacher_client.post(
        reverse("messagerie:draft", args=[draft.pk]),
        {
            "destinataires": [parent.pk],
            "objet": draft.subject,
            "texte": "Bien reçu.",
            "action": "send",
        },
    )
    assert response.status_code == 302
    reply = inbox_of(parent).exclude(message__system_key="welcome").get().message
    assert "Bien reçu." in reply.body and "Dylan était malade" in reply.body  # quoted below
    assert "RE : Devoir" in text_of(client.get(INBOX))


def test_reply_to_all_keeps_only_the_people_the_replier_may_reach(school):
    message = send(
        school["quatreb"],
        to=[school["parent_un"].pk, school["parent_deux"].pk, school["viesco"].pk],
    )
    delivery = Delivery.objects.get(owner=school["parent_un"], message=message)
    client = client_for(school["parent_un"])
    response = client.post(
        reverse("messagerie:message_action", args=[delivery.pk, "repondre-a-tous"])
    )
    draft = Message.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    # The other parent is not someone a parent may write to.
    assert set(draft.addressed["users"]) == {school["quatreb"].pk, school["viesco"].pk}


def test_forward_copies_the_attachments(school, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(school["quatreb"])
    client.post(
        COMPOSE,
        {
            "destinataires": [school["viesco"].pk],
            "objet": "Liste",
            "texte": "Voici.",
            "pieces_jointes": [
                SimpleUploadedFile("liste.pdf", b"%PDF-1.4 liste", "application/pdf")
            ],
            "action": "send",
        },
    )
    delivery = inbox_of(school["viesco"]).get()
    response = client_for(school["viesco"]).post(
        reverse("messagerie:message_action", args=[delivery.pk, "transferer"])
    )
    draft = Message.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    assert draft.subject == "TR : Liste" and draft.addressed["users"] == []
    copy = draft.attachments.get()
    assert (
        copy.name == "liste.pdf" and copy.file.name != delivery.message.attachments.get().file.name
    )


def test_trash_restore_delete_and_the_30_days_sweep(school, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    message = send(school["quatreb"], to=[school["parent_un"].pk])
    delivery = Delivery.objects.get(owner=school["parent_un"], message=message)
    client = client_for(school["parent_un"])
    client.post(reverse("messagerie:message_action", args=[delivery.pk, "corbeille"]))
    delivery.refresh_from_db()
    assert delivery.folder == "trash" and delivery.trashed_at
    assert "Bonjour" in text_of(client.get(reverse("messagerie:folder", args=["corbeille"])))
    client.post(reverse("messagerie:message_action", args=[delivery.pk, "restaurer"]))
    delivery.refresh_from_db()
    assert delivery.folder == "inbox"
    client.post(reverse("messagerie:message_action", args=[delivery.pk, "corbeille"]))
    # 29 days later nothing goes; after 30 days the row goes, the message stays for its sender.
    now = timezone.now()
    assert sweep_daily(now=now + datetime.timedelta(days=29))["corbeilles_videes"] == 0
    assert sweep_daily(now=now + datetime.timedelta(days=31))["corbeilles_videes"] == 1
    assert not Delivery.objects.filter(pk=delivery.pk).exists()
    assert Message.objects.filter(pk=message.pk).exists()
    # Once the sender deletes their copy for good too, the message itself goes.
    sent = Delivery.objects.get(owner=school["quatreb"], message=message)
    teacher = client_for(school["quatreb"])
    teacher.post(reverse("messagerie:message_action", args=[sent.pk, "corbeille"]))
    teacher.post(reverse("messagerie:message_action", args=[sent.pk, "supprimer"]))
    assert not Message.objects.filter(pk=message.pk).exists()


def test_search_in_subject_body_and_correspondents(school):
    teacher = school["quatreb"]
    send(teacher, to=[school["viesco"].pk], subject="Conseil de classe", text="Mardi soir")
    send(teacher, to=[school["direction"].pk], subject="Sortie", text="Le musée Sainte-Croix")
    client = client_for(teacher)
    sent = reverse("messagerie:folder", args=["envoyes"])
    page = text_of(client.get(sent, {"q": "conseil"}))
    assert "Conseil de classe" in page and "Sortie" not in page
    page = text_of(client.get(sent, {"q": "musee"}))  # accents folded
    assert "Sortie" in page and "Conseil" not in page
    page = text_of(client.get(sent, {"q": "DIRECTION"}))  # a correspondent's name
    assert "Sortie" in page and "Conseil" not in page
    page = text_of(client_for(school["viesco"]).get(INBOX, {"q": "quatreb"}))
    assert "Conseil de classe" in page


def test_pages_of_a_folder_by_date(school, settings):
    settings.CARTABLE_MAIL_PAGE_SIZE = 3
    for index in range(7):
        send(school["quatreb"], to=[school["viesco"].pk], subject=f"Message {index}")
    client = client_for(school["viesco"])
    first = client.get(INBOX)
    assert [f"Message {i}" in text_of(first) for i in (6, 5, 4, 3)] == [True, True, True, False]
    older = first.context["page"].older
    second = client.get(INBOX, {"avant": older})
    assert "Message 3" in text_of(second) and "Message 6" not in text_of(second)
    third = client.get(INBOX, {"avant": second.context["page"].older})
    assert "Message 0" in text_of(third) and third.context["page"].older is None
    back = client.get(INBOX, {"apres": second.context["page"].newer})
    assert "Message 6" in text_of(back) and back.context["page"].newer is None


def test_the_welcome_message_when_the_account_becomes_active(school):
    account = UserFactory(
        username="n.nouveau", profile=User.Profile.ELEVE, state=User.State.PROVISIONAL
    )
    assert not Delivery.objects.filter(owner=account).exists()
    account_activate(
        account=account,
        audit=Audit(action=AuditAction.FIRST_CONNECTION_COMPLETED),
        password="x" * 12,
    )
    welcome = Delivery.objects.get(owner=account)
    assert welcome.message.subject == "Ouverture de votre compte de messagerie"
    assert not welcome.notice_pending  # the person is on the portal right now
    # Activated again (an e-mail confirmed later…): still one welcome.
    account.state = User.State.AWAITING_EMAIL
    account.save(update_fields=["state"])
    account_activate(account=account, audit=Audit(action=AuditAction.FIRST_CONNECTION_COMPLETED))
    assert Delivery.objects.filter(owner=account).count() == 1


def test_the_dashboard_panel_shows_the_last_messages_and_unread_count(
    school, seeded_data, django_capture_on_commit_callbacks
):
    from tests.portal.helpers import accept_current_charter

    parent = school["parent_un"]
    accept_current_charter(parent)
    client = client_for(parent)
    dashboard = reverse("portal:dashboard")
    assert "Aucun message non lu" in text_of(client.get(dashboard))
    with django_capture_on_commit_callbacks(execute=True):
        send(school["quatreb"], to=[parent.pk], subject="Réunion de jeudi")
    page = text_of(client.get(dashboard))  # the cached page is keyed on the mailbox
    assert "1 message non lu" in page and "Réunion de jeudi" in page
    delivery = inbox_of(parent).get()
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("messagerie:message", args=[delivery.pk]))
    assert "Aucun message non lu" in text_of(client.get(dashboard))


def test_the_tile_opens_the_mailbox(school, seeded_data):
    from tests.portal.helpers import accept_current_charter

    accept_current_charter(school["parent_un"])
    page = client_for(school["parent_un"]).get(reverse("portal:dashboard")).content.decode()
    assert f'href="{INBOX}"' in page


def test_the_cached_first_page_shows_new_mail_at_once(school, django_capture_on_commit_callbacks):
    client = client_for(school["viesco"])
    assert "Aucun message" in text_of(client.get(INBOX))
    with django_capture_on_commit_callbacks(execute=True):
        send(school["quatreb"], to=[school["viesco"].pk], subject="Nouveau")
    page = text_of(client.get(INBOX))
    assert "Nouveau" in page and "1 non lu" in page
