"""Every page of the mailbox costs a fixed number of queries, whatever its size."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from messagerie.models import Contact, Delivery, Message
from tests.messagerie.helpers import COMPOSE, INBOX, client_for, send
from tests.portal.test_dashboard import session_queries

pytestmark = pytest.mark.django_db


def _fill(owner, sender, count):
    now = timezone.now()
    messages = Message.objects.bulk_create(
        [
            Message(sender=sender, sender_label="Prof", subject=f"Message {i}", body="<p>x</p>",
                    search_text=f"message {i}", sent_at=now, recipient_count=1)
            for i in range(count)
        ]
    )  # fmt: skip
    Delivery.objects.bulk_create(
        [
            Delivery(owner=owner, message=m, folder="inbox", origin="inbox", date=now, is_read=i % 2 == 0)
            for i, m in enumerate(messages)
        ]
    )  # fmt: skip


@pytest.mark.parametrize("count", [3, 2000])
def test_a_folder_page_costs_a_fixed_number_of_queries(school, count, django_assert_num_queries):
    parent = school["parent_un"]
    _fill(parent, school["quatreb"], count)
    client = client_for(parent)
    client.get(INBOX, {"avant": "-"})  # fills the charter version's cache (a page not cached)
    # Rendering: (session,) user, unread count, the page's rows.
    with django_assert_num_queries(session_queries() + 3):
        response = client.get(INBOX)
    assert response.status_code == 200
    # The first page again, from the per-user page cache: the session's user only.
    with django_assert_num_queries(session_queries() + 1):
        cached = client.get(INBOX)
    assert cached.status_code == 200 and cached.context is None  # not rendered
    assert f"Message {count - 1}".encode() in cached.content
    older = response.context["page"].older
    if count > 25:
        with django_assert_num_queries(session_queries() + 3):
            client.get(INBOX, {"avant": older, "q": "message"})


def test_a_message_page_costs_a_fixed_number_of_queries(school, django_assert_num_queries):
    message = send(school["quatreb"], to=[school["parent_un"].pk])
    delivery = Delivery.objects.get(owner=school["parent_un"], message=message)
    client = client_for(school["parent_un"])
    url = reverse("messagerie:message", args=[delivery.pk])
    client.get(INBOX)  # fills the charter version's cache
    # (session,) user, the delivery with its message, attachments, mark read (in a savepoint),
    # unread count.
    with django_assert_num_queries(session_queries() + 7):
        client.get(url)
    with django_assert_num_queries(session_queries() + 4):  # already read
        client.get(url)


@pytest.mark.parametrize("who", ["parent_un", "direction"])
def test_the_compose_page_costs_a_fixed_number_of_queries(school, who, django_assert_num_queries):
    sender = school[who]
    # "Mon carnet": a person, a group and a list, whatever their number.
    Contact.objects.create(owner=sender, kind="personne", person=school["quatreb"])
    Contact.objects.create(owner=sender, kind="groupe", group_key="x:1", label="Un groupe")
    Contact.objects.create(owner=sender, kind="liste", label="Ma liste").members.set(
        [school["quatreb"], school["viesco"]]
    )
    client = client_for(sender)
    client.get(COMPOSE)
    # (session,) user, the sender's role (1 family, 3 staff), rules, [classes for group
    # senders], the carnet (its entries, the lists' members, who is reachable), the picker,
    # unread count.
    expected = {"parent_un": 8, "direction": 11}[who]
    with django_assert_num_queries(session_queries() + expected):
        client.get(COMPOSE, {"q": "a"})
