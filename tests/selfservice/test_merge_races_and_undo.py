"""Regrouper des comptes: double submission and concurrency, undo by the secretariat, and what a
merge does with every relation to the closed account."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent, Guardian, User
from portal.selectors import guardian_children
from selfservice.models import AccountMerge
from selfservice.services.merge import (
    MergeAlreadyDone,
    MergeRefused,
    account_merge_undo,
    accounts_merge,
)
from selfservice.services.merge_policy import MERGE_POLICY
from tests.factories import (
    DEFAULT_PASSWORD,
    LETTER_PASSWORD,
    EstablishmentFactory,
)
from tests.selfservice.merge_helpers import CONFIRM, DONE, _start, text

# --- Double submission and concurrency -----------------------------------------------------------


def test_double_click_merges_once(sophie_client, family):
    _start(sophie_client, "s.martin2", LETTER_PASSWORD)
    first = sophie_client.post(CONFIRM, {"valider": "1"})
    second = sophie_client.post(CONFIRM, {"valider": "1"})
    assert first["Location"] == DONE and second["Location"] == DONE
    assert AccountMerge.objects.count() == 1
    assert AuditEvent.objects.filter(action="account.merged").count() == 1


def test_two_tabs_with_a_stale_confirmation_merge_once(family):
    tab1, tab2 = Client(), Client()
    for tab in (tab1, tab2):
        tab.force_login(family["sophie"])
        _start(tab, "s.martin2", LETTER_PASSWORD)
    assert tab1.post(CONFIRM, {"valider": "1"})["Location"] == DONE
    assert tab2.post(CONFIRM, {"valider": "1"})["Location"] == DONE
    assert AccountMerge.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_merges_of_the_same_account_merge_once(family):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Row locks (SELECT … FOR UPDATE) need PostgreSQL; SQLite serialises writers anyway."
        )
    barrier = threading.Barrier(2)
    outcomes = []

    def merge():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            accounts_merge(survivor=family["sophie"], absorbed_id=family["other"].pk, joint=False)
            outcomes.append("merged")
        except MergeAlreadyDone:
            outcomes.append("already")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=merge) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already", "merged"]
    assert AccountMerge.objects.count() == 1
    assert Guardian.objects.get(pk=family["g2"].pk).account_id == family["sophie"].pk


@pytest.mark.django_db(transaction=True)
def test_crossed_merges_do_not_deadlock_and_only_one_wins(family):
    """s.martin absorbs s.martin2 while s.martin2 (activated) absorbs s.martin: locks ordered by id."""
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL.")
    other = family["other"]
    other.state = User.State.ACTIVE
    other.set_password(DEFAULT_PASSWORD)
    other.save()
    barrier = threading.Barrier(2)
    outcomes = []

    def merge(survivor, absorbed):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            accounts_merge(survivor=survivor, absorbed_id=absorbed.pk, joint=False)
            outcomes.append("merged")
        except MergeRefused:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=merge, args=(family["sophie"], other)),
        threading.Thread(target=merge, args=(other, family["sophie"])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["merged", "refused"]
    assert AccountMerge.objects.count() == 1


# --- Undo by the secretariat ---------------------------------------------------------------------


def test_secretariat_undoes_a_merge_made_by_mistake(client, family, secretariat):
    merge = accounts_merge(survivor=family["sophie"], absorbed_id=family["other"].pk, joint=False)
    client.force_login(secretariat)
    changelist = reverse("admin:selfservice_accountmerge_changelist")
    listing = client.get(changelist)
    assert listing.status_code == 200 and "s.martin2" in text(listing)
    response = client.post(
        changelist, {"action": "undo_merges", "_selected_action": [merge.pk]}, follow=True
    )
    assert "1 regroupement annulé :" in text(response)
    assert "nouveau courrier" in text(response)

    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by == secretariat
    other = User.objects.get(pk=family["other"].pk)
    assert (
        other.state == User.State.PROVISIONAL
        and other.is_active
        and not other.has_usable_password()
    )
    assert Guardian.objects.get(pk=family["g2"].pk).account == other
    assert [p.first_name for p in guardian_children(user=family["sophie"])] == ["Dylan"]
    event = AuditEvent.objects.get(action="account.merge_undone")
    assert event.actor == secretariat and event.details["guardians_moved_back"] == 1


def test_undo_twice_is_refused(family, secretariat):
    from selfservice.services.merge import MergeUndoRefused

    merge = accounts_merge(survivor=family["sophie"], absorbed_id=family["other"].pk, joint=False)
    account_merge_undo(merge_id=merge.pk, actor=secretariat)
    with pytest.raises(MergeUndoRefused):
        account_merge_undo(merge_id=merge.pk, actor=secretariat)
    # Undone: the account may be grouped again later (the constraint only covers merges in force).
    other = User.objects.get(pk=family["other"].pk)
    other.state = User.State.ACTIVE
    other.set_password(DEFAULT_PASSWORD)
    other.save()
    accounts_merge(survivor=family["sophie"], absorbed_id=other.pk, joint=False)
    assert AccountMerge.objects.in_force().count() == 1


def test_secretariat_of_another_school_sees_no_merge(client, family, secretariat):
    merge = accounts_merge(survivor=family["sophie"], absorbed_id=family["other"].pk, joint=False)
    elsewhere = EstablishmentFactory(uai="0170001A", name="Collège Ailleurs")
    secretariat.establishment = elsewhere
    secretariat.save(update_fields=["establishment"])
    client.force_login(secretariat)
    assert "s.martin2" not in text(client.get(reverse("admin:selfservice_accountmerge_changelist")))
    response = client.get(reverse("admin:selfservice_accountmerge_change", args=[merge.pk]))
    assert response.status_code in (302, 403, 404)
    client.post(
        reverse("admin:selfservice_accountmerge_changelist"),
        {"action": "undo_merges", "_selected_action": [merge.pk]},
    )
    merge.refresh_from_db()
    assert merge.undone_at is None


# --- Every relation to an account has a decision ---------------------------------------------------


def test_merge_policy_names_every_relation_to_the_account_model():
    relations = set()
    for field in User._meta.get_fields(include_hidden=True):
        if field.is_relation and field.auto_created and not field.concrete:
            relations.add(f"{field.related_model._meta.label}.{field.field.name}")
    missing = relations - set(MERGE_POLICY)
    assert not missing, (
        f"Décidez dans MERGE_POLICY ce qu'un regroupement fait de : {sorted(missing)}"
    )


def test_a_franceconnect_identity_follows_the_children(family):
    from allauth.socialaccount.models import SocialAccount

    other = family["other"]
    other.state = User.State.ACTIVE
    other.set_password(DEFAULT_PASSWORD)
    other.save()
    link = SocialAccount.objects.create(user=other, provider="franceconnect", uid="fc-sophie")
    accounts_merge(survivor=family["sophie"], absorbed_id=other.pk, joint=False)
    link.refresh_from_db()
    assert link.user == family["sophie"]
    assert AuditEvent.objects.get(action="account.merged").details["social_accounts_moved"] == [
        link.pk
    ]
