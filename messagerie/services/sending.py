"""Sending a draft, all or nothing, after checking the rules again."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.audit import AuditAction, audit_record
from accounts.models import Establishment, User
from accounts.school import school_role
from core.html import sanitize_html, text_to_html

from .. import conf
from .. import messages as texts
from ..groups import Group, groups_for
from ..models import Delivery, Message
from ..rules import Reach, reach

# --- sending ----------------------------------------------------------------------------------
from .common import ConfirmationNeeded, Folder, _after_delivery, _quote, _search_text, user_label


@dataclass(frozen=True)
class Resolved:
    recipient_ids: list[int]
    groups: list[Group]
    users: list[User]

    @property
    def needs_confirmation(self) -> bool:
        return any(group.is_mass for group in self.groups)


def recipients_resolve(
    *, sender_reach: Reach, user_ids: Iterable[int], group_keys: Iterable[str]
) -> Resolved:
    """The accounts a send reaches, refused (``ValidationError``) when any posted id or group is
    outside the rules: 2 queries (posted ids, everyone reached) plus the classes for group
    senders."""
    wanted = {int(pk) for pk in user_ids}
    keys = list(dict.fromkeys(group_keys))
    if not wanted and not keys:
        raise ValidationError(texts.NO_RECIPIENT, code="no_recipient")
    allowed = sender_reach.allowed_ids(wanted) if wanted else set()
    if len(allowed) != len(wanted):
        raise ValidationError(texts.outside_rules(len(wanted - allowed)), code="outside_rules")
    available = groups_for(sender_reach) if keys else {}
    if any(key not in available for key in keys):
        raise ValidationError(texts.GROUP_NOT_ALLOWED, code="group_not_allowed")
    groups = [available[key] for key in keys]
    q = Q(pk__in=allowed)
    for group in groups:
        q |= group.members
    users = list(
        sender_reach.accounts()
        .filter(q)
        .order_by("last_name", "first_name", "pk")
        .only("pk", "first_name", "last_name", "username")
    )
    if not users:
        raise ValidationError(texts.GROUP_EMPTY, code="group_empty")
    if len(users) > conf.max_recipients():
        raise ValidationError(texts.TOO_MANY_RECIPIENTS, code="too_many")
    return Resolved(recipient_ids=[u.pk for u in users], groups=groups, users=users)


def _recipients_label(resolved: Resolved) -> str:
    names = [group.label for group in resolved.groups]
    if not resolved.groups or len(resolved.users) <= 20:
        by_group = bool(resolved.groups)
        individual = [user_label(u) for u in resolved.users] if not by_group else []
        names += individual
    return ", ".join(names)[:2000]


@transaction.atomic
def message_send(
    *,
    author: User,
    draft: Message,
    user_ids: Iterable[int],
    group_keys: Iterable[str],
    confirmed_count: int | None = None,
) -> Message:
    """Sends the draft to the posted recipients, all or nothing. ``ConfirmationNeeded`` when a
    group is addressed and ``confirmed_count`` is not the number of people it reaches."""
    locked = Message.objects.select_for_update().filter(pk=draft.pk, sender=author).first()
    if locked is None or locked.sent_at is not None:
        raise ValidationError("Ce brouillon a déjà été envoyé.", code="already_sent")
    draft = locked
    if not draft.subject.strip() and not draft.draft_text.strip() and draft.quoted_id is None:
        raise ValidationError(texts.EMPTY_MESSAGE, code="empty")
    role = school_role(author)
    resolved = recipients_resolve(
        sender_reach=reach(role), user_ids=user_ids, group_keys=group_keys
    )
    if resolved.needs_confirmation and confirmed_count != len(resolved.recipient_ids):
        raise ConfirmationNeeded(len(resolved.recipient_ids))
    now = timezone.now()
    body = text_to_html(draft.draft_text)
    if draft.quoted_id is not None and draft.quoted is not None:
        body += _quote(draft.quoted)
    draft.body = sanitize_html(body)
    draft.sent_at = now
    draft.establishment_id = role.establishment_id
    draft.recipients_label = _recipients_label(resolved)
    draft.recipient_count = len(resolved.recipient_ids)
    draft.sender_label = user_label(author)
    draft.search_text = _search_text(
        draft.subject, draft.draft_text, draft.sender_label, draft.recipients_label
    )
    draft.draft_text = ""
    draft.save(
        update_fields=[
            "body", "sent_at", "establishment", "recipients_label", "recipient_count",
            "sender_label", "search_text", "draft_text",
        ]
    )  # fmt: skip
    Delivery.objects.filter(message=draft, owner=author, origin=Folder.DRAFTS).update(
        folder=Folder.SENT, origin=Folder.SENT, date=now, is_read=True, trashed_at=None
    )
    Delivery.objects.bulk_create(
        [
            Delivery(
                owner_id=pk,
                message=draft,
                folder=Folder.INBOX,
                origin=Folder.INBOX,
                date=now,
                notice_pending=True,
            )
            for pk in resolved.recipient_ids
        ],
        batch_size=1000,
    )
    if resolved.groups:
        audit_record(
            action=AuditAction.MAIL_GROUP_SENT,
            actor=author,
            target=draft,
            establishment=Establishment(pk=role.establishment_id)
            if role.establishment_id
            else None,
            details={
                "groups": [group.key for group in resolved.groups],
                "recipients": len(resolved.recipient_ids),
            },
        )
    _after_delivery([author.pk, *resolved.recipient_ids], notify=True)
    return draft
