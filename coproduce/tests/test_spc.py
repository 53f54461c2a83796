"""The SPC engine against the Making Data Count test set, hand-worked cases and properties."""

from __future__ import annotations

import csv
import functools
import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduce.spc import (
    MINIMUM_POINTS_FOR_LIMITS,
    XmrChart,
    run_chart,
    runs_limits,
    xmr,
)

MDC_FIXTURE = "spc/mdc_xmr_testing_expected_colours.csv"
COLOURS = {
    "grey": "common_cause",
    "blue": "improvement",
    "orange": "concern",
    "purple": "neither",
}


# --- The Making Data Count test set ---------------------------------------------------------


@dataclass(frozen=True)
class Row:
    when: date
    value: float
    colour: str


@functools.cache
def read_fixture(path: Path) -> dict[str, list[Row]]:
    """Rows per scenario, in file order. The file has a BOM, CRLF and stray spaces."""
    scenarios: dict[str, list[Row]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for record in csv.DictReader(handle):
            row = Row(
                when=datetime.strptime(record["Date"].strip(), "%d/%m/%Y").date(),
                value=float(record["Value"]),
                colour=record["Colour"].strip(),
            )
            scenarios.setdefault(record["Metric"].strip(), []).append(row)
    return scenarios


# The one-row metric is a mislabelled point of "... High is good 2" (see the fixture README).
ORPHAN = "Summary icons - variation - High is good2"
ORPHAN_PARENT = "Summary icons - variation - High is good 2"


def scenario_rows(path: Path, name: str) -> list[Row]:
    """A scenario's rows, with the orphan row appended to its parent as the README says."""
    scenarios = read_fixture(path)
    rows = list(scenarios[name])
    if name == ORPHAN_PARENT:
        rows += scenarios[ORPHAN]
    return rows


@dataclass(frozen=True)
class Settings:
    improvement: str = "up"
    recalculate_at: tuple[int, ...] = ()
    baseline: int | None = None


UP = Settings()
DOWN = Settings(improvement="down")
NEITHER = Settings(improvement="neither")
RECALCULATED = Settings(recalculate_at=(15,))

# Settings per scenario, from the fixture README: shift and trend of 6, no screening, new
# limits from point 16 (index 15) where recalculated, baseline of points 1-15 where baselined.
SCENARIOS: dict[str, Settings] = {
    "Number of points - 12": UP,
    "Number of points - 13": UP,
    "Process limits - 15": UP,
    "Process limits - 10": UP,
    "Special cause - High is good": UP,
    "Special cause - Low is good": DOWN,
    "Special cause - Neither": NEITHER,
    "Special cause - single point - ends": UP,
    "Special cause - single point - middle": UP,
    "Special cause - shift - ends": UP,
    "Special cause - shift - middle": UP,
    "Special cause - trend - no pauses": UP,
    "Special cause - trend - pauses": UP,
    "Special cause - two-sigma - 1": UP,
    "Special cause - two-sigma - 2": UP,
    "Special cause - two-sigma - 3": UP,
    "Special cause conflict - High is good": UP,
    "Special cause conflict - Low is good": DOWN,
    "Recalculations": UP,
    "Recalculations - Recalculated": RECALCULATED,
    "Baselines": UP,
    "Baselines - Recalculated": Settings(baseline=15),
    "Special cause crossing recalculations - shift": RECALCULATED,
    "Special cause crossing recalculations - trend": RECALCULATED,
    "Special cause crossing recalculations - two-sigma": RECALCULATED,
    "Summary icons - assurance - high is good": UP,
    "Summary icons - assurance - low is good": DOWN,
    "Summary icons - variation - High is good": UP,
    "Summary icons - variation - Low is good": DOWN,
    ORPHAN_PARENT: UP,
    "Summary icons - variation - High is good 3": UP,
    "Summary icons - variation - Low is good 3": DOWN,
    "Summary icons - variation - Neither": NEITHER,
    "Summary icons - variation - Too few points": UP,
    "Summary icons - variation - Neither2": NEITHER,
}

# (scenario, 1-based point) -> why the file's colour is not what the rules give.
KNOWN_ANOMALIES = {
    ("Special cause conflict - High is good", 15): (
        "the file has p15 (value 27) blue, but the MDC testing document says only p8-p14 form "
        "the rising trend, and every reading of the rules gives grey"
    ),
}


@pytest.fixture
def mdc_path(shared_fixtures) -> Path:
    return shared_fixtures(MDC_FIXTURE)


def chart_for(path: Path, name: str, **extra: object) -> XmrChart:
    settings = SCENARIOS[name]
    return xmr(
        [row.value for row in scenario_rows(path, name)],
        improvement=settings.improvement,
        recalculate_at=settings.recalculate_at,
        baseline=settings.baseline,
        **extra,
    )


def test_the_settings_table_covers_every_scenario_and_all_765_rows(mdc_path):
    scenarios = read_fixture(mdc_path)
    assert set(scenarios) == set(SCENARIOS) | {ORPHAN}
    assert sum(len(rows) for rows in scenarios.values()) == 765
    assert len(scenario_rows(mdc_path, ORPHAN_PARENT)) == 18


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_point_has_the_colour_of_the_mdc_tool(mdc_path, name):
    rows = scenario_rows(mdc_path, name)
    chart = chart_for(mdc_path, name)

    assert len(chart.points) == len(rows)
    mismatches = [
        (number, row.value, COLOURS[row.colour], point.variation, point.rules)
        for number, (row, point) in enumerate(zip(rows, chart.points, strict=True), start=1)
        if point.variation != COLOURS[row.colour] and (name, number) not in KNOWN_ANOMALIES
    ]
    assert mismatches == []


@pytest.mark.parametrize(("name", "number"), KNOWN_ANOMALIES)
@pytest.mark.xfail(strict=True, reason="documented anomaly in the MDC test file")
def test_known_anomalies_stay_different_from_the_file(mdc_path, name, number):
    row = scenario_rows(mdc_path, name)[number - 1]
    assert chart_for(mdc_path, name).points[number - 1].variation == COLOURS[row.colour]


def test_the_orphan_row_fits_its_parent_in_date_order_too(mdc_path):
    """Its date (14 January) puts it 14th, not 18th; the colours agree with either order."""
    rows = sorted(scenario_rows(mdc_path, ORPHAN_PARENT), key=lambda row: row.when)
    chart = xmr([row.value for row in rows])
    assert [p.variation for p in chart.points] == [COLOURS[row.colour] for row in rows]
    assert chart.variation_icon == "common_cause"


def test_the_fixture_has_all_765_points_matching_but_the_documented_one(mdc_path):
    matched = total = 0
    for name in SCENARIOS:
        rows = scenario_rows(mdc_path, name)
        for row, point in zip(rows, chart_for(mdc_path, name).points, strict=True):
            total += 1
            matched += point.variation == COLOURS[row.colour]
    assert (matched, total) == (765 - len(KNOWN_ANOMALIES), 765)


@pytest.mark.parametrize(
    ("name", "target", "expected"),
    [
        ("Summary icons - assurance - high is good", 40, "fail"),
        ("Summary icons - assurance - high is good", 30, "hit_or_miss"),
        ("Summary icons - assurance - high is good", 10, "pass"),
        ("Summary icons - assurance - low is good", 40, "pass"),
        ("Summary icons - assurance - low is good", 10, "fail"),
    ],
)
def test_assurance_icons_match_the_mdc_document(mdc_path, name, target, expected):
    assert chart_for(mdc_path, name, target=target).assurance == expected


def test_assurance_scenario_limits_match_the_mdc_document(mdc_path):
    section = chart_for(mdc_path, "Summary icons - assurance - high is good").latest_section
    assert section is not None
    assert section.mean == pytest.approx(25.167, abs=0.001)
    assert section.lpl == pytest.approx(13.334, abs=0.001)
    assert section.upl == pytest.approx(37.000, abs=0.001)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Summary icons - variation - High is good", "improvement_high"),
        ("Summary icons - variation - Low is good", "concern_high"),
        (ORPHAN_PARENT, "common_cause"),
        ("Summary icons - variation - High is good 3", "concern_low"),
        ("Summary icons - variation - Low is good 3", "improvement_low"),
        ("Summary icons - variation - Neither", "neither_high"),
        ("Summary icons - variation - Neither2", "common_cause"),
        ("Summary icons - variation - Too few points", None),
    ],
)
def test_variation_icons_match_the_mdc_document(mdc_path, name, expected):
    assert chart_for(mdc_path, name).variation_icon == expected


