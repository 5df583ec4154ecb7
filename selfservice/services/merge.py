"""Regrouper des comptes: a guardian closes another guardian account and takes its children.

* The other account is proved by its credentials: the temporary password of a live letter (an
  account never activated; checked by the letter backend, the one place that knows how) or the
  password of an activated guardian account.
* Both accounts must designate the same person in the roster (normalised names), or — by an
  explicit choice — be responsables légaux 1 and 2 of a common child (compte joint).
* ``accounts_merge`` locks both accounts (ordered by id), re-checks everything and moves the
  guardian records (``Guardian.account``), which moves the children and links with them. The
  partial unique constraint on ``AccountMerge.absorbed`` makes a second merge of the same account
  impossible even when two requests race.

What happens to the other rows of the closed account (see docs/mon-compte.md):
``merge_policy.MERGE_POLICY`` names every relation to the account model, and a test fails when a new one
appears without a decision.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import Promise

from accounts.audit import AuditAction
from accounts.lifecycle import Audit, account_close, account_reopen
from accounts.messages import INVALID_LOGIN
from accounts.models import Guardian, GuardianLink, User
from accounts.roster_version import roster_changed
from activation.backends import LetterBackend
from activation.models import EmailConfirmation, Letter
from core.text import name_key
from outbox.services import outbox_enqueue_mail

from ..messages import (
    ALREADY_CLOSED,
    JOINT_REQUIRED,
    MERGE_ALREADY_UNDONE,
    MERGE_UNDO_ACCOUNT_CHANGED,
    MERGE_UNDO_NOTHING_TO_MOVE,
    MERGE_UNDO_SURVIVOR_MERGED,
    NOT_A_GUARDIAN,
    OTHER_PERSON,
    SAME_ACCOUNT,
)
from ..models import AccountMerge, EmailChangeRequest
from .merge_rows import rows_move, rows_move_back

# States of the other account that a regroupement accepts, and how it is proved.
LETTER_STATES = frozenset({User.State.PROVISIONAL})
PASSWORD_STATES = frozenset({User.State.ACTIVE, User.State.AWAITING_EMAIL})


class MergeRefused(Exception):
    """A regroupement that cannot be done; the message is meant for the guardian."""

    def __init__(self, message: str | Promise, *, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# --- Names ---------------------------------------------------------------------------------------


def _name_keys(guardian: Guardian) -> set[tuple[str, str]]:
    # The identifiers' reading of names (core.text): "Lebœuf" and "Leboeuf" are one person.
    first = name_key(guardian.first_name)
    return {(first, name_key(last)) for last in (guardian.last_name, guardian.usage_name) if last}


def same_person(survivor_guardians: list[Guardian], absorbed_guardians: list[Guardian]) -> bool:
    """Every guardian record of the other account has the name of one of this account's records."""
    if not survivor_guardians or not absorbed_guardians:
        return False
    known: set[tuple[str, str]] = set()
    for guardian in survivor_guardians:
        known |= _name_keys(guardian)
    return all(_name_keys(guardian) & known for guardian in absorbed_guardians)


def joint_possible(survivor_guardians: list[Guardian], absorbed_guardians: list[Guardian]) -> bool:
    """Both are responsables légaux (level 1) of at least one common child."""

    def legal_children(guardians: list[Guardian]) -> set[int]:
        return {
            link.pupil_id
            for g in guardians
            for link in g.links.all()
            if link.level == GuardianLink.Level.LEGAL
        }

    return bool(legal_children(survivor_guardians) & legal_children(absorbed_guardians))


# --- Checking the other account ------------------------------------------------------------------


def _guardians_of(account_ids: list[int]) -> dict[int, list[Guardian]]:
    guardians = (
        Guardian.objects.filter(account_id__in=account_ids)
        .select_related("establishment")
        .prefetch_related(Prefetch("links", queryset=GuardianLink.objects.order_by("pk")))
        .order_by("pk")
    )
    by_account: dict[int, list[Guardian]] = {pk: [] for pk in account_ids}
    for guardian in guardians:
        assert guardian.account_id is not None  # filtered on account_id__in above
        by_account[guardian.account_id].append(guardian)
    return by_account


def merge_candidate_authenticate(*, identifier: str, password: str) -> User | None:
    """The account these credentials open for a regroupement, or None (never say why)."""
    identifier = (identifier or "").strip().lower()
    if not identifier or not password:
        return None
    candidate = User.objects.filter(username=identifier).first()
    if candidate is None:
        make_password(password)  # the same cost as a real check: no timing difference
        return None
    if not candidate.is_active:
        return None
    if candidate.state in LETTER_STATES:
        # The letter backend accepts only a live letter of a provisional account.
        return LetterBackend().authenticate(None, username=identifier, password=password)
    if candidate.state in PASSWORD_STATES and candidate.has_usable_password():
        return candidate if candidate.check_password(password) else None
    return None


@dataclass
class MergePlan:
    survivor: User
    absorbed: User
    survivor_guardians: list[Guardian]
    absorbed_guardians: list[Guardian]
    same_person: bool
    joint_possible: bool
    survivor_children: list = field(default_factory=list)
    absorbed_children: list = field(default_factory=list)

    @property
    def needs_joint_choice(self) -> bool:
        return not self.same_person


