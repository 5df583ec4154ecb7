"""The barème's estimation, on hand-made cases (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from demarches.bareme import Estimation, estimate_echelon

AMOUNTS = {1: Decimal("105"), 2: Decimal("294"), 3: Decimal("459")}
# 1 child: échelon 1 up to 22 000, 2 up to 12 000, 3 up to 4 500; 3 children: 30 500 / 16 700 / 6 200.
CEILINGS = [
    (1, 1, Decimal("22000")),
    (1, 2, Decimal("12000")),
    (1, 3, Decimal("4500")),
    (3, 1, Decimal("30500")),
    (3, 2, Decimal("16700")),
    (3, 3, Decimal("6200")),
]


def estimate(children: int, income: str) -> Estimation | None:
    return estimate_echelon(
        ceilings=CEILINGS,
        amounts=AMOUNTS,
        dependent_children=children,
        reference_income=Decimal(income),
    )


@pytest.mark.parametrize(
    ("children", "income", "expected"),
    [
        (1, "0", 3),  # no income: the highest échelon
        (1, "4500", 3),  # a ceiling is included
        (1, "4500.01", 2),
        (1, "12000", 2),
        (1, "21999.99", 1),
        (1, "22000", 1),
        (2, "15000", 1),  # no line for 2 children: the line of 1 applies
        (3, "15000", 2),
        (3, "6200", 3),
        (7, "30000", 1),  # more children than the last line: the last line applies
    ],
)
def test_the_highest_echelon_whose_ceiling_the_income_does_not_pass(children, income, expected):
    found = estimate(children, income)
    assert found == Estimation(echelon=expected, yearly_amount=AMOUNTS[expected])


def test_above_every_ceiling_no_bourse():
    assert estimate(1, "22000.01") is None
    assert estimate(9, "30500.01") is None


def test_nonsense_figures_give_no_estimation():
    assert estimate(0, "1000") is None
    assert estimate(1, "-1") is None


def test_an_empty_bareme_or_an_echelon_without_amount_gives_nothing():
    assert (
        estimate_echelon(
            ceilings=[], amounts=AMOUNTS, dependent_children=2, reference_income=Decimal("1")
        )
        is None
    )
    assert estimate_echelon(
        ceilings=CEILINGS,
        amounts={1: Decimal("105")},
        dependent_children=1,
        reference_income=Decimal("100"),
    ) == Estimation(echelon=1, yearly_amount=Decimal("105"))
