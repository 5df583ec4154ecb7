"""The one rule of the mark book's computations (docs/notes.md, « Règles de calcul »).

1. A mark is brought back to /20: ``value × 20 / out_of``. A status counts as nothing (the devoir
   is left out of the pupil's average), except Abs and NR which count 0/20 when the
   establishment says so (``Policy``). Disp and NN never count.
2. A pupil's average in a subject for a period is the mean of their marks /20 weighted by the
   devoirs' coefficients: ``Σ(note × coef) / Σ coef``. A devoir of coefficient 0 is shown but
   does not count. No counted mark (or Σ coef = 0): no average.
3. Optional (bonus) devoirs count only when they raise the average: taken from the highest mark
   down, each is added if it is strictly above the average computed so far (with its
   coefficient); the first one that is not stops the others, which are lower. With no other
   mark, the highest optional mark starts the average.
4. The class average, minimum and maximum of a devoir are those of the marks that count (in the
   devoir's own scale, e.g. /10); of a subject, those of the pupils' subject averages.
5. The pupil's general average is the unweighted mean of their subject averages (as shown,
   rounded), over the subjects where they have an average.
6. Everything is computed with ``Decimal`` at full precision and rounded once, at the end, half
   up to 2 decimals (12,345 → 12,35).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

TWENTY = Decimal(20)
CENT = Decimal("0.01")
ZERO_STATUSES_FLAGS = {"ABS": "absent_counts_zero", "NR": "not_handed_counts_zero"}


def half_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Policy:
    """The establishment's choice for Abs and NR (``MarkBookSettings``)."""

    absent_counts_zero: bool = False
    not_handed_counts_zero: bool = False


class DevoirLike(Protocol):
    @property
    def pk(self) -> Any: ...
    @property
    def out_of(self) -> Decimal: ...
    @property
    def coefficient(self) -> Decimal: ...
    @property
    def is_optional(self) -> bool: ...


class MarkLike(Protocol):
    @property
    def devoir_id(self) -> Any: ...
    @property
    def pupil_id(self) -> Any: ...
    @property
    def value(self) -> Decimal | None: ...
    @property
    def status(self) -> str: ...


@dataclass(frozen=True)
class Scored:
    """One mark that counts: brought back to /20, with its devoir's weight."""

    on_20: Decimal
    coefficient: Decimal
    optional: bool = False


@dataclass(frozen=True)
class Stats:
    average: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    count: int


NO_STATS = Stats(None, None, None, 0)


def counted_value(value: Decimal | None, status: str, policy: Policy) -> Decimal | None:
    """The mark in its devoir's scale as it counts, or ``None`` when it does not count."""
    if not status:
        return value
    flag = ZERO_STATUSES_FLAGS.get(status)
    if flag and getattr(policy, flag):
        return Decimal(0)
    return None


def on_twenty(
    value: Decimal | None, status: str, out_of: Decimal, policy: Policy
) -> Decimal | None:
    counted = counted_value(value, status, policy)
    if counted is None:
        return None
    return counted * TWENTY / Decimal(out_of)


def _mean(marks: Iterable[Scored]) -> tuple[Decimal, Decimal]:
    total = weight = Decimal(0)
    for mark in marks:
        total += mark.on_20 * mark.coefficient
        weight += mark.coefficient
    return total, weight


def weighted_average(marks: Sequence[Scored]) -> Decimal | None:
    """Rules 2 and 3, unrounded."""
    total, weight = _mean(m for m in marks if not m.optional and m.coefficient > 0)
    bonus = sorted((m for m in marks if m.optional and m.coefficient > 0), key=lambda m: -m.on_20)
    for mark in bonus:
        if weight == 0 or mark.on_20 > total / weight:
            total += mark.on_20 * mark.coefficient
            weight += mark.coefficient
        else:
            break
    if weight == 0:
        return None
    return total / weight


def subject_average(marks: Sequence[Scored]) -> Decimal | None:
    """A pupil's average in a subject (rules 2 and 3), rounded."""
    average = weighted_average(marks)
    return None if average is None else half_up(average)


def stats(values: Iterable[Decimal | None]) -> Stats:
    """Average, minimum and maximum of the values that exist (rule 4), rounded."""
    present = [v for v in values if v is not None]
    if not present:
        return NO_STATS
    return Stats(
        average=half_up(sum(present, Decimal(0)) / len(present)),
        minimum=half_up(min(present)),
        maximum=half_up(max(present)),
        count=len(present),
    )


def general_average(subject_averages: Iterable[Decimal | None]) -> Decimal | None:
    """Rule 5: the unweighted mean of the (rounded) subject averages, rounded."""
    present = [half_up(v) for v in subject_averages if v is not None]
    if not present:
        return None
    return half_up(sum(present, Decimal(0)) / len(present))


# --- over a set of devoirs and their marks -----------------------------------------------------


def scored_marks(
    devoirs: Sequence[DevoirLike], marks: Mapping[Any, MarkLike], policy: Policy
) -> list[Scored]:
    """One pupil's marks that count among ``devoirs`` (``marks``: devoir pk → mark)."""
    found = []
    for devoir in devoirs:
        mark = marks.get(devoir.pk)
        if mark is None:
            continue
        value = on_twenty(mark.value, mark.status, devoir.out_of, policy)
        if value is not None:
            found.append(Scored(value, Decimal(devoir.coefficient), devoir.is_optional))
    return found


def pupils_averages(
    devoirs: Sequence[DevoirLike],
    marks: Iterable[MarkLike],
    policy: Policy,
    pupil_ids: Iterable[Any] | None = None,
) -> dict[Any, Decimal | None]:
    """Each pupil's subject average over ``devoirs`` (one subject, one period). Without
    ``pupil_ids``: every pupil who has a mark."""
    by_pupil: dict[Any, dict[Any, MarkLike]] = {}
    for mark in marks:
        by_pupil.setdefault(mark.pupil_id, {})[mark.devoir_id] = mark
    ids = list(pupil_ids) if pupil_ids is not None else list(by_pupil)
    return {pk: subject_average(scored_marks(devoirs, by_pupil.get(pk, {}), policy)) for pk in ids}


def devoir_stats(devoir: DevoirLike, marks: Iterable[MarkLike], policy: Policy) -> Stats:
    """The class's average, minimum and maximum at one devoir, in its own scale (rule 4)."""
    return stats(
        counted_value(m.value, m.status, policy) for m in marks if m.devoir_id == devoir.pk
    )