def _check_pair(survivor: User, absorbed: User | None) -> User:
    """The absorbed account, once the pair may be merged; ``MergeRefused`` otherwise."""
    if absorbed is None:
        raise MergeRefused(INVALID_LOGIN, code="invalid_login")
    if absorbed.pk == survivor.pk:
        raise MergeRefused(SAME_ACCOUNT, code="same_account")
    if not survivor.is_guardian or survivor.state != User.State.ACTIVE or not survivor.is_active:
        raise MergeRefused(NOT_A_GUARDIAN, code="not_guardian")
    if not absorbed.is_guardian:
        raise MergeRefused(NOT_A_GUARDIAN, code="not_guardian")
    if not absorbed.is_active or absorbed.state not in LETTER_STATES | PASSWORD_STATES:
        raise MergeRefused(ALREADY_CLOSED, code="closed")
    return absorbed


def merge_plan(*, survivor: User, absorbed: User | None) -> MergePlan:
    """What a regroupement would do, or ``MergeRefused``. Used by both steps and by the merge."""
    absorbed = _check_pair(survivor, absorbed)
    guardians = _guardians_of([survivor.pk, absorbed.pk])
    plan = MergePlan(
        survivor=survivor,
        absorbed=absorbed,
        survivor_guardians=guardians[survivor.pk],
        absorbed_guardians=guardians[absorbed.pk],
        same_person=same_person(guardians[survivor.pk], guardians[absorbed.pk]),
        joint_possible=joint_possible(guardians[survivor.pk], guardians[absorbed.pk]),
    )
    if not plan.absorbed_guardians or not plan.survivor_guardians:
        raise MergeRefused(OTHER_PERSON, code="other_person")
    if not plan.same_person and not plan.joint_possible:
        raise MergeRefused(OTHER_PERSON, code="other_person")
    return plan


# --- Merging -------------------------------------------------------------------------------------


class MergeAlreadyDone(MergeRefused):
    def __init__(self, merge: AccountMerge | None) -> None:
        super().__init__(ALREADY_CLOSED, code="already_done")
        self.merge = merge


def accounts_merge(
    *, survivor: User, absorbed_id: int, joint: bool, ip: str | None = None
) -> AccountMerge:
    """Closes ``absorbed_id`` and moves its guardian records to ``survivor``, all or nothing.

    ``joint`` must be True when the two accounts are not the same person (compte joint).
    Raises ``MergeRefused``; ``MergeAlreadyDone`` when this account was already absorbed.
    """
    try:
        return _accounts_merge(survivor_id=survivor.pk, absorbed_id=absorbed_id, joint=joint, ip=ip)
    except IntegrityError as exc:
        # Two requests raced and the unique constraint stopped the second one.
        existing = AccountMerge.objects.in_force().filter(absorbed_id=absorbed_id).first()
        raise MergeAlreadyDone(existing) from exc


@transaction.atomic
def _accounts_merge(
    *, survivor_id: int, absorbed_id: int, joint: bool, ip: str | None
) -> AccountMerge:
    now = timezone.now()
    locked = {
        u.pk: u
        for u in User.objects.select_for_update()
        .filter(pk__in=[survivor_id, absorbed_id])
        .order_by("pk")
    }
    survivor, absorbed = locked.get(survivor_id), locked.get(absorbed_id)
    if survivor is None:
        raise MergeRefused(NOT_A_GUARDIAN, code="not_guardian")
    if absorbed is not None and absorbed.state == User.State.CLOSED:
        raise MergeAlreadyDone(
            AccountMerge.objects.in_force().filter(absorbed_id=absorbed_id).first()
        )
    plan = merge_plan(survivor=survivor, absorbed=absorbed)
    absorbed = plan.absorbed  # merge_plan refused a missing account
    if plan.needs_joint_choice and not joint:
        raise MergeRefused(JOINT_REQUIRED, code="joint_required")
    joint = joint and not plan.same_person

    guardian_ids = [g.pk for g in plan.absorbed_guardians]
    link_ids = sorted(link.pk for g in plan.absorbed_guardians for link in g.links.all())
    pupil_ids = sorted({link.pupil_id for g in plan.absorbed_guardians for link in g.links.all()})
    previous_state = absorbed.state

    merge = AccountMerge(
        establishment=plan.absorbed_guardians[0].establishment,
        survivor=survivor,
        absorbed=absorbed,
        joint=joint,
        absorbed_previous_state=previous_state,
        guardian_ids=guardian_ids,
        link_ids=link_ids,
        pupil_ids=pupil_ids,
        actor=survivor,
        created_at=now,
    )
    merge.full_clean(validate_constraints=False)
    merge.save()  # first write: a racing duplicate fails here, before anything moved

    Guardian.objects.filter(pk__in=guardian_ids, account=absorbed).update(
        account=survivor, updated_at=now
    )
    roster_changed()  # cached pages showing these children are stale
    social_moved = _social_accounts_move(absorbed, survivor)
    rows_moved = rows_move(merge, survivor.pk, absorbed.pk)
    revoked = Letter.objects.filter(account=absorbed).live(now).update(revoked_at=now)
    _absorbed_pending_requests_end(absorbed, now)
    account_close(
        account=absorbed,
        audit=Audit(
            action=AuditAction.ACCOUNT_MERGED,
            actor=survivor,
            establishment=merge.establishment,
            ip=ip,
            details={
                "merge": merge.pk,
                "survivor": survivor.username,
                "absorbed": absorbed.username,
                "joint": joint,
                "absorbed_previous_state": previous_state,
                "guardians": guardian_ids,
                "pupils": pupil_ids,
                "letters_revoked": revoked,
                "social_accounts_moved": social_moved,
                "rows_moved": rows_moved,
            },
        ),
    )
    _merge_notify(merge, plan)
    return merge