def test_no_assurance_without_a_target_or_a_direction(mdc_path):
    name = "Summary icons - assurance - high is good"
    assert chart_for(mdc_path, name).assurance is None
    values = [row.value for row in scenario_rows(mdc_path, name)]
    assert xmr(values, improvement="neither", target=10).assurance is None


# --- Hand-worked cases ----------------------------------------------------------------------

# Thirteen points alternating 10 and 12: mean 142/13, every moving range 2.
ALTERNATING = [10, 12] * 6 + [10]


def test_limits_are_the_mean_plus_or_minus_266_mean_moving_ranges():
    chart = xmr(ALTERNATING)
    mean = 142 / 13
    point = chart.points[0]
    assert point.mean == pytest.approx(mean)
    assert point.upl == pytest.approx(mean + 5.32)
    assert point.lpl == pytest.approx(mean - 5.32)
    assert point.upper_two_sigma == pytest.approx(mean + 5.32 * 2 / 3)
    assert point.lower_two_sigma == pytest.approx(mean - 5.32 * 2 / 3)
    assert [p.moving_range for p in chart.points] == [None] + [2.0] * 12
    assert chart.variation_icon == "common_cause"


def test_fewer_than_13_points_give_no_limits_and_only_common_cause():
    values = [10, 11, 10, 11, 10, 11, 100, 11, 12, 13, 14, 15]  # an outlier and a trend
    chart = xmr(values, target=5)
    assert len(values) == MINIMUM_POINTS_FOR_LIMITS - 1
    assert not chart.has_limits
    assert {p.variation for p in chart.points} == {"common_cause"}
    assert all(p.rules == () for p in chart.points)
    assert all(p.upl is None and p.lpl is None for p in chart.points)
    assert all(p.upper_two_sigma is None and p.lower_two_sigma is None for p in chart.points)
    assert chart.points[0].mean == pytest.approx(sum(values) / 12)
    assert chart.variation_icon is None
    assert chart.assurance is None


