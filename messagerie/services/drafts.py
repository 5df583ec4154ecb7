"""Drafts: saved at every post of the compose page, answers and forwards."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.school import school_role

from .. import conf
from .. import messages as texts
from ..groups import groups_for
from ..models import Attachment, Delivery, Message
from ..rules import reach
from ..versions import mailboxes_changed

# --- drafts ---------------------------------------------------------------------------------
from .common import Folder, Upload, _search_text, user_label
from .folders import _messages_delete


@transaction.atomic
def draft_save(
    *,
    author: User,
    draft: Message | None,
    subject: str,
    text: str,
    user_ids: Iterable[int],
    group_keys: Iterable[str],
    uploads: Sequence[Upload] = (),
    removed_attachment_ids: Iterable[int] = (),
    quoted: Message | None = None,
) -> Message:
    """Creates or updates the author's draft. Only recipients the author may reach are kept (a
    draft never shows a name the rules hide); files were checked by the form."""
    sender_reach = reach(school_role(author))
    groups = groups_for(sender_reach)
    addressed = {
        "users": sorted(sender_reach.allowed_ids(user_ids)),
        "groups": [key for key in dict.fromkeys(group_keys) if key in groups],
    }
    now = timezone.now()
    if draft is None:
        draft = Message(sender=author, sender_label=user_label(author), quoted=quoted)
    draft.subject = subject.strip()[:200]
    draft.draft_text = text
    draft.addressed = addressed
    draft.search_text = _search_text(draft.subject, text)
    draft.full_clean()
    draft.save()
    if removed_attachment_ids:
        for attachment in draft.attachments.filter(pk__in=list(removed_attachment_ids)):
            attachment.file.delete(save=False)
            attachment.delete()
    existing = draft.attachments.count()
    if existing + len(uploads) > conf.attachments_max_count():
        raise ValidationError(
            texts.TOO_MANY_ATTACHMENTS % {"count": conf.attachments_max_count()},
            code="attachments",
        )
    for upload in uploads:
        attachment = Attachment(
            message=draft,
            name=upload.checked.name,
            content_type=upload.checked.kind.content_type,
            size=upload.checked.size,
        )
        attachment.file.save(upload.checked.name, upload.file, save=False)
        attachment.save()
    has_attachments = existing + len(uploads) > 0
    if draft.has_attachments != has_attachments:
        draft.has_attachments = has_attachments
        draft.save(update_fields=["has_attachments"])
    Delivery.objects.update_or_create(
        owner=author,
        message=draft,
        origin=Folder.DRAFTS,
        defaults={"folder": Folder.DRAFTS, "date": now, "is_read": True, "trashed_at": None},
    )
    mailboxes_changed([author.pk])
    return draft


@transaction.atomic
def draft_discard(*, author: User, draft: Message) -> None:
    if draft.sender_id != author.pk or draft.sent_at is not None:
        raise ValidationError("Ce message n'est pas un brouillon.", code="not_draft")
    _messages_delete([draft.pk])
    mailboxes_changed([author.pk])


def reply_draft(*, author: User, delivery: Delivery, mode: str) -> Message:
    """A new draft answering ``delivery``'s message: ``reply`` (its sender), ``reply_all`` (its
    sender and the people it was addressed to), ``forward`` (nobody yet, attachments copied).
    Only recipients the author may reach are kept."""
    original = delivery.message
    prefix = "TR : " if mode == "forward" else "RE : "
    subject = original.subject
    if not subject.upper().startswith(prefix.strip()[:2]):
        subject = prefix + subject
    users: list[int] = []
    groups: list[str] = []
    if mode in ("reply", "reply_all") and original.sender_id:
        users.append(original.sender_id)
    if mode == "reply_all":
        users += [int(pk) for pk in original.addressed.get("users", [])]
        groups += list(original.addressed.get("groups", []))
    users = [pk for pk in users if pk != author.pk]
    with transaction.atomic():
        draft = draft_save(
            author=author,
            draft=None,
            subject=subject[:200],
            text="",
            user_ids=users,
            group_keys=groups,
            quoted=original,
        )
        if mode == "forward":
            for attachment in original.attachments.all():
                copy = Attachment(
                    message=draft,
                    name=attachment.name,
                    content_type=attachment.content_type,
                    size=attachment.size,
                )
                with attachment.file.open("rb") as source:
                    copy.file.save(attachment.name, ContentFile(source.read()), save=False)
                copy.save()
            if original.has_attachments:
                draft.has_attachments = True
                draft.save(update_fields=["has_attachments"])
    return draft
