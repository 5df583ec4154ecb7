"""Identifiers p.nom: ASCII, lower case, numbered on collision, reserved for good."""

import pytest

from accounts.models import ReservedIdentifier, User
from accounts.roster.identifiers import (
    ascii_letters,
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
    ],
)
def test_base_is_initial_dot_surname_in_ascii(first_name, last_name, base):
    assert identifier_base(first_name, last_name) == base


def test_ascii_letters_keeps_only_a_to_z():
    assert ascii_letters("Lebœuf-D'Almeida Æ ß 2") == "leboeufdalmeidaaess"


@pytest.mark.django_db
def test_collisions_are_numbered_in_one_batch_and_reserved():
    identifiers = identifiers_allocate(["l.martin", "l.martin", "z.coeurderoy", "l.martin"])

    assert identifiers == ["l.martin", "l.martin2", "z.coeurderoy", "l.martin3"]
    assert set(ReservedIdentifier.objects.values_list("value", "base", "number")) == {
        ("l.martin", "l.martin", 1), ("l.martin2", "l.martin", 2), ("l.martin3", "l.martin", 3),
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
    with django_assert_num_queries(3):  # taken numbers, username clashes, insert
        identifiers_allocate(["a.one"])
    with django_assert_num_queries(3):
        identifiers_allocate([f"b.name{chr(97 + n % 26)}" for n in range(150)])
