"""The account lifecycle: the only code that writes an account's ``state``, ``is_active``,
password and session stamp (a test enforces it). Each transition writes its audit record.

    provisional ──first connection──▶ awaiting_email (guardians) ──link clicked──▶ active
    provisional ──first connection / SMS creation / FranceConnect──▶ active
    any ──reset (new letter)──▶ provisional        any ──merge, closing──▶ closed ──undo──▶ previous
    provisional / awaiting_email ──3 months (daily sweep, lifecycle.retention)──▶ expired ──▶ purged

Flows give the audit record's action and details (``Audit``): a first connection is recorded as
"first_connection.completed" on its letter, a merge as "account.merged" with what moved.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone

from ..audit import AuditAction, audit_record
from ..models import Establishment, User
from ..roster.identifiers import identifier_base, identifiers_allocate

# States whose accounts can log in (with a password); a provisional account logs in with its letter.
LOGIN_STATES = frozenset({User.State.ACTIVE, User.State.AWAITING_EMAIL})
CLOSING_STATES = frozenset({User.State.CLOSED, User.State.EXPIRED})

#: Sent inside the transaction of every transition that rotates the session stamp, once saved:
#: ``accounts`` (a list), ``reason`` (the transition's ``AuditAction``), ``actor`` (who did it:
#: ``None`` for the system, the account itself when it acted on itself) and ``ip``. Every session
#: cookie of these accounts is dead already (the session hash mixes the stamp in); apps above
#: ``accounts`` end what they keep beside a session (paired devices, pairings under way).
account_sessions_ended = Signal()

#: Sent inside the transaction of ``account_activate`` / ``account_create`` once an account has
#: become active (it was not before): ``account``. Apps above ``accounts`` open what a new
#: account has (the mail's welcome message).
account_activated = Signal()


@dataclass(frozen=True)
class Audit:
    """The audit record a transition writes: what happened, by whom, about what."""

    action: AuditAction
    actor: User | None = None
    target: models.Model | None = None  # the account itself when None
    establishment: Establishment | None = None
    details: dict[str, Any] = field(default_factory=dict)
    ip: str | None = None
    # The account acts on itself (its own password, its own creation by SMS…).
    by_account: bool = False

    def write(self, account: User) -> None:
        audit_record(
            action=self.action,
            actor=account if self.by_account else self.actor,
            target=self.target if self.target is not None else account,
            establishment=self.establishment,
            details=self.details,
            ip_address=self.ip,
        )


@dataclass(frozen=True)
class NewAccount:
    first_name: str
    last_name: str
    profile: str
    establishment: Establishment | None = None


def _sessions_ended(accounts: Iterable[User], audit: Audit) -> None:
    ended = list(accounts)
    actor = ended[0] if audit.by_account and len(ended) == 1 else audit.actor
    account_sessions_ended.send(
        sender=User, accounts=ended, reason=audit.action, actor=actor, ip=audit.ip
    )


def accounts_provision(
    people: Sequence[NewAccount], *, now: datetime.datetime | None = None
) -> list[User]:
    """New provisional accounts, without a usable password, identifiers allocated for all of them
    at once. Not audited one by one: the import or the letter batch that creates them records how
    many it created. Call inside the caller's transaction (the identifiers' lock lasts until its
    commit)."""
    if not people:
        return []
    now = now or timezone.now()
    usernames = identifiers_allocate([identifier_base(p.first_name, p.last_name) for p in people])
    unusable = make_password(None)
    users = [
        User(
            username=username,
            first_name=person.first_name[:150],
            last_name=person.last_name[:150],
            profile=person.profile,
            state=User.State.PROVISIONAL,
            password=unusable,
            establishment=person.establishment,
            state_changed_at=now,
        )
        for username, person in zip(usernames, people, strict=True)
    ]
    User.objects.bulk_create(users)
    return users


@transaction.atomic
def account_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    profile: str,
    state: str,
    audit: Audit,
    password: str | None = None,
    establishment: Establishment | None = None,
    is_staff: bool = False,
) -> User:
    """One account made outside the roster import (SMS creation, the demo's secretariat)."""
    account = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        profile=profile,
        state=state,
        establishment=establishment,
        is_staff=is_staff,
        state_changed_at=timezone.now(),
    )
    if password is None:
        account.set_unusable_password()
    else:
        account.set_password(password)
    account.full_clean()
    account.save()
    audit.write(account)
    if account.state == User.State.ACTIVE and account.is_active:
        account_activated.send(sender=User, account=account)
    return account


