"""The rows of other apps that follow the person across a regroupement (docs/mon-compte.md)."""

from __future__ import annotations

from django.dispatch import Signal

from accounts.models import User

from ..models import AccountMerge

# Apps above this one own rows that follow the person across a regroupement (personal notes,
# tasks…) but may not be imported here (layers). Receivers of ``account_rows_merge`` move the
# closed account's rows to the remaining one and return {"app.Model": [ids moved]}; the merge keeps
# that map, and ``account_rows_merge_undo`` hands it back so the undo moves exactly those rows.
account_rows_merge = Signal()  # survivor, absorbed -> dict[str, list[int]]
account_rows_merge_undo = Signal()  # survivor, absorbed, moved: dict[str, list[int]]


def rows_move(merge: AccountMerge, survivor: User, absorbed: User) -> dict[str, int]:
    moved: dict[str, list[int]] = {}
    for _receiver, rows in account_rows_merge.send(
        sender=AccountMerge, survivor=survivor, absorbed=absorbed
    ):
        if isinstance(rows, dict):
            moved.update(rows)
    merge.moved_rows = moved
    merge.save(update_fields=["moved_rows"])
    return {label: len(ids) for label, ids in moved.items()}
