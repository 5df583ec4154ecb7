"""Who a batch prints letters for: the current pupils of its scope and their legal guardians,
minus the accounts already activated; or, for a reset, the chosen accounts and children."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from accounts.models import Guardian, GuardianLink, Pupil, User

from ..models import Letter, LetterBatch

PROGRESS_CHUNK = 64
# States in which a batch may (re)issue a letter without an explicit reset.
REISSUABLE_STATES = frozenset({User.State.PROVISIONAL})
# An expired account (swept, or set so by hand) counts as no account: the roster record keeps
# pointing at it until the purge, and a new letter gives the person a fresh account.
DEAD_STATES = frozenset({User.State.EXPIRED})


@dataclass
class Target:
    kind: str
    pupil: Pupil
    guardian: Guardian | None
    account: User | None
    reset: bool = False
    # The expired account the roster record pointed at, replaced by the new one.
    expired_account: User | None = None
    password: str = ""
    password_hash: str = ""
    letter: Letter | None = field(default=None, repr=False)

    @property
    def person(self) -> Pupil | Guardian:
        return self.guardian or self.pupil

    @property
    def ready_account(self) -> User:
        """The account, once ``_accounts_create_missing`` has given every target one."""
        assert self.account is not None, "the target's account is created before its letter"
        return self.account

    @property
    def saved_letter(self) -> Letter:
        """The letter, once ``letter_batch_commit`` has created it."""
        assert self.letter is not None, "the target's letter is created before it is mailed"
        return self.letter


def _current_pupils(batch: LetterBatch) -> QuerySet[Pupil]:
    pupils = Pupil.objects.current().filter(establishment=batch.establishment)
    if batch.scope == LetterBatch.Scope.DIVISION:
        pupils = pupils.filter(division=batch.division)
    elif batch.scope == LetterBatch.Scope.LEVEL:
        pupils = pupils.filter(division__level=batch.level)
    elif batch.scope == LetterBatch.Scope.SELECTION:
        pupils = pupils.filter(pk__in=batch.pupil_ids)
    return pupils.select_related("division", "account")


def _live_account(account: User | None) -> tuple[User | None, User | None]:
    """(the account to use, the expired one it replaces): an expired account is no account."""
    if account is not None and account.state in DEAD_STATES:
        return None, account
    return account, None


def batch_targets(batch: LetterBatch) -> tuple[list[Target], dict[str, int]]:
    skipped = {"deja_actives": 0}
    targets: list[Target] = []
    if batch.scope == LetterBatch.Scope.RESET:
        account_ids = {p[0] for p in batch.reset_pairs}
        accounts = User.objects.in_bulk(account_ids)
        pupils_by_id = Pupil.objects.select_related("division").in_bulk(
            {p[1] for p in batch.reset_pairs}
        )
        guardians_by_id = Guardian.objects.in_bulk({p[2] for p in batch.reset_pairs if p[2]})
        for account_id, pupil_id, guardian_id in batch.reset_pairs:
            account, pupil = accounts.get(account_id), pupils_by_id.get(pupil_id)
            if account is None or pupil is None:
                continue
            guardian = guardians_by_id.get(guardian_id) if guardian_id else None
            kind = Letter.Kind.GUARDIAN if guardian else Letter.Kind.PUPIL
            live, expired = _live_account(account)
            targets.append(
                Target(
                    kind=kind,
                    pupil=pupil,
                    guardian=guardian,
                    account=live,
                    reset=live is not None,
                    expired_account=expired,
                )
            )
        return targets, skipped

    pupils = list(_current_pupils(batch))
    if batch.include_pupils:
        for pupil in pupils:
            account, expired = _live_account(pupil.account)
            if account and account.state not in REISSUABLE_STATES:
                skipped["deja_actives"] += 1
                continue
            targets.append(
                Target(
                    kind=Letter.Kind.PUPIL,
                    pupil=pupil,
                    guardian=None,
                    account=account,
                    expired_account=expired,
                )
            )
    if batch.include_guardians:
        by_id = {p.pk: p for p in pupils}
        links = (
            GuardianLink.objects.filter(pupil_id__in=by_id, level=GuardianLink.Level.LEGAL)
            .select_related("guardian__account")
            .order_by("pupil_id", "rank", "pk")
        )
        for link in links:
            account, expired = _live_account(link.guardian.account)
            if account and account.state not in REISSUABLE_STATES:
                skipped["deja_actives"] += 1
                continue
            targets.append(
                Target(
                    kind=Letter.Kind.GUARDIAN,
                    pupil=by_id[link.pupil_id],
                    guardian=link.guardian,
                    account=account,
                    expired_account=expired,
                )
            )

    def sort_key(t: Target) -> tuple[bool, str, str, str, int]:
        division = t.pupil.division.code if t.pupil.division else ""
        return (
            t.kind != Letter.Kind.PUPIL,
            division,
            t.pupil.display_last_name,
            t.pupil.first_name,
            t.pupil.pk,
        )

    targets.sort(key=sort_key)
    return targets, skipped
