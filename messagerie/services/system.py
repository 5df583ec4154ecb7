"""The portal's own messages: the welcome, school notices."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.html import sanitize_html

from .. import messages as texts
from ..models import Delivery, Message
from ..rules import reachable_accounts_q

# --- the portal's own messages ------------------------------------------------------------
from .common import WELCOME_KEY, Folder, _after_delivery, _search_text


@transaction.atomic
def system_message_post(
    *,
    recipient_ids: Iterable[int],
    subject: str,
    body_html: str,
    establishment_id: int | None = None,
    system_key: str = "",
    sender_label: str = "",
    notify: bool = True,
) -> Message | None:
    """A message from the portal (no sender) into the mailboxes of ``recipient_ids`` that are
    reachable accounts. Returns ``None`` when nobody receives it."""
    ids = list(
        User.objects.filter(reachable_accounts_q(), pk__in=set(recipient_ids)).values_list(
            "pk", flat=True
        )
    )
    if not ids:
        return None
    now = timezone.now()
    label = sender_label or str(texts.SYSTEM_SENDER)
    body = sanitize_html(body_html)
    message = Message(
        establishment_id=establishment_id,
        sender=None,
        sender_label=label,
        subject=subject[:200],
        body=body,
        recipient_count=len(ids),
        system_key=system_key,
        sent_at=now,
    )
    message.search_text = _search_text(message.subject, body, label)
    message.full_clean(exclude=["establishment"])
    message.save()
    Delivery.objects.bulk_create(
        [
            Delivery(
                owner_id=pk,
                message=message,
                folder=Folder.INBOX,
                origin=Folder.INBOX,
                date=now,
                notice_pending=notify,
            )
            for pk in ids
        ],
        batch_size=1000,
    )
    _after_delivery(ids, notify=notify)
    return message


def welcome_deliver(*, account: User) -> Message | None:
    """ "Ouverture de votre compte de messagerie", once per account (no notice: the person is on
    the portal right now)."""
    if Delivery.objects.filter(owner=account, message__system_key=WELCOME_KEY).exists():
        return None
    from django.template.loader import render_to_string

    body = render_to_string("messagerie/welcome_body.html", {"account": account})
    return system_message_post(
        recipient_ids=[account.pk],
        subject=str(texts.WELCOME_SUBJECT),
        body_html=body,
        establishment_id=account.establishment_id,
        system_key=WELCOME_KEY,
        notify=False,
    )
