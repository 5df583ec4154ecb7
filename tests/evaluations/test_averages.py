"""The computation rule (evaluations/averages.py, docs/notes.md) on hand-made cases."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal as D

from evaluations import averages
from evaluations.averages import Policy, Scored


@dataclass
class Dv:
    pk: int
    out_of: D = D(20)
    coefficient: D = D(1)
    is_optional: bool = False


@dataclass
class Mk:
    devoir_id: int
    pupil_id: int
    value: D | None
    status: str = ""


def test_weighted_by_coefficients_and_brought_back_to_twenty():
    # 15/20 coef 1, 4/10 (= 8/20) coef 2, 30/40 (= 15/20) coef 0.5
    devoirs = [
        Dv(1),
        Dv(2, out_of=D(10), coefficient=D(2)),
        Dv(3, out_of=D(40), coefficient=D("0.5")),
    ]
    marks = {1: Mk(1, 9, D(15)), 2: Mk(2, 9, D(4)), 3: Mk(3, 9, D(30))}
    scored = averages.scored_marks(devoirs, marks, Policy())
    # (15×1 + 8×2 + 15×0.5) / 3.5 = 38.5 / 3.5 = 11
    assert averages.subject_average(scored) == D("11.00")


def test_rounded_half_up_once_at_the_end():
    # (12 + 13 + 12.035×... ) : 10/20, 10/20, 17/20 coef 1, 1, 1 → 12.3333… → 12.33
    assert averages.subject_average(
        [Scored(D(10), D(1)), Scored(D(10), D(1)), Scored(D(17), D(1))]
    ) == D("12.33")
    # 12.345 → 12.35 (half up, not banker's 12.34)
    assert averages.half_up(D("12.345")) == D("12.35")
    assert averages.half_up(D("12.344999")) == D("12.34")
    # 2/3 of 20 = 13.333…; 3 marks 13, 14, 14 coef 1 → 13.666… → 13.67
    assert averages.subject_average(
        [Scored(D(13), D(1)), Scored(D(14), D(1)), Scored(D(14), D(1))]
    ) == D("13.67")


def test_optional_marks_count_only_when_they_raise_the_average():
    base = [Scored(D(10), D(1)), Scored(D(12), D(1))]  # 11
    assert averages.subject_average([*base, Scored(D(8), D(1), optional=True)]) == D("11.00")
    # 16 raises 11 → (10+12+16)/3 = 12.67; then 12 is below 12.67: left out
    with_bonus = [*base, Scored(D(16), D(1), True), Scored(D(12), D(1), True)]
    assert averages.subject_average(with_bonus) == D("12.67")
    # 12 alone raises 11 → 11.33
    assert averages.subject_average([*base, Scored(D(12), D(1), True)]) == D("11.33")
    # only optional marks: the highest starts, a lower one would lower it
    assert averages.subject_average([Scored(D(9), D(1), True), Scored(D(14), D(1), True)]) == D(
        "14.00"
    )


def test_statuses_are_left_out_unless_the_school_counts_them_zero():
    devoirs = [Dv(1), Dv(2), Dv(3), Dv(4)]
    marks = {
        1: Mk(1, 9, D(16)),
        2: Mk(2, 9, None, "ABS"),
        3: Mk(3, 9, None, "NR"),
        4: Mk(4, 9, None, "DISP"),
    }
    assert averages.subject_average(averages.scored_marks(devoirs, marks, Policy())) == D("16.00")
    absent_zero = Policy(absent_counts_zero=True)
    assert averages.subject_average(averages.scored_marks(devoirs, marks, absent_zero)) == D("8.00")
    both = Policy(absent_counts_zero=True, not_handed_counts_zero=True)
    # 16, 0, 0 (Disp never counts) → 5.33
    assert averages.subject_average(averages.scored_marks(devoirs, marks, both)) == D("5.33")


def test_coefficient_zero_and_no_mark_give_no_average():
    assert averages.subject_average([Scored(D(12), D(0))]) is None
    assert averages.subject_average([]) is None
    assert averages.subject_average([Scored(D(12), D(0)), Scored(D(8), D(1))]) == D("8.00")


def test_class_figures_per_devoir_and_per_subject():
    devoir = Dv(1, out_of=D(10))
    marks = [Mk(1, 1, D("7.5")), Mk(1, 2, D(4)), Mk(1, 3, None, "ABS"), Mk(2, 1, D(10))]
    figures = averages.devoir_stats(devoir, marks, Policy())
    assert (figures.average, figures.minimum, figures.maximum, figures.count) == (
        D("5.75"),
        D("4.00"),
        D("7.50"),
        2,
    )
    with_zero = averages.devoir_stats(devoir, marks, Policy(absent_counts_zero=True))
    assert (with_zero.average, with_zero.minimum, with_zero.count) == (D("3.83"), D("0.00"), 3)
    devoirs = [Dv(1, out_of=D(10)), Dv(2)]
    per_pupil = averages.pupils_averages(devoirs, marks, Policy(), pupil_ids=[1, 2, 3, 4])
    # pupil 1: 15/20 and 10/20 → 12.5; pupil 2: 8; pupil 3: Abs only → none; pupil 4: nothing
    assert per_pupil == {1: D("12.50"), 2: D("8.00"), 3: None, 4: None}
    subject = averages.stats(per_pupil.values())
    assert (subject.average, subject.minimum, subject.maximum, subject.count) == (
        D("10.25"),
        D("8.00"),
        D("12.50"),
        2,
    )
    assert averages.stats([]) == averages.NO_STATS


def test_general_average_is_the_unweighted_mean_of_the_shown_subject_averages():
    assert averages.general_average([D("12.345"), D(15), None]) == D("13.68")  # (12.35 + 15) / 2
    assert averages.general_average([None]) is None
