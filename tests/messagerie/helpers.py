from __future__ import annotations

import html
import re

from django.test import Client
from django.urls import reverse

from accounts.school import school_role
from messagerie.models import Delivery
from messagerie.rules import reach
from messagerie.services import draft_save, message_send, recipients_resolve

COMPOSE = reverse("messagerie:compose")
INBOX = reverse("messagerie:inbox")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(author, *, to=(), groups=(), subject="Bonjour", text="Un message.", confirm=True):
    draft = draft_save(
        author=author, draft=None, subject=subject, text=text, user_ids=to, group_keys=groups
    )
    count = None
    if confirm:
        count = len(
            recipients_resolve(
                sender_reach=reach(school_role(author)), user_ids=to, group_keys=groups
            ).recipient_ids
        )
    return message_send(
        author=author, draft=draft, user_ids=to, group_keys=groups, confirmed_count=count
    )


def inbox_of(user):
    return Delivery.objects.filter(owner=user, folder=Delivery.Folder.INBOX)


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))