def test_the_13th_point_brings_limits_and_signals():
    values = [10, 11, 10, 11, 10, 11, 100, 11, 12, 10, 11, 10, 11]
    assert xmr(values[:12]).points[6].variation == "common_cause"
    chart = xmr(values)
    assert chart.has_limits
    assert chart.points[6].variation == "improvement"
    assert chart.points[6].rules == ("outside_limits",)


def test_an_empty_series_gives_an_empty_chart():
    chart = xmr([])
    assert chart.points == ()
    assert chart.variation_icon is None
    assert chart.assurance is None


def test_screening_drops_a_big_jump_from_the_moving_ranges():
    # 26 points alternating 8 and 14 (moving ranges of 6) with a jump to 60 and a high 36.
    # Moving ranges: 21 of 6, 46 twice around the 60, 28 twice around the 36: mean 274/25 =
    # 10.96. Screening drops moving ranges above 3.267 x 10.96 = 35.8, so both 46s go and the
    # mean becomes 182/23 = 7.91.
    values = [8, 14] * 6 + [60] + [14, 8] * 5 + [36] + [8, 14]
    mean = 360 / 26
    plain = xmr(values)
    screened = xmr(values, screen_moving_ranges=True)
    assert plain.sections[0].mean_moving_range == pytest.approx(274 / 25)
    assert plain.sections[0].screened_moving_ranges == 0
    assert screened.sections[0].mean_moving_range == pytest.approx(182 / 23)
    assert screened.sections[0].screened_moving_ranges == 2
    assert screened.points[0].upl == pytest.approx(mean + 2.66 * 182 / 23)
    assert plain.points[0].upl == pytest.approx(mean + 2.66 * 274 / 25)
    # The jump inflated the plain limits enough to hide the 36.
    assert plain.points[23].variation == "common_cause"
    assert screened.points[23].rules == ("outside_limits",)
    assert plain.points[12].rules == screened.points[12].rules == ("outside_limits",)


def test_screening_changes_nothing_without_a_big_moving_range():
    plain = xmr(ALTERNATING)
    screened = xmr(ALTERNATING, screen_moving_ranges=True)
    assert screened.sections[0].screened_moving_ranges == 0
    assert screened.points == plain.points


