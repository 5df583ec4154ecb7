"""What the writes of Mes courriels share: names, search text, quotes, after-commit work."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from core.text import fold
from core.uploads import CheckedUpload

from ..models import Delivery, Message
from ..tasks import mail_notices_send as mail_notices_send_task
from ..versions import mailboxes_changed

Folder = Delivery.Folder
WELCOME_KEY = "welcome"


class ConfirmationNeeded(Exception):
    """A group send waits for the sender to confirm the number of recipients."""

    def __init__(self, count: int):
        super().__init__(count)
        self.count = count


@dataclass(frozen=True)
class Upload:
    """A file the form checked by its content (``core.uploads.upload_check``)."""

    file: Any
    checked: CheckedUpload


def user_label(user: User) -> str:
    return f"{user.first_name} {user.last_name}".strip() or user.username


def _search_text(*parts: str) -> str:
    return fold(" ".join(part for part in parts if part))


def _quote(message: Message) -> str:
    when = date_format(timezone.localtime(message.sent_at or message.created_at), "j F Y à H:i")
    header = f"Le {when}, {html.escape(message.sender_label)} a écrit :"
    return f"<blockquote><p>{header}</p>{message.body}</blockquote>"


def _after_delivery(owner_ids: list[int], *, notify: bool) -> None:
    mailboxes_changed(owner_ids)
    if notify:
        transaction.on_commit(mail_notices_send_task.delay)
