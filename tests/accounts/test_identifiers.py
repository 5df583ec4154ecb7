"""Identifiers p.nom: ASCII, lower case, numbered on collision, reserved for good."""

import pytest
from django.db import connection

from accounts.models import ReservedIdentifier, User
from accounts.roster.identifiers import (
    identifier_allocate,
    identifier_base,
    identifiers_allocate,
)
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("first_name", "last_name", "base"),
    [
        ("Léa", "MARTIN", "l.martin"),
        ("Élodie", "LEFÈVRE", "e.lefevre"),
        ("Zoé", "CŒURDEROY", "z.coeurderoy"),
        ("Jean-François", "D'ALMEIDA", "j.dalmeida"),
        ("Anne", "DE LA FONTAINE", "a.delafontaine"),
        ("Yasmine", "BENSAÏD", "y.bensaid"),
        ("Ægir", "MARTIN-DUPONT", "a.martindupont"),
        ("Sophie", "ÇA?LAR", "s.calar"),  # "?" written by SIECLE for an unknown character
        ("", "MARTIN", "martin"),
        ("Léo", "???", "l.utilisateur"),
        ("😀", "MARTIN", "martin"),  # no letter to take an initial from: the surname alone
        ("🌟 Léa", "MARTIN", "l.martin"),
    ],
)
def test_base_is_initial_dot_surname_in_ascii(first_name, last_name, base):
    assert identifier_base(first_name, last_name) == base


@pytest.mark.django_db
def test_collisions_are_numbered_in_one_batch_and_reserved():
    identifiers = identifiers_allocate(["l.martin", "l.martin", "z.coeurderoy", "l.martin"])

    assert identifiers == ["l.martin", "l.martin2", "z.coeurderoy", "l.martin3"]
    assert set(ReservedIdentifier.objects.values_list("value", "base", "number")) == {
        ("l.martin", "l.martin", 1),
        ("l.martin2", "l.martin", 2),
        ("l.martin3", "l.martin", 3),
        ("z.coeurderoy", "z.coeurderoy", 1),
    }


@pytest.mark.django_db
def test_identifiers_are_never_reused_after_the_account_is_deleted():
    first = identifier_allocate(first_name="Léa", last_name="Martin")
    account = UserFactory(username=first)
    account.delete()

    assert identifier_allocate(first_name="Louis", last_name="MARTIN") == "l.martin2"
    assert ReservedIdentifier.objects.filter(value="l.martin").exists()


@pytest.mark.django_db
def test_usernames_taken_outside_the_roster_are_skipped_and_reserved():
    UserFactory(username="l.martin")
    UserFactory(username="l.martin2")

    assert identifiers_allocate(["l.martin", "l.martin"]) == ["l.martin3", "l.martin4"]
    assert ReservedIdentifier.objects.filter(value__in=["l.martin", "l.martin2"]).count() == 2
    assert User.objects.filter(username__startswith="l.martin").count() == 2


@pytest.mark.django_db
def test_allocation_costs_the_same_queries_for_one_or_many(django_assert_num_queries):
    # taken numbers, username clashes, insert (+ the advisory lock on PostgreSQL)
    expected = 3 + (connection.vendor == "postgresql")
    with django_assert_num_queries(expected):
        identifiers_allocate(["a.one"])
    with django_assert_num_queries(expected):
        identifiers_allocate([f"b.name{chr(97 + n % 26)}" for n in range(150)])


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="advisory locks are PostgreSQL's")
def test_concurrent_allocations_queue_instead_of_clashing():
    import threading

    from django.db import connections, transaction

    results: list[str] = []
    first_holds_lock = threading.Event()
    release_first = threading.Event()

    def first():
        with transaction.atomic():
            results.append(identifiers_allocate(["l.martin"])[0])
            first_holds_lock.set()
            release_first.wait(5)
        connections.close_all()

    def second():
        first_holds_lock.wait(5)
        with transaction.atomic():
            results.append(identifiers_allocate(["l.martin"])[0])
        connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_holds_lock.wait(5)
    threads[1].join(0.5)
    assert threads[1].is_alive()  # waiting for the first transaction to commit
    release_first.set()
    for thread in threads:
        thread.join(10)

    assert results == ["l.martin", "l.martin2"]