# Twenty points: six above the mean in a row at the end, then checked with lengths 6 and 7.
SIX_HIGH_AT_END = [10, 12, 9, 11, 10, 12, 9, 11, 10, 12, 9, 11, 10, 9, 14, 15, 13, 14, 15, 13]


def test_a_shift_of_six_fires_with_mdc_settings_but_not_with_seven():
    mdc = xmr(SIX_HIGH_AT_END)
    assert [p.index for p in mdc.points if "shift" in p.rules] == list(range(14, 20))
    assert mdc.variation_icon == "improvement_high"
    nhsr = xmr(SIX_HIGH_AT_END, shift_length=7)
    assert all("shift" not in p.rules for p in nhsr.points)
    assert nhsr.variation_icon == "common_cause"


def test_a_point_on_the_mean_breaks_a_shift():
    # The mean is exactly 10; three points above, one on the mean, three above.
    values = [9, 11, 9, 11, 9, 11, 9, 9] + [11, 12, 11, 10, 12, 11, 12] + [9, 8, 9, 8, 9]
    assert sum(values) / len(values) == 10
    assert all("shift" not in p.rules for p in xmr(values).points)
    # Lift the point off the mean and the seven points make a shift.
    lifted = values[:11] + [11] + values[12:]
    assert [p.index for p in xmr(lifted).points if "shift" in p.rules] == list(range(8, 15))


def test_a_trend_of_six_fires_with_mdc_settings_but_not_with_seven():
    rise_of_six = [20, 21] * 6 + [18, 19, 20, 21, 22, 23] + [20, 21]
    assert [p.index for p in xmr(rise_of_six).points if "trend" in p.rules] == list(range(12, 18))
    assert all("trend" not in p.rules for p in xmr(rise_of_six, trend_length=7).points)
    rise_of_seven = [20, 21] * 6 + [17, 18, 19, 20, 21, 22, 23] + [20, 21]
    expected = list(range(12, 19))
    assert [p.index for p in xmr(rise_of_seven).points if "trend" in p.rules] == expected
    nhsr = xmr(rise_of_seven, trend_length=7)
    assert [p.index for p in nhsr.points if "trend" in p.rules] == expected


def test_an_equal_value_breaks_a_trend():
    values = [20, 21] * 6 + [18, 19, 20, 20, 21, 22, 23] + [20, 21]
    assert all("trend" not in p.rules for p in xmr(values).points)


def test_two_of_three_beyond_two_sigma_flags_only_those_points():
    # Mean 10.39, two-sigma line 14.69, upper limit 16.83: 15, 10.5, 15 are all above the mean
    # and two of them are beyond two sigma.
    values = [9, 11] * 10 + [15, 10.5, 15, 9, 11, 9, 11]
    chart = xmr(values)
    line = chart.points[0]
    assert line.upper_two_sigma is not None and line.upl is not None
    assert line.mean < 10.5 and 14.5 < line.upper_two_sigma < 15 < line.upl
    assert [p.index for p in chart.points if p.rules] == [20, 22]
    assert chart.points[20].rules == chart.points[22].rules == ("two_of_three",)
    assert chart.points[21].variation == "common_cause"
    # One beyond two sigma is not enough.
    single = xmr([9, 11] * 10 + [15, 10.5, 12, 9, 11, 9, 11])
    assert all("two_of_three" not in p.rules for p in single.points)


def test_a_point_beyond_the_process_limit_does_not_count_for_two_of_three():
    # Mean 10.81, two-sigma line 15.86, upper limit 18.39: 25 is outside, 16 beyond two sigma.
    values = [9, 11] * 10 + [25, 16, 11, 9, 11, 9, 11]
    chart = xmr(values)
    line = chart.points[0]
    assert line.upper_two_sigma is not None and line.upl is not None
    assert line.mean < 11 and line.upper_two_sigma < 16 < line.upl < 25
    assert chart.points[20].rules == ("outside_limits",)
    assert all("two_of_three" not in p.rules for p in chart.points)
    assert chart.points[21].variation == "common_cause"


