"""New mail announced by e-mail, through the outbox: at most one notice per person per
``conf.notice_interval()``, only to a confirmed address, never to someone who turned it off in
Mon compte (``core.notices`` kind ``messagerie``).

Each delivery that should be announced is written with ``notice_pending`` in the sending
transaction; ``mail_notices_enqueue`` (queued after every send, and by Celery beat every five
minutes in case a task was lost) turns the pending rows into at most one outbox mail per owner
and clears them in one transaction. A person told less than an hour ago keeps their rows pending
until the hour is over: their next notice covers them. The outbox's idempotency key (the owner and
the last delivery announced) means a notice is never written twice, even by two runs at once.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from accounts.selectors import notice_recipients
from core.links import public_reverse
from outbox.services import outbox_enqueue_mail

from . import conf
from .models import Delivery, MailboxNotice

NOTICE_KIND = "messagerie"
BATCH = 2000


def mail_notices_enqueue(*, now: datetime.datetime | None = None) -> int:
    """Queues the notices due, by batches; returns how many mails were written to the outbox."""
    now = now or timezone.now()
    total = 0
    while True:
        told, more = _batch_enqueue(now)
        total += told
        if not more:
            return total


@transaction.atomic
def _batch_enqueue(now: datetime.datetime) -> tuple[int, bool]:
    pending = list(
        Delivery.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(notice_pending=True)
        # Told less than an hour ago: stays pending, announced by the next notice.
        .exclude(owner__mail_notice__notified_at__gt=now - conf.notice_interval())
        .order_by("pk")
        .values_list("pk", "owner_id", "is_read", "folder", "message__sender_label")[:BATCH]
    )
    if not pending:
        return 0, False
    by_owner: dict[int, list[tuple[int, bool, str, str]]] = defaultdict(list)
    for pk, owner_id, is_read, folder, sender in pending:
        by_owner[owner_id].append((pk, is_read, folder, sender))
    addresses = notice_recipients(kind=NOTICE_KIND, user_ids=by_owner)
    settled: list[int] = []
    told: list[int] = []
    link = public_reverse("messagerie:inbox")
    for owner_id, rows in by_owner.items():
        unread = [row for row in rows if not row[1] and row[2] == Delivery.Folder.INBOX]
        settled += [row[0] for row in rows]
        if not unread or owner_id not in addresses:
            continue
        last = max(row[0] for row in unread)
        outbox_enqueue_mail(
            idempotency_key=f"messagerie:notice:{owner_id}:{last}",
            to=addresses[owner_id],
            template="messagerie/emails/new_mail",
            context={
                "count": len(unread),
                "senders": sorted({row[3] for row in unread})[:3],
                "link": link,
            },
        )
        told.append(owner_id)
    Delivery.objects.filter(pk__in=settled).update(notice_pending=False)
    if told:
        MailboxNotice.objects.bulk_create(
            [MailboxNotice(owner_id=pk, notified_at=now) for pk in told],
            update_conflicts=True,
            unique_fields=["owner"],
            update_fields=["notified_at"],
        )
    return len(told), len(pending) == BATCH