@transaction.atomic
def account_activate(
    *,
    account: User,
    audit: Audit,
    state: str = User.State.ACTIVE,
    password: str | None = None,
    email: str | None = None,
) -> User:
    """``account`` reaches ``state`` (active, or awaiting its e-mail check), with a new password
    (every other session then ends) and e-mail address when given."""
    fields = ["state", "state_changed_at", "is_active"]
    if password is not None:
        account.set_password(password)
        account.rotate_session_stamp()
        fields += ["password", "session_stamp"]
    if email is not None:
        account.email = email
        fields.append("email")
    became_active = state == User.State.ACTIVE and (account.state != state or not account.is_active)
    if account.state != state:
        account.state = state
        account.state_changed_at = timezone.now()
    account.is_active = True
    account.full_clean(exclude=["password"])
    account.save(update_fields=fields)
    audit.write(account)
    if password is not None:
        _sessions_ended([account], audit)
    if became_active:
        account_activated.send(sender=User, account=account)
    return account


@transaction.atomic
def accounts_reset(*, accounts: Iterable[User], audit: Audit) -> list[User]:
    """Back to provisional (a new letter follows): password and sessions dead. One audit record
    per account."""
    unique = {account.pk: account for account in accounts}
    now = timezone.now()
    for account in unique.values():
        account.set_unusable_password()
        account.rotate_session_stamp()
        account.state = User.State.PROVISIONAL
        account.state_changed_at = now
    User.objects.bulk_update(
        unique.values(), ["password", "session_stamp", "state", "state_changed_at"]
    )
    for account in unique.values():
        audit.write(account)
    _sessions_ended(unique.values(), audit)
    return list(unique.values())


def _locked_out(account: User, *, state: str, is_active: bool, audit: Audit) -> User:
    """``state`` without any usable password nor open session (closing, reopening)."""
    account.state = state
    account.state_changed_at = timezone.now()
    account.is_active = is_active
    account.set_unusable_password()
    account.rotate_session_stamp()
    account.save(
        update_fields=["state", "state_changed_at", "is_active", "password", "session_stamp"]
    )
    audit.write(account)
    _sessions_ended([account], audit)
    return account


@transaction.atomic
def account_close(*, account: User, audit: Audit) -> User:
    """Closed for good (a regroupement absorbed it, a duplicate provisional account): no password,
    no session, cannot log in."""
    return _locked_out(account, state=User.State.CLOSED, is_active=False, audit=audit)


@transaction.atomic
def accounts_close(*, accounts: Iterable[User], audit: Audit) -> list[User]:
    """``account_close`` for many accounts at once (the roster import's leavers): one update,
    one audit record per account."""
    unique = {account.pk: account for account in accounts}
    now = timezone.now()
    for account in unique.values():
        account.set_unusable_password()
        account.rotate_session_stamp()
        account.state = User.State.CLOSED
        account.state_changed_at = now
        account.is_active = False
    User.objects.bulk_update(
        unique.values(), ["password", "session_stamp", "state", "state_changed_at", "is_active"]
    )
    for account in unique.values():
        audit.write(account)
    _sessions_ended(unique.values(), audit)
    return list(unique.values())


@transaction.atomic
def account_reopen(*, account: User, state: str, audit: Audit) -> User:
    """A closed account back in ``state`` (a regroupement undone), without a usable password: the
    secretariat prints it a new letter."""
    return _locked_out(account, state=state, is_active=True, audit=audit)


#: Sent inside ``account_password_set``'s transaction once the new password is saved: ``account``.
#: Apps above ``accounts`` drop what the old password's holder started (pending e-mail changes).
account_password_changed = Signal()


@transaction.atomic
def account_password_set(*, account: User, password: str | None, audit: Audit) -> User:
    """A new password (``None``: none usable); every other session of the account ends. The
    caller keeps its own session with ``update_session_auth_hash``."""
    if password is None:
        account.set_unusable_password()
    else:
        account.set_password(password)
    account.rotate_session_stamp()
    account.save(update_fields=["password", "session_stamp"])
    audit.write(account)
    account_password_changed.send(sender=User, account=account)
    _sessions_ended([account], audit)
    return account


@transaction.atomic
def account_sessions_revoke(*, account: User, audit: Audit) -> User:
    """Ends every session of the account: sessions store a hash that includes the stamp."""
    account.rotate_session_stamp()
    account.save(update_fields=["session_stamp"])
    audit.write(account)
    _sessions_ended([account], audit)
    return account


@transaction.atomic
def account_admin_save(
    *,
    account: User,
    created: bool,
    changed: Sequence[str],
    previous_state: str | None,
    audit: Audit,
) -> User:
    """An account saved from the admin form (which already holds the typed values): the state's
    date follows a change of state, and closing or deactivating ends its sessions at once."""
    if not created and "state" in changed:
        account.state_changed_at = timezone.now()
    sessions_end = not created and (
        ("state" in changed and account.state in CLOSING_STATES)
        or ("is_active" in changed and not account.is_active)
    )
    if sessions_end:
        account.rotate_session_stamp()
    account.save()
    details = {"fields": sorted(changed), **audit.details}
    if not created and "state" in changed:
        details["state"] = [previous_state, account.state]
    Audit(
        action=audit.action,
        actor=audit.actor,
        target=account,
        establishment=audit.establishment,
        details=details,
        ip=audit.ip,
    ).write(account)
    if sessions_end:
        _sessions_ended([account], audit)
    return account
