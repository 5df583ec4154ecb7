"""The carnet d'adresses: the owner's saved people, groups and named lists, used by the picker.

An entry is a shortcut, never a permission: adding one checks the communication rules
(``rules.reach``, ``groups.groups_for``), and so does every use of it — the picker shows an entry
the rules no longer allow as « plus joignable », and ``carnet_resolve`` refuses it at sending
time. Every write is on the owner's own rows; no audit (a personal address book nobody else
reads), like the bureau.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User

from .. import messages as texts
from ..groups import Group
from ..models import Contact
from ..rules import Reach
from .common import user_label

MAX_CONTACTS = 300
MAX_LIST_MEMBERS = 50
Kind = Contact.Kind


def _check_room(owner: User) -> None:
    if Contact.objects.filter(owner=owner).count() >= MAX_CONTACTS:
        raise ValidationError(texts.CONTACT_LIMIT % {"count": MAX_CONTACTS}, code="limit")


def _clean_label(label: str, *, required: bool) -> str:
    label = " ".join((label or "").split())
    if required and not label:
        raise ValidationError(texts.CONTACT_LIST_LABEL_EMPTY, code="label_empty")
    if len(label) > 100:
        raise ValidationError(texts.CONTACT_LABEL_TOO_LONG, code="label_too_long")
    return label


@transaction.atomic
def contact_add_person(*, owner: User, reach: Reach, person_id: int) -> tuple[Contact, bool]:
    """Adds a person the owner may write to; (the entry, created). Outside the rules: refused."""
    if not reach.allowed_ids([person_id]):
        raise ValidationError(texts.CONTACT_PERSON_OUT, code="outside_rules")
    existing = Contact.objects.filter(owner=owner, person_id=person_id).first()
    if existing is not None:
        return existing, False
    _check_room(owner)
    # get_or_create: a double click's second request finds the first one's row.
    return Contact.objects.get_or_create(
        owner=owner, person_id=person_id, defaults={"kind": Kind.PERSON}
    )


@transaction.atomic
def contact_add_group(
    *, owner: User, groups: dict[str, Group], group_key: str
) -> tuple[Contact, bool]:
    """Adds a group of ``groups_for(reach)``, under its label; (the entry, created)."""
    group = groups.get(group_key)
    if group is None:
        raise ValidationError(texts.CONTACT_GROUP_OUT, code="group_not_allowed")
    existing = Contact.objects.filter(owner=owner, kind=Kind.GROUP, group_key=group_key).first()
    if existing is not None:
        return existing, False
    _check_room(owner)
    contact = Contact.objects.create(
        owner=owner, kind=Kind.GROUP, group_key=group_key, label=group.label[:100]
    )
    return contact, True


def _checked_members(*, owner: User, reach: Reach, member_ids: Iterable[int]) -> set[int]:
    """A list's members: people of the owner's carnet that the owner may reach (2 queries)."""
    wanted = {int(pk) for pk in member_ids}
    if len(wanted) > MAX_LIST_MEMBERS:
        raise ValidationError(
            texts.CONTACT_LIST_TOO_BIG % {"count": MAX_LIST_MEMBERS}, code="list_too_big"
        )
    if not wanted:
        return set()
    in_carnet = set(
        Contact.objects.filter(owner=owner, kind=Kind.PERSON, person_id__in=wanted).values_list(
            "person_id", flat=True
        )
    )
    if in_carnet != wanted or reach.allowed_ids(wanted) != wanted:
        raise ValidationError(texts.CONTACT_LIST_MEMBER_OUT, code="member_outside_rules")
    return wanted


@transaction.atomic
def contact_list_create(
    *, owner: User, reach: Reach, label: str, member_ids: Iterable[int]
) -> Contact:
    label = _clean_label(label, required=True)
    members = _checked_members(owner=owner, reach=reach, member_ids=member_ids)
    _check_room(owner)
    contact = Contact.objects.create(owner=owner, kind=Kind.LIST, label=label)
    contact.members.set(members)
    return contact


@transaction.atomic
def contact_update(
    *, contact: Contact, reach: Reach, label: str, member_ids: Iterable[int] | None = None
) -> Contact:
    """Renames an entry (an empty name gives a person back their own name); for a list, its
    members are replaced by ``member_ids``. Members no longer reachable may be kept only by
    removing them: a list is never saved with someone the rules hide."""
    contact.label = _clean_label(label, required=contact.kind != Kind.PERSON)
    contact.save(update_fields=["label"])
    if contact.kind == Kind.LIST and member_ids is not None:
        members = _checked_members(owner=contact.owner, reach=reach, member_ids=member_ids)
        contact.members.set(members)
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact) -> None:
    contact.delete()


# --- using the carnet: the picker and the send -------------------------------------------------


@dataclass
class CarnetRecipients:
    """What the chosen carnet entries address, and which of them the rules refuse."""

    user_ids: list[int] = field(default_factory=list)
    group_keys: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # French messages, one per refused entry


def contact_name(contact: Contact) -> str:
    if contact.label:
        return contact.label
    return user_label(contact.person) if contact.person is not None else ""


def carnet_resolve(
    *, owner: User, reach: Reach, groups: dict[str, Group], contact_ids: Iterable[int]
) -> CarnetRecipients:
    """The recipients of the chosen entries of the owner's carnet, checked against the rules
    now: 3 queries (the entries, the lists' members, who is reachable) whatever their number.
    An entry of another user or a deleted one, a person or a list member no longer reachable,
    a group no longer allowed: refused, with a message naming it."""
    wanted = {int(pk) for pk in contact_ids}
    result = CarnetRecipients()
    if not wanted:
        return result
    contacts = list(
        Contact.objects.filter(owner=owner, pk__in=wanted)
        .select_related("person")
        .prefetch_related("members")
        .order_by("pk")
    )
    if len(contacts) != len(wanted):
        result.refused.append(str(texts.CONTACT_UNKNOWN))
    people = {c.person_id for c in contacts if c.person_id}
    people |= {m.pk for c in contacts if c.kind == Kind.LIST for m in c.members.all()}
    allowed = reach.allowed_ids(people)
    for contact in contacts:
        name = contact_name(contact)
        if contact.kind == Kind.PERSON:
            if contact.person_id in allowed:
                result.user_ids.append(contact.person_id)
            else:
                result.refused.append(texts.CONTACT_UNREACHABLE % {"name": name})
        elif contact.kind == Kind.GROUP:
            if contact.group_key in groups:
                result.group_keys.append(contact.group_key)
            else:
                result.refused.append(texts.CONTACT_UNREACHABLE % {"name": name})
        else:
            members = list(contact.members.all())
            lost = [user_label(m) for m in members if m.pk not in allowed]
            if lost:
                result.refused.append(
                    texts.CONTACT_LIST_UNREACHABLE % {"name": name, "people": ", ".join(lost)}
                )
            else:
                result.user_ids += [m.pk for m in members]
    return result