def _social_accounts_move(absorbed: User, survivor: User) -> list[int]:
    """A FranceConnect identity can be linked to one account only: it follows the children."""
    if not apps.is_installed("allauth.socialaccount"):
        return []
    from allauth.socialaccount.models import SocialAccount

    ids = list(SocialAccount.objects.filter(user=absorbed).values_list("pk", flat=True))
    SocialAccount.objects.filter(pk__in=ids).update(user=survivor)
    return ids


def _absorbed_pending_requests_end(absorbed: User, now: datetime.datetime) -> None:
    EmailConfirmation.objects.filter(account=absorbed, used_at__isnull=True).update(used_at=now)
    EmailChangeRequest.objects.filter(
        account=absorbed, used_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=now)
    # Kept as history, but no longer verified: the address can be confirmed on the remaining
    # account, and no recovery flow ever finds the closed one by it.
    EmailAddress.objects.filter(user=absorbed).update(verified=False)


def _merge_notify(merge: AccountMerge, plan: MergePlan) -> None:
    absorbed_address = plan.absorbed.email or next(
        (g.email for g in plan.absorbed_guardians if g.email), ""
    )
    context = {
        "merge": merge,
        "survivor": plan.survivor,
        "absorbed": plan.absorbed,
        "joint": merge.joint,
    }
    sent = set()
    for role, address in (("survivor", plan.survivor.email), ("absorbed", absorbed_address)):
        address = (address or "").strip().lower()
        if not address or address in sent:
            continue
        sent.add(address)
        context["role"] = role
        outbox_enqueue_mail(
            idempotency_key=f"account-merge:{merge.pk}:{role}",
            to=address,
            template="selfservice/emails/merge",
            context=context,
        )


# --- Undo (secretariat) --------------------------------------------------------------------------


class MergeUndoRefused(Exception):
    pass


@transaction.atomic
def account_merge_undo(*, merge_id: int, actor: User, ip: str | None = None) -> AccountMerge:
    """Moves the guardian records back and reopens the closed account.

    The reopened account has no usable password and its letters were revoked: the secretariat
    prints it a new letter ("Réinitialiser le compte").
    """
    merge = AccountMerge.objects.select_for_update().filter(pk=merge_id).first()
    if merge is None or merge.undone_at is not None:
        raise MergeUndoRefused(MERGE_ALREADY_UNDONE)
    now = timezone.now()
    list(
        User.objects.select_for_update()
        .filter(pk__in=[merge.survivor_id, merge.absorbed_id])
        .order_by("pk")
    )
    absorbed = User.objects.get(pk=merge.absorbed_id)
    if absorbed.state != User.State.CLOSED:
        raise MergeUndoRefused(MERGE_UNDO_ACCOUNT_CHANGED)
    # The kept account was itself absorbed since: the records went on with it. The later merge's
    # undo brings them back first; undoing this one now would move nothing.
    if AccountMerge.objects.in_force().filter(absorbed_id=merge.survivor_id).exists():
        raise MergeUndoRefused(MERGE_UNDO_SURVIVOR_MERGED)
    moved = Guardian.objects.filter(pk__in=merge.guardian_ids, account_id=merge.survivor_id).update(
        account=absorbed, updated_at=now
    )
    if merge.guardian_ids and not moved:
        raise MergeUndoRefused(MERGE_UNDO_NOTHING_TO_MOVE)  # never "undone" when nothing moved
    roster_changed()  # cached pages showing these children are stale
    rows_move_back(merge, merge.survivor_id, absorbed.pk)
    merge.undone_at = now
    merge.undone_by = actor
    merge.save(update_fields=["undone_at", "undone_by"])
    account_reopen(
        account=absorbed,
        state=merge.absorbed_previous_state,
        audit=Audit(
            action=AuditAction.ACCOUNT_MERGE_UNDONE,
            actor=actor,
            establishment=merge.establishment,
            ip=ip,
            details={
                "merge": merge.pk,
                "survivor": merge.survivor.username,
                "absorbed": absorbed.username,
                "guardians_moved_back": moved,
                "state": merge.absorbed_previous_state,
                "note": "Le compte rouvert n'a pas de mot de passe : imprimer un nouveau courrier.",
            },
        ),
    )
    return merge
