"""Moving a message between folders, deleting it, the trash emptied by the daily sweep."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .. import conf
from ..models import Attachment, Delivery, Message
from ..versions import mailboxes_changed

# --- folders --------------------------------------------------------------------------------
from .common import Folder


@transaction.atomic
def delivery_mark_read(*, delivery: Delivery, is_read: bool = True) -> Delivery:
    if delivery.is_read != is_read:
        delivery.is_read = is_read
        delivery.save(update_fields=["is_read"])
        mailboxes_changed([delivery.owner_id])
    return delivery


@transaction.atomic
def delivery_trash(*, delivery: Delivery) -> Delivery:
    if delivery.folder != Folder.TRASH:
        delivery.folder = Folder.TRASH
        delivery.trashed_at = timezone.now()
        delivery.save(update_fields=["folder", "trashed_at"])
        mailboxes_changed([delivery.owner_id])
    return delivery


@transaction.atomic
def delivery_restore(*, delivery: Delivery) -> Delivery:
    if delivery.folder == Folder.TRASH:
        delivery.folder = delivery.origin
        delivery.trashed_at = None
        delivery.save(update_fields=["folder", "trashed_at"])
        mailboxes_changed([delivery.owner_id])
    return delivery


@transaction.atomic
def delivery_delete(*, delivery: Delivery) -> None:
    """Deleted for good from the trash; the message goes once no mailbox holds it."""
    if delivery.folder != Folder.TRASH:
        raise ValidationError("Seul un message de la corbeille se supprime.", code="not_trash")
    message_id, owner_id = delivery.message_id, delivery.owner_id
    delivery.delete()
    _orphans_delete([message_id])
    mailboxes_changed([owner_id])


def _messages_delete(message_ids: list[int]) -> None:
    files = [
        (attachment.file.storage, attachment.file.name)
        for attachment in Attachment.objects.filter(message_id__in=message_ids)
    ]
    Message.objects.filter(pk__in=message_ids).delete()

    def files_delete() -> None:
        # The files go with the rows, once the deletion is committed.
        for storage, name in files:
            storage.delete(name)

    if files:
        transaction.on_commit(files_delete)


def _orphans_delete(message_ids: Iterable[int]) -> int:
    orphans = list(
        Message.objects.filter(pk__in=list(message_ids), deliveries__isnull=True).values_list(
            "pk", flat=True
        )
    )
    if orphans:
        _messages_delete(orphans)
    return len(orphans)


def trash_sweep(now: datetime.datetime) -> int:
    """The daily sweep: messages in a trash for more than ``conf.trash_days()`` days are deleted,
    and messages no mailbox holds any more with them. Returns the mailbox rows deleted."""
    cutoff = now - datetime.timedelta(days=conf.trash_days())
    deleted = 0
    while True:
        with transaction.atomic():
            rows = list(
                Delivery.objects.filter(folder=Folder.TRASH, trashed_at__lt=cutoff)
                .order_by("pk")
                .values_list("pk", "message_id")[:2000]
            )
            if not rows:
                return deleted
            Delivery.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
            _orphans_delete({message_id for _, message_id in rows})
            deleted += len(rows)
