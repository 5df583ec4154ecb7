"""The two steps of "Regrouper des comptes", kept in the session.

Step 1 proves the other account (its credentials, checked by the form); its id is kept in the
session for ``CONFIRM_WINDOW_SECONDS``. Step 2 shows what will move and merges. A double click or a
second tab that arrives after the merge lands on "Regroupement terminé", never on an error.
"""

from __future__ import annotations

import time
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any, Literal

from django.utils.functional import Promise

from accounts.models import User

from .. import selectors
from ..messages import MERGE_START_AGAIN
from ..models import AccountMerge
from .merge import MergeAlreadyDone, MergePlan, MergeRefused, accounts_merge, merge_plan

# The values predate the app's name: sessions opened before the move keep working.
SESSION_MERGE_KEY = "teleservices_merge_candidate"
SESSION_MERGE_DONE_KEY = "teleservices_merge_done"
# The other account's credentials were checked at step 1: the confirmation must follow soon.
CONFIRM_WINDOW_SECONDS = 10 * 60


@dataclass(frozen=True)
class Step:
    """Where the confirmation page goes: ``confirm`` (show ``plan``), ``done``, ``restart`` at step 1
    (with ``message``), or ``refused`` (stay, ``message`` as the form's error)."""

    kind: Literal["confirm", "done", "restart", "refused"]
    plan: MergePlan | None = None
    message: str | Promise = ""


class MergeWizard:
    def __init__(self, session: MutableMapping[str, Any], survivor: User) -> None:
        self.session = session
        self.survivor = survivor

    def start(self, plan: MergePlan) -> None:
        self.session[SESSION_MERGE_KEY] = {"absorbed_id": plan.absorbed.pk, "at": int(time.time())}

    def cancel(self) -> None:
        self.session.pop(SESSION_MERGE_KEY, None)

    def _candidate(self) -> User | None:
        data = self.session.get(SESSION_MERGE_KEY) or {}
        if not data or time.time() - data.get("at", 0) > CONFIRM_WINDOW_SECONDS:
            return None
        absorbed_id = data.get("absorbed_id")
        return User.objects.filter(pk=absorbed_id).first() if isinstance(absorbed_id, int) else None

    def just_done(self) -> AccountMerge | None:
        """The merge this session made (or that its step 1 led to, made by a second click)."""
        kept = selectors.account_merges_kept(user=self.survivor)
        merge_id = self.session.get(SESSION_MERGE_DONE_KEY)
        if merge_id:
            return kept.filter(pk=merge_id).first()
        data = self.session.get(SESSION_MERGE_KEY) or {}
        return kept.filter(absorbed_id=data.get("absorbed_id")).first() if data else None

    def confirmation(self) -> Step:
        candidate = self._candidate()
        if candidate is None:
            return (
                Step("done")
                if self.just_done() is not None
                else Step("restart", message=MERGE_START_AGAIN)
            )
        try:
            plan = merge_plan(survivor=self.survivor, absorbed=candidate)
        except MergeAlreadyDone:
            return Step("done")
        except MergeRefused as exc:
            if candidate.state == User.State.CLOSED and self.just_done() is not None:
                return Step("done")  # the second click of a double click
            self.cancel()
            return Step("restart", message=exc.message)
        return Step("confirm", plan=plan)

    def merge(self, *, plan: MergePlan, joint: bool, ip: str | None) -> Step:
        try:
            merge = accounts_merge(
                survivor=self.survivor, absorbed_id=plan.absorbed.pk, joint=joint, ip=ip
            )
        except MergeAlreadyDone as exc:
            if exc.merge is not None and exc.merge.survivor_id == self.survivor.pk:
                return Step("done")
            return Step("restart", message=exc.message)
        except MergeRefused as exc:
            return Step("refused", message=exc.message)
        self.session.pop(SESSION_MERGE_KEY, None)
        self.session[SESSION_MERGE_DONE_KEY] = merge.pk
        return Step("done")

    def finish(self) -> AccountMerge | None:
        """The merge to show on "Regroupement terminé"; the wizard's step 1 is over."""
        merge = self.just_done()
        if merge is not None:
            self.session.pop(SESSION_MERGE_KEY, None)
        return merge