def test_a_point_both_improvement_and_concern_shows_as_improvement():
    # A long fall then a long rise: the turning point ends one trend and starts the other.
    values = [30, 30, 30, 30, 30, 29, 27, 25, 23, 21, 19, 21, 23, 25, 27, 29, 30, 30]
    up = xmr(values)
    down = xmr(values, improvement="down")
    assert "trend" in up.points[10].rules
    # The turning point is low (improvement when lower is better) and starts a rise
    # (improvement when higher is better): either way it shows as improvement.
    assert up.points[10].variation == "improvement"
    assert down.points[10].variation == "improvement"
    assert up.points[9].variation == "concern"
    assert down.points[9].variation == "improvement"


def test_special_cause_without_a_direction_is_neither():
    values = [10, 11, 10, 11, 10, 11, 30, 11, 10, 11, 10, 11, 10]
    chart = xmr(values, improvement="neither", target=12)
    assert chart.points[6].variation == "neither"
    assert chart.assurance is None
    assert xmr([*values, 40], improvement="neither").variation_icon == "neither_high"
    assert xmr([*values, -20], improvement="neither").variation_icon == "neither_low"


def test_lower_is_better_reads_a_low_point_as_improvement():
    values = [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, -20]
    chart = xmr(values, improvement="down")
    assert chart.points[-1].variation == "improvement"
    assert chart.variation_icon == "improvement_low"
    assert xmr(values).variation_icon == "concern_low"


def test_recalculation_gives_each_section_its_own_mean_and_moving_ranges():
    values = [10, 12] * 8 + [30, 32] * 8
    chart = xmr(values, recalculate_at=(16,))
    first, second = chart.sections
    assert (first.start, first.stop, second.start, second.stop) == (0, 16, 16, 32)
    assert first.mean == pytest.approx(11) and second.mean == pytest.approx(31)
    assert first.mean_moving_range == pytest.approx(2) and second.mean_moving_range == 2
    # The jump from 12 to 30 is not a moving range of either section.
    assert chart.points[16].moving_range is None
    assert chart.points[16].mean == pytest.approx(31) and chart.points[15].mean == 11
    assert {p.variation for p in chart.points} == {"common_cause"}
    # Without the recalculation the whole second half is a shift above one mean.
    assert {p.variation for p in xmr(values).points[16:]} == {"improvement"}


def test_shifts_run_across_a_recalculation_against_each_sections_own_mean():
    # Three points above the first mean at the end of section one, three above the second
    # mean at the start of section two: six in a row across the boundary.
    first = [12, 10] * 6 + [13, 13, 13]
    second = [32, 33, 32] + [29, 31] * 6
    chart = xmr(first + second, recalculate_at=(len(first),))
    assert [p.index for p in chart.points if "shift" in p.rules] == list(range(12, 18))


def test_baseline_limits_extend_forward():
    values = [10, 12] * 8 + [13, 15] * 4
    chart = xmr(values, baseline=16)
    section = chart.sections[0]
    assert section.basis_points == 16
    assert section.mean == pytest.approx(11)
    assert section.mean_moving_range == pytest.approx(2)
    assert all(p.mean == pytest.approx(11) for p in chart.points)
    assert {p.variation for p in chart.points[16:]} == {"improvement"}
    # The later points still have their moving ranges shown.
    assert chart.points[16].moving_range == 1


def test_assurance_uses_the_latest_section():
    values = [10, 12] * 8 + [30, 32] * 8
    assert xmr(values, target=20).assurance == "hit_or_miss"
    assert xmr(values, target=20, recalculate_at=(16,)).assurance == "pass"
    assert xmr(values, target=20, recalculate_at=(16,), improvement="down").assurance == "fail"


def test_decimals_and_floats_give_the_same_chart():
    values = [Decimal("10.5"), Decimal("11.25"), 9, 12.0] * 4
    as_floats = [float(v) for v in values]
    assert xmr(values).points == xmr(as_floats).points


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([1, 2, None, 4], "index 2 is missing"),
        ([1, 2, math.nan], "index 2 is not a number"),
        ([1, Decimal("NaN")], "index 1 is not a number"),
        ([1, math.inf], "index 1 is infinite"),
    ],
)
def test_missing_and_non_finite_values_are_refused(values, message):
    with pytest.raises(ValueError, match=message):
        xmr(values)
    with pytest.raises(ValueError, match=message):
        run_chart(values)


