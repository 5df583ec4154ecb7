"""The échelon a household's figures would give under a barème: a pure function, so the family's
estimation and the secretariat's instruction read the same rule (tests/demarches/test_bareme.py).

The barème gives, for each number of dependent children, the highest revenu fiscal de référence
of each échelon; the highest échelon (the largest amount) has the lowest ceiling. A household
with more children than the barème's last line uses that last line."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Estimation:
    echelon: int
    yearly_amount: Decimal


def estimate_echelon(
    *,
    ceilings: Iterable[tuple[int, int, Decimal]],
    amounts: Mapping[int, Decimal],
    dependent_children: int,
    reference_income: Decimal,
) -> Estimation | None:
    """``ceilings``: (dependent children, échelon, ceiling) rows; ``amounts``: échelon → yearly
    amount. ``None``: above every ceiling (no bourse), or no line for the household."""
    if dependent_children < 1 or reference_income < 0:
        return None
    rows = list(ceilings)
    lines = sorted({children for children, _, _ in rows if children <= dependent_children})
    if not lines:
        return None
    line = lines[-1]
    reached = [
        echelon
        for children, echelon, ceiling in rows
        if children == line and reference_income <= ceiling and echelon in amounts
    ]
    if not reached:
        return None
    best = max(reached)
    return Estimation(echelon=best, yearly_amount=amounts[best])
