"""Reads of Mes courriels; each costs a fixed number of queries, whatever the mailbox's size.

A folder page is read by the index (owner, folder, -date, -id) with keyset pagination: the
cursor is the (date, id) of the last row shown, so page 400 costs what page 1 costs. Every
message, attachment or draft is looked up among the user's own mailbox rows: 404 for anyone
else's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from core.text import fold

from . import conf
from .annuaire import annotate_folded, name_search_q
from .groups import Group
from .models import Attachment, Delivery, Message
from .rules import Reach

Folder = Delivery.Folder
FOLDERS = {
    "reception": Folder.INBOX,
    "envoyes": Folder.SENT,
    "brouillons": Folder.DRAFTS,
    "corbeille": Folder.TRASH,
}
SLUG_OF_FOLDER = {folder: slug for slug, folder in FOLDERS.items()}
_LIST_FIELDS = (
    "pk",
    "folder",
    "origin",
    "is_read",
    "date",
    "message__id",
    "message__subject",
    "message__sender_label",
    "message__recipients_label",
    "message__recipient_count",
    "message__has_attachments",
    "message__sent_at",
)
PICKER_LIMIT = 30


@dataclass(frozen=True)
class Cursor:
    date: datetime.datetime
    pk: int

    def encode(self) -> str:
        return f"{int(self.date.timestamp() * 1_000_000)}-{self.pk}"

    @classmethod
    def decode(cls, value: str | None) -> Cursor | None:
        try:
            micros, pk = (value or "").split("-", 1)
            date = datetime.datetime.fromtimestamp(int(micros) / 1_000_000, tz=datetime.UTC)
            return cls(date=date, pk=int(pk))
        except (ValueError, OverflowError, OSError):
            return None


@dataclass(frozen=True)
class FolderPage:
    rows: list[Delivery]
    older: str | None  # cursor of the next page (older messages)
    newer: str | None  # cursor of the previous page


def _search_q(query: str) -> Q:
    q = Q()
    for word in fold(query).split()[:8]:
        q &= Q(message__search_text__contains=word)
    return q


def folder_page(
    *, owner: User, folder: str, query: str = "", older: str | None = None, newer: str | None = None
) -> FolderPage:
    """One page of a folder, newest first: one query."""
    size = conf.page_size()
    rows = Delivery.objects.filter(owner=owner, folder=folder).select_related("message")
    if query:
        rows = rows.filter(_search_q(query))
    rows = rows.only(*_LIST_FIELDS)
    before, after = Cursor.decode(older), Cursor.decode(newer)
    if after is not None:
        found = list(
            rows.filter(Q(date__gt=after.date) | Q(date=after.date, pk__gt=after.pk)).order_by(
                "date", "pk"
            )[: size + 1]
        )
        more_newer = len(found) > size
        found = list(reversed(found[:size]))
        more_older = True
    else:
        if before is not None:
            rows = rows.filter(Q(date__lt=before.date) | Q(date=before.date, pk__lt=before.pk))
        found = list(rows.order_by("-date", "-pk")[: size + 1])
        more_older = len(found) > size
        found = found[:size]
        more_newer = before is not None
    if not found:
        return FolderPage(rows=[], older=None, newer=None)
    first, last = found[0], found[-1]
    return FolderPage(
        rows=found,
        older=Cursor(last.date, last.pk).encode() if more_older else None,
        newer=Cursor(first.date, first.pk).encode() if more_newer else None,
    )


def unread_count(*, owner: User) -> int:
    """Unread messages of the inbox: one query on a partial index."""
    return Delivery.objects.filter(owner=owner, folder=Folder.INBOX, is_read=False).count()


def latest_inbox(*, owner: User, limit: int = 5) -> list[Delivery]:
    return list(
        Delivery.objects.filter(owner=owner, folder=Folder.INBOX)
        .select_related("message")
        .only(*_LIST_FIELDS)
        .order_by("-date", "-pk")[:limit]
    )


def delivery_of_owner(*, owner: User, pk: int) -> Delivery:
    """A message of the user's mailbox, with its attachments: 2 queries; 404 for another's."""
    delivery = (
        Delivery.objects.filter(owner=owner, pk=pk)
        .select_related("message", "message__quoted")
        .prefetch_related("message__attachments")
        .first()
    )
    if delivery is None:
        raise Http404("Message introuvable.")
    return delivery


def draft_of_author(*, author: User, pk: int) -> Message:
    draft = (
        Message.objects.filter(pk=pk, sender=author, sent_at__isnull=True)
        .select_related("quoted")
        .prefetch_related("attachments")
        .first()
    )
    if draft is None:
        raise Http404("Brouillon introuvable.")
    return draft


def attachment_of_owner(*, owner: User, pk: int) -> Attachment:
    """An attachment of a message in the user's mailbox (received, sent, draft, trash)."""
    attachment = (
        Attachment.objects.filter(pk=pk, message__deliveries__owner=owner).distinct().first()
    )
    if attachment is None:
        raise Http404("Pièce jointe introuvable.")
    return attachment


# --- the recipient picker --------------------------------------------------------------------


def _person(row: Any) -> dict[str, Any]:
    profile = User.Profile(row["profile"]).label if row["profile"] in User.Profile.values else ""
    detail = profile
    if row.get("pupil__division__code"):
        detail = f"{profile}, {row['pupil__division__code']}"
    name = f"{row['first_name']} {row['last_name']}".strip() or row["username"]
    return {"pk": row["pk"], "name": name, "detail": detail}


def _people(accounts: QuerySet[User], limit: int) -> list[dict[str, Any]]:
    rows = accounts.order_by("last_name", "first_name", "pk").values(
        "pk", "first_name", "last_name", "username", "profile", "pupil__division__code"
    )[:limit]
    return [_person(row) for row in rows]


def picker_people(*, reach: Reach, query: str) -> list[dict[str, Any]]:
    """The people matching ``query`` that the sender may write to (first 30), one query; for
    a family (a few dozen people at most), everyone reachable when nothing is typed."""
    accounts = reach.accounts()
    words = query.split()[:4]
    if not words:
        if not reach.role.is_family:
            return []
        return _people(accounts, 200)
    # Names compared folded, as in the annuaire: "helene" finds "Hélène".
    fields = ("first_name", "last_name", "username")
    accounts = annotate_folded(accounts, fields).filter(name_search_q(" ".join(words), fields))
    return _people(accounts, PICKER_LIMIT)


def picker_groups(*, available: dict[str, Group], query: str) -> list[Group]:
    """Of the groups the sender may address (``groups_for``), those matching ``query``."""
    groups = list(available.values())
    words = fold(query).split()
    if words:
        groups = [g for g in groups if all(w in fold(g.label) for w in words)]
    return groups


def people_named(*, reach: Reach, ids: list[int]) -> list[dict[str, Any]]:
    """The chosen recipients still reachable, with their names: one query."""
    if not ids:
        return []
    return _people(reach.accounts().filter(pk__in=ids), len(ids))


def recipient_count(*, reach: Reach, user_ids: list[int], groups: list[Group]) -> int:
    q = Q(pk__in=user_ids)
    for group in groups:
        q |= group.members
    return reach.accounts().filter(q).count()
