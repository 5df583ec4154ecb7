"""Reads of the annuaire des utilisateurs and of the carnet d'adresses, each a fixed number of
queries whatever the number of people found or saved.

The annuaire lists exactly the people the viewer may write to: ``reach(role).accounts()``, the
mail's own rule set (``messagerie.rules``), searched by name without regard to accents or case.
What a result shows depends on who reads it:

* everyone: the name and the profile (for staff, their function: direction, vie scolaire…);
* a teacher: the subjects and classes or groups of their active STS services;
* a pupil: their class;
* a parent: the classes of their children, **only to staff** of the children's school;
* never an e-mail address nor a phone number (nobody's: the annuaire leads to the mail).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, F, Func, Q, QuerySet
from django.http import Http404

from accounts.models import GuardianLink, Pupil, StaffMember, TeachingService, User
from core.text import fold

from .groups import Group
from .models import Contact
from .rules import Reach, is_staff_sender

PAGE_SIZE = 20
MIN_QUERY = 2
# Accented letters of names, each with its plain letter, for PostgreSQL's translate() (which
# runs before lower(): a database in the C locale lowers ASCII only). Ligatures and separators
# are replaced after it.
_ACCENTED = "àâäáãåçéèêëíìîïñóòôöõøúùûüýÿÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕØÚÙÛÜÝŸ’'-"
_PLAIN = "aaaaaaceeeeiiiinoooooouuuuyyaaaaaaceeeeiiiinoooooouuuuyy   "
_LIGATURES = (("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae"))
SQLITE_FOLD = "cartable_fold"
assert len(_ACCENTED) == len(_PLAIN)


def fold_name(value: str | None) -> str:
    """``core.text.fold``, with hyphens and apostrophes as spaces: how names are compared."""
    return fold(value).replace("-", " ").replace("'", " ").replace("’", " ")


def register_sqlite_fold(sender: Any, connection: Any, **kwargs: Any) -> None:
    """SQLite has no translate(): ``fold_name`` itself, registered on each connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FOLD, 1, fold_name, deterministic=True)