@pytest.mark.parametrize("values", [[1, "2", 3], [1, True, 3], "123"])
def test_values_that_are_not_numbers_are_refused(values):
    with pytest.raises(TypeError):
        xmr(values)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"improvement": "higher"}, "improvement must be one of"),
        ({"target": math.nan}, "target is not a number"),
        ({"baseline": 1}, "baseline must be between 2 and 20"),
        ({"baseline": 21}, "baseline must be between 2 and 20"),
        ({"baseline": 12, "recalculate_at": (10,)}, "baseline must be between 2 and 10"),
        ({"baseline": 12.0}, "baseline must be a whole number"),
        ({"recalculate_at": (0,)}, "outside the series"),
        ({"recalculate_at": (20,)}, "outside the series"),
        ({"recalculate_at": (12, 8)}, "strictly increasing"),
        ({"recalculate_at": (8, 8)}, "strictly increasing"),
        ({"recalculate_at": (19,)}, "needs at least 2 points"),
        ({"recalculate_at": (8, 9)}, "needs at least 2 points"),
        ({"recalculate_at": 8}, "sequence of indices"),
        ({"shift_length": 1}, "shift_length must be at least 2"),
        ({"trend_length": 0}, "trend_length must be at least 2"),
        ({"trend_length": "6"}, "trend_length must be a whole number"),
    ],
)
def test_settings_out_of_range_are_refused(settings, message):
    with pytest.raises(ValueError, match=message):
        xmr(list(range(20)), **settings)


# --- Run chart ------------------------------------------------------------------------------


def test_run_chart_median_and_runs():
    # Median 5: 4, 6, 6, 4, [5], 4, 6 -> sides - + + - - + -> runs (-)(++)(--)(+) = 4.
    chart = run_chart([4, 6, 6, 4, 5, 4, 6])
    assert chart.median == 5
    assert chart.useful_observations == 6
    assert chart.runs == 4
    assert chart.runs_lower_limit is None and chart.runs_upper_limit is None
    assert not chart.too_few_runs and not chart.too_many_runs


def test_run_chart_shift_skips_points_on_the_median():
    # Median 10 (8 points below, 9 above, 2 on it). Indices 5-12 hold six points above and
    # two on the median: still a shift, and the points on the median are not part of it.
    values = [5, 12, 6, 12, 5, 11, 10, 12, 13, 10, 11, 12, 13, 4, 6, 12, 5, 4, 6]
    chart = run_chart(values)
    assert chart.median == 10
    assert [p.index for p in chart.points if "shift" in p.rules] == [5, 7, 8, 10, 11, 12]
    # Runs: - + - + - (six +) - - + - - -, with the median points skipped.
    assert (chart.useful_observations, chart.runs) == (17, 9)
    five_above = values[:12] + [4] + values[13:]
    assert run_chart(five_above).median == 10
    assert all("shift" not in p.rules for p in run_chart(five_above).points)


def test_run_chart_shift_needs_six():
    five_above = [1, 2, 1, 2, 1, 2, 1, 8, 9, 8, 9, 8, 2, 1, 2]
    assert all("shift" not in p.rules for p in run_chart(five_above).points)
    six_above = [1, 2, 1, 2, 1, 2, 1, 8, 9, 8, 9, 8, 9, 2, 1, 2]
    flagged = [p.index for p in run_chart(six_above).points if "shift" in p.rules]
    assert flagged == [7, 8, 9, 10, 11, 12]


def test_run_chart_trend_of_five_skips_equal_values():
    values = [5, 3, 5, 3, 1, 2, 2, 3, 4, 5, 3, 4]
    chart = run_chart(values)
    # 1, 2, (2), 3, 4, 5 rises through five distinct steps' worth of points.
    assert [p.index for p in chart.points if "trend" in p.rules] == [4, 5, 7, 8, 9]
    four = run_chart([5, 3, 5, 3, 1, 2, 2, 3, 4, 3, 4, 3])
    assert all("trend" not in p.rules for p in four.points)


def test_run_chart_too_few_runs():
    # 20 useful observations in two runs: the table's lower limit for 20 is 6.
    chart = run_chart([1] * 10 + [9] * 10)
    assert chart.useful_observations == 20
    assert chart.runs == 2
    assert (chart.runs_lower_limit, chart.runs_upper_limit) == (6, 16)
    assert chart.too_few_runs and not chart.too_many_runs


def test_run_chart_too_many_runs():
    chart = run_chart([1, 9] * 10)
    assert chart.runs == 20
    assert chart.too_many_runs and not chart.too_few_runs
    assert all(p.rules == () for p in chart.points)


