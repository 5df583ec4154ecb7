"""Chained regroupements (A absorbs B, then C absorbs A): undoing either one, in either order,
moves the records it says it moves, or refuses and changes nothing."""

import pytest
from django.urls import reverse

from accounts.models import Guardian, User
from selfservice.models import AccountMerge
from selfservice.services.merge import MergeUndoRefused, account_merge_undo, accounts_merge
from tests.selfservice.merge_helpers import text


@pytest.fixture
def chain(family):
    """Sophie (A) absorbs s.martin2 (B), then Marc (C) absorbs Sophie: all records on Marc."""
    first = accounts_merge(survivor=family["sophie"], absorbed_id=family["other"].pk, joint=False)
    second = accounts_merge(survivor=family["marc"], absorbed_id=family["sophie"].pk, joint=True)
    assert set(Guardian.objects.filter(account=family["marc"]).values_list("pk", flat=True)) == {
        family["g1"].pk,
        family["g2"].pk,
        family["g3"].pk,
    }
    return first, second


def _owner(guardian) -> int:
    return Guardian.objects.get(pk=guardian.pk).account_id


def test_undoing_the_older_merge_first_is_refused_while_the_later_one_holds_its_records(
    family, secretariat, chain
):
    first, second = chain
    with pytest.raises(MergeUndoRefused, match="a depuis été regroupé"):
        account_merge_undo(merge_id=first.pk, actor=secretariat)
    first.refresh_from_db()
    assert first.undone_at is None
    assert User.objects.get(pk=family["other"].pk).state == User.State.CLOSED
    assert _owner(family["g2"]) == family["marc"].pk

    # The admin can still repair it: the later merge, then the older one.
    account_merge_undo(merge_id=second.pk, actor=secretariat)
    assert _owner(family["g2"]) == family["sophie"].pk
    account_merge_undo(merge_id=first.pk, actor=secretariat)
    assert _owner(family["g2"]) == family["other"].pk
    assert _owner(family["g1"]) == family["sophie"].pk
    assert _owner(family["g3"]) == family["marc"].pk
    assert not AccountMerge.objects.in_force().exists()


def test_undoing_the_later_merge_first_then_the_older_one(family, secretariat, chain):
    first, second = chain
    account_merge_undo(merge_id=second.pk, actor=secretariat)
    account_merge_undo(merge_id=first.pk, actor=secretariat)
    assert _owner(family["g1"]) == family["sophie"].pk
    assert _owner(family["g2"]) == family["other"].pk
    assert _owner(family["g3"]) == family["marc"].pk


def test_an_undo_that_would_move_nothing_is_refused(family, secretariat):
    merge = accounts_merge(survivor=family["sophie"], absorbed_id=family["other"].pk, joint=False)
    Guardian.objects.filter(pk=family["g2"].pk).update(account=family["paul"])  # moved elsewhere
    with pytest.raises(MergeUndoRefused):
        account_merge_undo(merge_id=merge.pk, actor=secretariat)
    merge.refresh_from_db()
    assert merge.undone_at is None
    assert User.objects.get(pk=family["other"].pk).state == User.State.CLOSED


def test_the_admin_says_why_and_reports_no_success(client, family, secretariat, chain):
    first, _ = chain
    client.force_login(secretariat)
    response = client.post(
        reverse("admin:selfservice_accountmerge_changelist"),
        {"action": "undo_merges", "_selected_action": [first.pk]},
        follow=True,
    )
    page = text(response)
    assert "annulez d'abord ce regroupement plus récent" in page
    assert "regroupement annulé" not in page