class Folded(Func):
    """A text column lower-cased, without accents: the database's copy of ``fold_name``."""

    arity = 1
    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        connection.ensure_connection()
        register_sqlite_fold(None, connection)  # whatever opened the connection
        return self.as_sql(compiler, connection, function=SQLITE_FOLD, **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        sql = f"lower(translate({sql}, %s, %s))"
        params = [*params, _ACCENTED, _PLAIN]
        for letter, plain in _LIGATURES:
            sql = f"replace({sql}, %s, %s)"
            params += [letter, plain]
        return sql, params

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        extra.setdefault("function", "LOWER")
        return super().as_sql(compiler, connection, **extra)


def folded(field_name: str) -> Func:
    return Folded(F(field_name))


def name_search_q(query: str, fields: tuple[str, ...] = ("first_name", "last_name")) -> Q:
    """Every word of ``query`` in one of the name ``fields``, accents and case aside. Used with
    ``annotate_folded``."""
    q = Q()
    for word in fold_name(query).split()[:4]:
        one = Q()
        for name in fields:
            one |= Q(**{f"folded_{name}__contains": word})
        q &= one
    return q


def annotate_folded(
    accounts: QuerySet[User], fields: tuple[str, ...] = ("first_name", "last_name")
) -> QuerySet[User]:
    return accounts.annotate(**{f"folded_{name}": folded(name) for name in fields})


def query_long_enough(query: str) -> bool:
    return len("".join(fold_name(query).split())) >= MIN_QUERY


# --- the annuaire ----------------------------------------------------------------------------


@dataclass
class Person:
    pk: int
    name: str
    profile: str
    function: str = ""
    division: str = ""  # a pupil's class
    teaching: list[str] = field(default_factory=list)  # "Mathématiques (4 B, 3 A)"
    children_classes: list[str] = field(default_factory=list)  # staff viewers only
    in_carnet: bool = False


@dataclass(frozen=True)
class DirectoryPage:
    people: list[Person]
    count: int
    number: int
    pages: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def _name(row: Any) -> str:
    return f"{row['first_name']} {row['last_name']}".strip() or row["username"]


def _teaching(account_ids: list[int]) -> dict[int, list[str]]:
    """Each teacher's subjects with their classes and groups: one query."""
    rows = (
        TeachingService.objects.active()
        .filter(teacher__account_id__in=account_ids, teacher__left_on__isnull=True)
        .values_list(
            "teacher__account_id", "subject__label", "division__code", "group__code", "group__label"
        )
        .order_by("subject__label", "division__code", "group__code")
    )
    by_teacher: dict[int, dict[str, list[str]]] = defaultdict(dict)
    for account_id, subject, division, group_code, group_label in rows:
        structures = by_teacher[account_id].setdefault(subject, [])
        structure = division or group_label or group_code or ""
        if structure and structure not in structures:
            structures.append(structure)
    return {
        pk: [f"{s} ({', '.join(c)})" if c else s for s, c in subjects.items()]
        for pk, subjects in by_teacher.items()
    }


def _functions(account_ids: list[int], establishment_ids: set[int]) -> dict[int, str]:
    rows = StaffMember.objects.filter(
        account_id__in=account_ids, left_on__isnull=True, establishment_id__in=establishment_ids
    ).values_list("account_id", "function")
    labels = dict(StaffMember.Function.choices)
    found: dict[int, str] = {}
    for account_id, function in rows:
        if function and function != StaffMember.Function.TEACHER:
            found.setdefault(account_id, labels.get(function, ""))
    return found


def _children_classes(account_ids: list[int], establishment_id: int) -> dict[int, list[str]]:
    rows = (
        GuardianLink.objects.legal()
        .filter(
            guardian__account_id__in=account_ids,
            pupil__in=Pupil.objects.current().filter(establishment_id=establishment_id),
            pupil__division__isnull=False,
        )
        .values_list("guardian__account_id", "pupil__division__code")
        .order_by("pupil__division__code")
        .distinct()
    )
    found: dict[int, list[str]] = defaultdict(list)
    for account_id, code in rows:
        if code not in found[account_id]:
            found[account_id].append(code)
    return found


def directory_search(*, reach: Reach, viewer: User, query: str, page: int = 1) -> DirectoryPage:
    """The people matching ``query`` the viewer may write to, by name, one page: 5 queries
    (count, page, teaching services, staff functions, carnet) plus 1 (children's classes) for a
    staff viewer, whatever the number found. An empty page when the query is too short."""
    if not query_long_enough(query):
        return DirectoryPage(people=[], count=0, number=1, pages=0)
    accounts = annotate_folded(reach.accounts()).filter(name_search_q(query))
    count = accounts.count()
    pages = max(1, -(-count // PAGE_SIZE))
    number = min(max(1, page), pages)
    start = (number - 1) * PAGE_SIZE
    rows = list(
        accounts.order_by("last_name", "first_name", "pk").values(
            "pk", "first_name", "last_name", "username", "profile", "pupil__division__code"
        )[start : start + PAGE_SIZE]
    )
    if not rows:
        return DirectoryPage(people=[], count=count, number=number, pages=pages)
    ids = [row["pk"] for row in rows]
    role = reach.role
    establishments = set(role.establishment_ids) or (
        {role.establishment_id} if role.establishment_id else set()
    )
    staff_ids = [
        r["pk"] for r in rows if r["profile"] in (User.Profile.ENSEIGNANT, User.Profile.PERSONNEL)
    ]
    teaching = _teaching(staff_ids) if staff_ids else {}
    functions = _functions(staff_ids, establishments) if staff_ids else {}
    parents = [r["pk"] for r in rows if r["profile"] == User.Profile.PARENT]
    children: dict[int, list[str]] = {}
    if parents and is_staff_sender(role) and role.establishment_id is not None:
        children = _children_classes(parents, role.establishment_id)
    saved = set(
        Contact.objects.filter(owner=viewer, person_id__in=ids).values_list("person_id", flat=True)
    )
    labels = dict(User.Profile.choices)
    people = [
        Person(
            pk=row["pk"],
            name=_name(row),
            profile=labels.get(row["profile"], ""),
            function=functions.get(row["pk"], ""),
            division=row["pupil__division__code"] or ""
            if row["profile"] == User.Profile.ELEVE
            else "",
            teaching=teaching.get(row["pk"], []),
            children_classes=children.get(row["pk"], []),
            in_carnet=row["pk"] in saved,
        )
        for row in rows
    ]
    return DirectoryPage(people=people, count=count, number=number, pages=pages)


# --- the carnet d'adresses -------------------------------------------------------------------


@dataclass
class Entry:
    contact: Contact
    name: str
    detail: str
    reachable: bool
    members: list[tuple[str, bool]] = field(default_factory=list)  # a list's (name, reachable)

    @property
    def pk(self) -> int:
        return self.contact.pk

    @property
    def kind(self) -> str:
        return self.contact.kind


def _user_name(user: User) -> str:
    return f"{user.first_name} {user.last_name}".strip() or user.username


def carnet_entries(*, owner: User, reach: Reach, groups: dict[str, Group]) -> list[Entry]:
    """The owner's carnet, each entry marked reachable or not under the rules of today: 3
    queries (entries with their person, the lists' members, who is reachable)."""
    contacts = list(
        Contact.objects.filter(owner=owner)
        .select_related("person")
        .prefetch_related("members")
        .order_by("kind", "label", "person__last_name", "person__first_name", "pk")
    )
    people = {c.person_id for c in contacts if c.person_id}
    people |= {m.pk for c in contacts if c.kind == Contact.Kind.LIST for m in c.members.all()}
    allowed = reach.allowed_ids(people) if people else set()
    labels = dict(User.Profile.choices)
    entries = []
    for contact in contacts:
        if contact.kind == Contact.Kind.PERSON and contact.person is not None:
            person = contact.person
            entries.append(
                Entry(
                    contact,
                    contact.label or _user_name(person),
                    labels.get(person.profile, ""),
                    person.pk in allowed,
                )
            )
        elif contact.kind == Contact.Kind.GROUP:
            entries.append(Entry(contact, contact.label, "groupe", contact.group_key in groups))
        else:
            members = sorted(
                ((_user_name(m), m.pk in allowed) for m in contact.members.all()),
                key=lambda item: fold(item[0]),
            )
            entries.append(
                Entry(
                    contact,
                    contact.label,
                    f"liste de {len(members)} personne{'s' if len(members) > 1 else ''}",
                    bool(members) and all(ok for _, ok in members),
                    members,
                )
            )
    return entries


def contact_of_owner(*, owner: User, pk: int) -> Contact:
    """An entry of the owner's carnet; 404 for anyone else's."""
    contact = (
        Contact.objects.filter(owner=owner, pk=pk)
        .select_related("person")
        .prefetch_related("members")
        .first()
    )
    if contact is None:
        raise Http404("Contact introuvable.")
    return contact