def test_run_chart_of_nothing():
    chart = run_chart([])
    assert chart.median is None and chart.runs == 0 and chart.points == ()


def test_runs_table_spot_values_and_shape():
    assert runs_limits(9) is None and runs_limits(61) is None
    assert runs_limits(10) == (3, 9)
    assert runs_limits(30) == (11, 21)
    assert runs_limits(60) == (24, 38)
    table = [runs_limits(n) for n in range(10, 61)]
    assert all(limits is not None and limits[0] < limits[1] for limits in table)
    lowers = [limits[0] for limits in table if limits]
    uppers = [limits[1] for limits in table if limits]
    assert lowers == sorted(lowers) and uppers == sorted(uppers)


def _runs_probability(runs: int, above: int, below: int) -> float:
    """Swed & Eisenhart: probability of exactly ``runs`` runs of two kinds, at random."""
    total = math.comb(above + below, above)
    half, odd = divmod(runs, 2)
    if not odd:
        return 2 * math.comb(above - 1, half - 1) * math.comb(below - 1, half - 1) / total
    return (
        math.comb(above - 1, half - 1) * math.comb(below - 1, half)
        + math.comb(above - 1, half) * math.comb(below - 1, half - 1)
    ) / total


@pytest.mark.parametrize("useful", range(10, 61))
def test_runs_table_agrees_with_the_exact_distribution_within_one_run(useful):
    """A guard against typing errors in the embedded table.

    The published table rounds the Swed-Eisenhart 2.5% tails (and splits odd counts) its own
    way, so it may differ from an exact calculation by one run, never more.
    """
    above, below = useful // 2, useful - useful // 2
    probability = {r: _runs_probability(r, above, below) for r in range(2, useful + 1)}
    exact_lower = max(
        r for r in range(2, useful + 1) if sum(p for k, p in probability.items() if k < r) <= 0.025
    )
    exact_upper = min(
        r for r in range(2, useful + 1) if sum(p for k, p in probability.items() if k > r) <= 0.025
    )
    limits = runs_limits(useful)
    assert limits is not None
    assert abs(limits[0] - exact_lower) <= 1
    assert abs(limits[1] - exact_upper) <= 1


# --- Properties -----------------------------------------------------------------------------

series = st.lists(st.integers(min_value=-10_000, max_value=10_000), max_size=40)


@given(series)
def test_limits_are_symmetric_about_the_mean(values):
    for point in xmr(values).points:
        if point.upl is None or point.lpl is None:
            continue
        assert point.upl - point.mean == pytest.approx(point.mean - point.lpl, abs=1e-6)
        assert point.lpl <= point.lower_two_sigma <= point.mean  # type: ignore[operator]
        assert point.mean <= point.upper_two_sigma <= point.upl  # type: ignore[operator]


@given(series, st.sampled_from([0.25, 2.0, 8.0, 1024.0]))
def test_scaling_the_values_scales_the_lines_and_keeps_the_signals(values, factor):
    # Powers of two scale floats exactly, so strict comparisons cannot flip.
    plain = xmr(values)
    scaled = xmr([v * factor for v in values])
    for a, b in zip(plain.points, scaled.points, strict=True):
        assert b.mean == pytest.approx(a.mean * factor)
        if a.upl is not None:
            assert b.upl == pytest.approx(a.upl * factor)
        assert (a.variation, a.rules) == (b.variation, b.rules)


@given(st.floats(-1e6, 1e6, allow_nan=False), st.integers(min_value=0, max_value=40))
def test_a_constant_series_is_common_cause(value, count):
    chart = xmr([value] * count, improvement="up", target=value)
    assert {p.variation for p in chart.points} <= {"common_cause"}
    if count >= MINIMUM_POINTS_FOR_LIMITS:
        assert chart.variation_icon == "common_cause"


@given(series)
def test_mirroring_the_values_mirrors_the_direction(values):
    down = xmr(values, improvement="down")
    mirrored_up = xmr([-v for v in values], improvement="up")
    assert [p.variation for p in down.points] == [p.variation for p in mirrored_up.points]
    neither = xmr(values, improvement="neither")
    assert [p.special_cause for p in neither.points] == [p.special_cause for p in down.points]
