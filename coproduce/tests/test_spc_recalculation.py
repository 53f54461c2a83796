"""Baselines on any section, MDC advice on where to recalculate, and an assurance icon that
never contradicts the latest points."""

import pytest

from coproduce import spc

STEP = [50.0, 52, 49, 51, 50, 48, 51, 50, 52, 49, 50, 51, 89, 90, 91, 90, 89, 91, 90, 89, 91, 90]


def test_a_baseline_on_a_later_section_sets_that_sections_limits():
    values = [10.0, 11, 10, 12, 11, 10, 11, 30, 31, 30, 32, 50, 60, 70]
    chart = spc.xmr(values, recalculate_at=(7,), baselines={7: 4})
    later = chart.sections[1]
    assert (later.start, later.stop, later.basis_points) == (7, 14, 4)
    assert later.mean == pytest.approx(30.75)
    # The points after the baseline are judged against it: 50, 60, 70 are far above.
    assert all("outside_limits" in p.rules for p in chart.points[11:])


def test_baselines_must_start_a_section_and_fit_in_it():
    values = list(range(20))
    with pytest.raises(ValueError, match="sections start at 0, 10"):
        spc.xmr(values, recalculate_at=(10,), baselines={5: 3})
    with pytest.raises(ValueError, match=r"baselines\[10\] must be between 2 and 10"):
        spc.xmr(values, recalculate_at=(10,), baselines={10: 11})
    with pytest.raises(ValueError, match="once"):
        spc.xmr(values, baseline=3, baselines={0: 3})


def test_a_fail_icon_gives_way_when_the_last_six_points_all_meet_the_target():
    # Limits over the whole series, step included, put the target of 80 above the upper limit?
    # Not quite: make the step late so the mean stays low and the limits tight.
    values = [50.0, 51, 50, 49, 50, 51, 50, 49, 50, 51, 50, 49, 50, 51, 50, 49, 50, 51]
    values += [90.0] * 6
    whole = spc.xmr(values[:-6] + [70.0] * 6, target=80)
    assert whole.assurance == "fail"  # the last six miss the target: fail stands
    chart = spc.xmr(values, target=80)
    assert chart.latest_section.upl is not None and chart.latest_section.upl <= 80
    assert chart.assurance == "hit_or_miss"
    # Recalculated where the step happened, the limits themselves say pass.
    assert spc.xmr(values, target=80, recalculate_at=(18,)).assurance == "pass"


def test_a_pass_icon_gives_way_when_none_of_the_last_six_meet_the_target_lower_is_better():
    values = [10.0, 11, 10, 9, 10, 11, 10, 9, 10, 11, 10, 9, 10, 11, 10, 9, 10, 11]
    values += [30.0] * 6
    chart = spc.xmr(values, improvement="down", target=25)
    assert chart.latest_section.upl is not None and chart.latest_section.upl <= 25
    assert chart.assurance == "hit_or_miss"


def test_recalculating_at_the_step_draws_no_warning():
    assert spc.recalculation_warnings(STEP + [90.0] * 3, 12) == []


def test_recalculating_without_a_shift_or_with_few_points_is_warned_about():
    warnings = spc.recalculation_warnings(STEP, 5)
    assert len(warnings) == 1 and "no sustained shift" in warnings[0]
    few = spc.recalculation_warnings(STEP, 12)
    assert len(few) == 1 and "the new section has 10 points" in few[0]
    assert f"at least {spc.MINIMUM_POINTS_FOR_LIMITS}" in few[0]
    # A later recalculation ends the new section, so it is shorter.
    both = spc.recalculation_warnings(STEP + [90.0] * 5, 3, recalculate_at=(12,))
    assert len(both) == 2 and "has 9 points" in both[0]
    with pytest.raises(ValueError, match="outside the series"):
        spc.recalculation_warnings(STEP, 0)


def test_a_running_shift_is_found_from_where_it_began():
    chart = spc.xmr(STEP)
    assert spc.running_shift_start(chart) == 12
    # Once recalculated there, no shift is running.
    assert spc.running_shift_start(spc.xmr(STEP, recalculate_at=(12,))) is None
    assert spc.running_shift_start(spc.xmr(STEP[:12])) is None
