"""The demo collège's mail (``core.demo`` step): every demo login has its welcome message, and a
few conversations between the demo parent, teacher, CPE and principal. Idempotent: each demo
message carries a ``system_key`` and is written once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from core.demo import DemoWorld

from .groups import groups_for
from .models import Contact, Message
from .rules import reach
from .services import (
    ConfirmationNeeded,
    contact_add_group,
    contact_add_person,
    contact_list_create,
    draft_save,
    message_send,
    recipients_resolve,
    welcome_deliver,
)


def _account(person: Any) -> Any:
    return getattr(person, "account", person) if person is not None else None


def _send(key: str, author: Any, subject: str, text: str, users=(), groups=()) -> bool:
    if author is None or Message.objects.filter(system_key=key).exists():
        return False
    from accounts.school import school_role

    draft = draft_save(
        author=author, draft=None, subject=subject, text=text,
        user_ids=list(users), group_keys=list(groups),
    )  # fmt: skip
    try:
        resolved = recipients_resolve(
            sender_reach=reach(school_role(author)), user_ids=users, group_keys=groups
        )
        message_send(
            author=author,
            draft=draft,
            user_ids=users,
            group_keys=groups,
            confirmed_count=len(resolved.recipient_ids),
        )
    except (ValidationError, ConfirmationNeeded):
        draft.delete()
        return False
    Message.objects.filter(pk=draft.pk).update(system_key=key)
    return True


def demo_mail(world: DemoWorld) -> str:
    parent = world.parent
    teacher = _account(world.teacher)
    education = _account(world.education)
    direction = _account(world.direction)
    child = world.children[0] if world.children else None
    accounts = [parent, teacher, education, direction, world.secretary]
    accounts += [kid.account for kid in world.children if kid.account_id]
    welcomed = sum(1 for a in accounts if a is not None and welcome_deliver(account=a))
    sent = 0
    name = child.first_name if child else "votre enfant"
    if teacher is not None:
        sent += _send(
            "demo:sortie", teacher, "Sortie au musée Sainte-Croix",
            "Bonjour,\n\nLa classe visitera le musée Sainte-Croix jeudi prochain. Merci de signer "
            "l'autorisation dans le carnet.\n\nCordialement.",
            users=[parent.pk],
        )  # fmt: skip
        sent += _send(
            "demo:reponse", parent, "RE : Sortie au musée Sainte-Croix",
            f"Bonjour,\n\nC'est noté, l'autorisation de {name} est signée.\n\nMerci.",
            users=[teacher.pk],
        )  # fmt: skip
    if education is not None:
        sent += _send(
            "demo:absence", education, f"Absence de {name}",
            f"Bonjour,\n\n{name} était absent(e) ce matin en première heure. Pouvez-vous "
            "justifier cette absence depuis Scolarité services ?\n\nLa vie scolaire",
            users=[parent.pk],
        )  # fmt: skip
    if direction is not None and child is not None and child.division_id:
        sent += _send(
            "demo:reunion", direction, "Réunion parents-professeurs",
            "Madame, Monsieur,\n\nLa réunion parents-professeurs aura lieu mardi à 17 h 30 "
            "au réfectoire.\n\nLe principal",
            groups=[f"parents-classe:{child.division_id}"],
        )  # fmt: skip
    saved = _demo_carnet(parent, [teacher, _account(child)], lists=[])
    if teacher is not None:
        pupils = [kid.account for kid in world.children if kid.account_id]
        saved += _demo_carnet(
            teacher,
            [education, direction, parent, *pupils[:1]],
            lists=[("Équipe éducative", [education, direction])],
            group_prefixes=("vie-scolaire:", "direction:"),
        )
    return (
        f"Mes courriels : {welcomed} message(s) de bienvenue, {sent} message(s) de démonstration, "
        f"{saved} contact(s) de carnet."
    )


def _demo_carnet(
    owner: Any, people: list[Any], *, lists: list[tuple[str, list[Any]]],
    group_prefixes: tuple[str, ...] = ("vie-scolaire:",),
) -> int:  # fmt: skip
    """A few entries of ``owner``'s carnet, through the services (the rules apply): the people,
    the school's desks, named lists. Idempotent (nothing is added twice)."""
    if owner is None:
        return 0
    from accounts.school import school_role

    sender_reach = reach(school_role(owner))
    added = 0
    for person in people:
        if person is None:
            continue
        try:
            added += contact_add_person(owner=owner, reach=sender_reach, person_id=person.pk)[1]
        except ValidationError:
            continue
    groups = groups_for(sender_reach)
    for key in groups:
        if key.startswith(group_prefixes):
            added += contact_add_group(owner=owner, groups=groups, group_key=key)[1]
    for label, members in lists:
        ids = [m.pk for m in members if m is not None]
        if ids and not Contact.objects.filter(owner=owner, kind="liste", label=label).exists():
            try:
                contact_list_create(owner=owner, reach=sender_reach, label=label, member_ids=ids)
                added += 1
            except ValidationError:
                continue
    return added
