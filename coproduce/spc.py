"""Statistical process control for improvement measures.

Two charts, both pure functions of a series of numbers, with no framework behind them so that
the same code serves the web pages, the exports and a notebook:

- :func:`xmr` builds an XmR (individuals) chart the way NHS England's "Making Data Count" (MDC)
  Single Chart Tool v5 does: process limits, two-sigma lines, the four special-cause rules, the
  variation icon and the assurance icon.
- :func:`run_chart` applies the IHI run chart rules (Perla, Provost & Murray 2011): shift, trend
  and too few or too many runs around the median.

Choices that the MDC material leaves open, and what this module does:

- Limits need at least 13 points in the whole chart (``MINIMUM_POINTS_FOR_LIMITS``). Below that
  every point is common cause, the limits and icons are ``None``; the mean is still given.
- Each section (the whole series, or the parts between recalculations) and the baseline must
  hold at least 2 points, because a mean moving range needs one moving range. MDC guidance asks
  for a good deal more before recalculating; that is advice to the user, not a rule the tool
  enforces, so it is not enforced here either: :func:`recalculation_warnings` says when a
  proposed recalculation goes against it (fewer than ``MINIMUM_POINTS_FOR_LIMITS`` points in
  the new section, or no sustained shift of ``DEFAULT_SHIFT_LENGTH`` points after it).
- ``baseline`` applies to the first section: its first ``baseline`` points set that section's
  mean and limits, which then extend to the end of the section. ``baselines`` does the same for
  any section, keyed by the index the section starts at.
- The assurance icon never contradicts the latest ``RECENT_POINTS_FOR_ASSURANCE`` points: when
  the limits say "fail" but every one of them met the target (or "pass" but none did), the
  limits are out of date and the icon says "hit or miss" instead.
"""

from __future__ import annotations

import math
import numbers
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Literal

__all__ = [
    "DEFAULT_SHIFT_LENGTH",
    "MINIMUM_POINTS_FOR_LIMITS",
    "RECENT_POINTS_FOR_ASSURANCE",
    "Assurance",
    "Improvement",
    "Rule",
    "RunChart",
    "RunChartPoint",
    "RunChartRule",
    "Variation",
    "VariationIcon",
    "XmrChart",
    "XmrPoint",
    "XmrSection",
    "run_chart",
    "recalculation_warnings",
    "running_shift_start",
    "runs_limits",
    "xmr",
]

Number = int | float | Decimal
Improvement = Literal["up", "down", "neither"]
Variation = Literal["common_cause", "improvement", "concern", "neither"]
Rule = Literal["outside_limits", "shift", "trend", "two_of_three"]
VariationIcon = Literal[
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neither_high",
    "neither_low",
    "common_cause",
]
Assurance = Literal["pass", "fail", "hit_or_miss"]
RunChartRule = Literal["shift", "trend"]

MINIMUM_POINTS_FOR_LIMITS = 13
DEFAULT_SHIFT_LENGTH = 6
DEFAULT_TREND_LENGTH = 6
RECENT_POINTS_FOR_ASSURANCE = 6
# Shewhart's constants for individuals charts: 2.66 = 3 / d2 with d2 = 1.128 for ranges of two
# points, and 3.267 = D4, the upper limit of a moving range (used to screen out large ones).
LIMIT_FACTOR = 2.66
TWO_SIGMA_FACTOR = LIMIT_FACTOR * 2 / 3
MOVING_RANGE_SCREEN_FACTOR = 3.267

_IMPROVEMENTS: tuple[Improvement, ...] = ("up", "down", "neither")
_RULE_ORDER: tuple[Rule, ...] = ("outside_limits", "shift", "trend", "two_of_three")

# Sides of a signal. A rule fires "high" (above the mean, or rising) or "low".
_HIGH = 1
_LOW = -1


@dataclass(frozen=True, slots=True)
class XmrSection:
    """One stretch of the chart with its own mean and limits.

    ``start`` and ``stop`` are 0-based, ``stop`` exclusive. ``basis_points`` is how many of the
    section's leading points set its mean and limits (less than its length with a baseline).
    ``screened_moving_ranges`` counts moving ranges dropped by screening. Limits are ``None``
    when the chart has fewer than 13 points; ``mean_moving_range`` is ``None`` when the basis
    has a single point.
    """

    start: int
    stop: int
    basis_points: int
    mean: float
    mean_moving_range: float | None
    screened_moving_ranges: int
    upl: float | None
    lpl: float | None
    upper_two_sigma: float | None
    lower_two_sigma: float | None

    @property
    def length(self) -> int:
        """How many points the section holds."""
        return self.stop - self.start


@dataclass(frozen=True, slots=True)
class XmrPoint:
    """One point of an XmR chart, with the lines of its own section.

    ``moving_range`` is the absolute difference from the previous point of the same section
    (``None`` for a section's first point). ``rules`` lists the special-cause rules that fired
    on this point, in the order outside_limits, shift, trend, two_of_three.
    """

    index: int
    value: float
    section: int
    moving_range: float | None
    mean: float
    upl: float | None
    lpl: float | None
    upper_two_sigma: float | None
    lower_two_sigma: float | None
    variation: Variation
    rules: tuple[Rule, ...]

    @property
    def special_cause(self) -> bool:
        """Whether any special-cause rule fired on this point."""
        return self.variation != "common_cause"


@dataclass(frozen=True, slots=True)
class XmrChart:
    """An XmR chart: the points, the sections and the two MDC summary icons."""

    points: tuple[XmrPoint, ...]
    sections: tuple[XmrSection, ...]
    improvement: Improvement
    target: float | None
    variation_icon: VariationIcon | None
    assurance: Assurance | None
    shift_length: int
    trend_length: int
    screen_moving_ranges: bool

    @property
    def has_limits(self) -> bool:
        """Whether the chart has enough points for process limits."""
        return len(self.points) >= MINIMUM_POINTS_FOR_LIMITS

    @property
    def latest_section(self) -> XmrSection | None:
        """The last section, whose limits the assurance icon is read against."""
        return self.sections[-1] if self.sections else None


@dataclass(frozen=True, slots=True)
class RunChartPoint:
    """One point of a run chart and the run chart rules that fired on it."""

    index: int
    value: float
    rules: tuple[RunChartRule, ...]

    @property
    def special_cause(self) -> bool:
        """Whether a shift or a trend includes this point."""
        return bool(self.rules)


@dataclass(frozen=True, slots=True)
class RunChart:
    """A run chart: median, per-point signals and the number-of-runs test.

    ``useful_observations`` counts the points not on the median. ``runs_lower_limit`` and
    ``runs_upper_limit`` come from the Perla, Provost & Murray table and are ``None`` outside
    its range of 10 to 60 useful observations; fewer runs than the lower limit are too few,
    more than the upper limit too many.
    """

    points: tuple[RunChartPoint, ...]
    median: float | None
    runs: int
    useful_observations: int
    runs_lower_limit: int | None
    runs_upper_limit: int | None

    @property
    def too_few_runs(self) -> bool:
        """Fewer runs than chance allows: a sign of a shift in the process."""
        return self.runs_lower_limit is not None and self.runs < self.runs_lower_limit

    @property
    def too_many_runs(self) -> bool:
        """More runs than chance allows: often two processes or sampling taking turns."""
        return self.runs_upper_limit is not None and self.runs > self.runs_upper_limit


# --- XmR chart -----------------------------------------------------------------------------


def xmr(
    values: Iterable[Number],
    *,
    improvement: Improvement = "up",
    target: Number | None = None,
    baseline: int | None = None,
    recalculate_at: Sequence[int] = (),
    baselines: Mapping[int, int] | None = None,
    shift_length: int = DEFAULT_SHIFT_LENGTH,
    trend_length: int = DEFAULT_TREND_LENGTH,
    screen_moving_ranges: bool = False,
) -> XmrChart:
    """Build an XmR chart with the Making Data Count rules.

    ``improvement`` says which way is better ("up", "down" or "neither"). ``target`` feeds the
    assurance icon. ``baseline`` is the number of leading points that set the first section's
    limits, extended forward. ``recalculate_at`` holds the 0-based indices where a new section,
    with its own mean and limits, starts. ``baselines`` maps a section's start index (0 or one
    of ``recalculate_at``) to the number of its leading points that set its limits; ``baseline``
    is the same as ``baselines={0: baseline}``. ``shift_length`` and ``trend_length`` are 6 in
    MDC and 7 in NHSRplotthedots. ``screen_moving_ranges`` drops moving ranges above 3.267 times
    the mean moving range and recomputes once (off in MDC, on in NHSRplotthedots).

    Raises ``ValueError`` for a missing or non-finite value and for settings out of range, and
    ``TypeError`` for a value that is not a number.
    """
    data = _clean_values(values)
    _check_improvement(improvement)
    target_value = None if target is None else _clean_number(target, "target")
    starts = _section_starts(len(data), recalculate_at)
    fixed = _check_baselines(baseline, baselines, len(data), starts)
    _check_length(shift_length, "shift_length")
    _check_length(trend_length, "trend_length")

    has_limits = len(data) >= MINIMUM_POINTS_FOR_LIMITS
    sections = _sections(data, starts, fixed, screen_moving_ranges, has_limits)
    section_of = [number for number, s in enumerate(sections) for _ in range(s.start, s.stop)]

    signals: list[dict[Rule, set[int]]] = [{} for _ in data]
    if has_limits:
        lines = [sections[number] for number in section_of]
        _mark_outside_limits(data, lines, signals)
        _mark_shifts(data, lines, shift_length, signals)
        _mark_trends(data, trend_length, signals)
        _mark_two_of_three(data, lines, signals)

    points = tuple(
        _point(
            index, data, sections[section_of[index]], section_of[index], signals[index], improvement
        )
        for index in range(len(data))
    )
    return XmrChart(
        points=points,
        sections=sections,
        improvement=improvement,
        target=target_value,
        variation_icon=_variation_icon(points, signals, improvement) if has_limits else None,
        assurance=_assurance(sections[-1], target_value, improvement, data) if has_limits else None,
        shift_length=shift_length,
        trend_length=trend_length,
        screen_moving_ranges=screen_moving_ranges,
    )


def _sections(
    data: Sequence[float],
    starts: Sequence[int],
    baselines: Mapping[int, int],
    screen: bool,
    with_limits: bool,
) -> tuple[XmrSection, ...]:
    """One section per start; a section's baseline, if any, limits its basis."""
    if not data:
        return ()
    stops = (*starts[1:], len(data))
    return tuple(
        _section(
            data,
            start,
            stop,
            basis_points=baselines.get(start, stop - start),
            screen=screen,
            with_limits=with_limits,
        )
        for start, stop in zip(starts, stops, strict=True)
    )


def _section(
    data: Sequence[float],
    start: int,
    stop: int,
    *,
    basis_points: int,
    screen: bool,
    with_limits: bool,
) -> XmrSection:
    """Compute one section's mean, mean moving range and lines from its basis points."""
    basis = data[start : start + basis_points]
    # statistics.mean is exact before its one rounding, so a constant series has a mean equal
    # to its values; fmean's division can land a hair off and fake a shift.
    mean = _exact_mean(basis)
    ranges = [abs(b - a) for a, b in pairwise(basis)]
    mean_range = _exact_mean(ranges) if ranges else None
    screened = 0
    if screen and mean_range is not None:
        kept = [r for r in ranges if r <= MOVING_RANGE_SCREEN_FACTOR * mean_range]
        screened = len(ranges) - len(kept)
        # Recompute once only, as NHSRplotthedots does; repeating would keep trimming the tail.
        if kept and screened:
            mean_range = _exact_mean(kept)
    if not with_limits or mean_range is None:
        return XmrSection(start, stop, len(basis), mean, mean_range, screened, *(None,) * 4)
    return XmrSection(
        start=start,
        stop=stop,
        basis_points=len(basis),
        mean=mean,
        mean_moving_range=mean_range,
        screened_moving_ranges=screened,
        upl=mean + LIMIT_FACTOR * mean_range,
        lpl=mean - LIMIT_FACTOR * mean_range,
        upper_two_sigma=mean + TWO_SIGMA_FACTOR * mean_range,
        lower_two_sigma=mean - TWO_SIGMA_FACTOR * mean_range,
    )


def _exact_mean(numbers: Sequence[float]) -> float:
    return float(statistics.mean(numbers))


def _side(value: float, line: XmrSection) -> int:
    """+1 above the section mean, -1 below, 0 exactly on it."""
    return (value > line.mean) - (value < line.mean)


def _outside(value: float, line: XmrSection) -> int:
    """+1 strictly above the upper process limit, -1 strictly below the lower, else 0."""
    assert line.upl is not None and line.lpl is not None
    return (value > line.upl) - (value < line.lpl)


def _flag(signals: list[dict[Rule, set[int]]], index: int, rule: Rule, side: int) -> None:
    signals[index].setdefault(rule, set()).add(side)


def _mark_outside_limits(
    data: Sequence[float], lines: Sequence[XmrSection], signals: list[dict[Rule, set[int]]]
) -> None:
    """A single point strictly outside a process limit."""
    for index, (value, line) in enumerate(zip(data, lines, strict=True)):
        if side := _outside(value, line):
            _flag(signals, index, "outside_limits", side)


def _mark_shifts(
    data: Sequence[float],
    lines: Sequence[XmrSection],
    length: int,
    signals: list[dict[Rule, set[int]]],
) -> None:
    """``length`` or more points in a row strictly on one side of their own section's mean.

    A point exactly on the mean belongs to neither side, so it ends the run.
    """
    sides = [_side(value, line) for value, line in zip(data, lines, strict=True)]
    for start, stop in _runs_of_equal(sides):
        if sides[start] and stop - start >= length:
            for index in range(start, stop):
                _flag(signals, index, "shift", sides[start])


def _mark_trends(data: Sequence[float], length: int, signals: list[dict[Rule, set[int]]]) -> None:
    """``length`` or more points in a row each strictly above (or below) the one before.

    An equal value breaks the trend. A turning point may end a falling trend and start a
    rising one, and then carries both signals.
    """
    steps = [(b > a) - (b < a) for a, b in pairwise(data)]
    for start, stop in _runs_of_equal(steps):
        # steps[start:stop] link points start .. stop, so the trend has stop - start + 1 points.
        if steps[start] and stop - start + 1 >= length:
            for index in range(start, stop + 1):
                _flag(signals, index, "trend", steps[start])


def _mark_two_of_three(
    data: Sequence[float], lines: Sequence[XmrSection], signals: list[dict[Rule, set[int]]]
) -> None:
    """Two or three of three points in a row beyond the same two-sigma line.

    All three must be on that side of their own mean. Points beyond the process limit are
    already signalled and do not count here; only the points beyond two sigma are flagged.
    """
    for start in range(len(data) - 2):
        window = range(start, start + 3)
        for side in (_HIGH, _LOW):
            if any(_side(data[i], lines[i]) != side for i in window):
                continue
            beyond = [i for i in window if _beyond_two_sigma(data[i], lines[i], side)]
            if len(beyond) >= 2:
                for index in beyond:
                    _flag(signals, index, "two_of_three", side)


def _beyond_two_sigma(value: float, line: XmrSection, side: int) -> bool:
    """Strictly beyond the two-sigma line on ``side`` but not beyond the process limit."""
    assert line.upper_two_sigma is not None and line.lower_two_sigma is not None
    if _outside(value, line):
        return False
    if side == _HIGH:
        return value > line.upper_two_sigma
    return value < line.lower_two_sigma


def _runs_of_equal(items: Sequence[int]) -> Iterable[tuple[int, int]]:
    """Yield (start, stop) of each maximal stretch of equal items."""
    start = 0
    for index in range(1, len(items) + 1):
        if index == len(items) or items[index] != items[start]:
            yield start, index
            start = index


def _point(
    index: int,
    data: Sequence[float],
    line: XmrSection,
    section: int,
    fired: dict[Rule, set[int]],
    improvement: Improvement,
) -> XmrPoint:
    """A point with its own section's lines and the variation its signals add up to."""
    moving_range = abs(data[index] - data[index - 1]) if index > line.start else None
    return XmrPoint(
        index=index,
        value=data[index],
        section=section,
        moving_range=moving_range,
        mean=line.mean,
        upl=line.upl,
        lpl=line.lpl,
        upper_two_sigma=line.upper_two_sigma,
        lower_two_sigma=line.lower_two_sigma,
        variation=_variation(_signal_sides(fired), improvement),
        rules=tuple(rule for rule in _RULE_ORDER if rule in fired),
    )


def _variation(sides: set[int], improvement: Improvement) -> Variation:
    if not sides:
        return "common_cause"
    if improvement == "neither":
        return "neither"
    good = _HIGH if improvement == "up" else _LOW
    # A point that is both improvement and concern shows as improvement (MDC).
    return "improvement" if good in sides else "concern"


def _signal_sides(fired: dict[Rule, set[int]]) -> set[int]:
    return set().union(*fired.values()) if fired else set()


def _variation_icon(
    points: Sequence[XmrPoint], signals: list[dict[Rule, set[int]]], improvement: Improvement
) -> VariationIcon | None:
    """The icon of the last point: which kind of variation, and whether high or low."""
    if not points:
        return None
    last = points[-1]
    if last.variation == "common_cause":
        return "common_cause"
    if last.variation == "neither":
        sides = _signal_sides(signals[last.index])
        # With opposite signals at once (say a rising trend below the mean), say where it sits.
        high = _HIGH in sides if len(sides) == 1 else last.value >= last.mean
        return "neither_high" if high else "neither_low"
    good_is_high = improvement == "up"
    if last.variation == "improvement":
        return "improvement_high" if good_is_high else "improvement_low"
    return "concern_low" if good_is_high else "concern_high"


def _assurance(
    section: XmrSection, target: float | None, improvement: Improvement, data: Sequence[float]
) -> Assurance | None:
    """Whether the latest section's limits say the target will be met every time, unless the
    latest points say otherwise (see the module's notes)."""
    if target is None or improvement == "neither" or section.upl is None or section.lpl is None:
        return None
    found: Assurance = "hit_or_miss"
    if improvement == "up":
        if target <= section.lpl:
            found = "pass"
        elif target >= section.upl:
            found = "fail"
    else:
        if target >= section.upl:
            found = "pass"
        elif target <= section.lpl:
            found = "fail"
    recent = data[-RECENT_POINTS_FOR_ASSURANCE:]
    if len(recent) == RECENT_POINTS_FOR_ASSURANCE:
        met = [(v >= target) if improvement == "up" else (v <= target) for v in recent]
        if (found == "fail" and all(met)) or (found == "pass" and not any(met)):
            return "hit_or_miss"
    return found


def recalculation_warnings(
    values: Iterable[Number],
    at: int,
    *,
    recalculate_at: Sequence[int] = (),
    shift_length: int = DEFAULT_SHIFT_LENGTH,
) -> list[str]:
    """Why recalculating the limits from index ``at`` goes against MDC guidance, if it does.

    MDC: recalculate only after a sustained shift with a known cause, and with enough points in
    the new section. So this warns when the section that would start at ``at`` (ending at the
    next of ``recalculate_at``, or the end) has fewer than ``MINIMUM_POINTS_FOR_LIMITS``
    points, and when the ``shift_length`` points from ``at`` are not all strictly on one side
    of the mean of the points before ``at`` in its section (the process as it was). An empty
    list means no warning.
    """
    data = _clean_values(values)
    if not 0 < at < len(data):
        raise ValueError(
            f"at = {at} is outside the series: it must be between 1 and {len(data) - 1}"
        )
    others = sorted(i for i in recalculate_at if i != at)
    stop = next((i for i in others if i > at), len(data))
    start = max((i for i in others if i < at), default=0)
    warnings = []
    if stop - at < MINIMUM_POINTS_FOR_LIMITS:
        warnings.append(
            f"the new section has {stop - at} point{'s' if stop - at != 1 else ''}; "
            f"limits need at least {MINIMUM_POINTS_FOR_LIMITS}"
        )
    before = _exact_mean(data[start:at])
    run = data[at : min(stop, at + shift_length)]
    sides = {(v > before) - (v < before) for v in run}
    if len(run) < shift_length or len(sides) != 1 or 0 in sides:
        warnings.append(
            f"the {shift_length} points from there are not all on one side of the mean before "
            "it, so there is no sustained shift"
        )
    return warnings


def running_shift_start(chart: XmrChart) -> int | None:
    """Where a sustained shift that is still running at the latest point began, if one is and
    it began after the latest section did: a place to consider recalculating from."""
    if not chart.points or "shift" not in chart.points[-1].rules:
        return None
    index = len(chart.points) - 1
    last = chart.points[-1]
    side = (last.value > last.mean) - (last.value < last.mean)

    def same_run(point: XmrPoint) -> bool:
        return (
            "shift" in point.rules
            and point.section == last.section
            and (point.value > point.mean) - (point.value < point.mean) == side
        )

    while index > 0 and same_run(chart.points[index - 1]):
        index -= 1
    latest = chart.sections[-1]
    return index if index > latest.start else None


# --- Validation ----------------------------------------------------------------------------


def _clean_number(value: object, name: str) -> float:
    """Turn one int, float or Decimal into a finite float, or say clearly what is wrong."""
    if value is None:
        raise ValueError(f"{name} is missing (None); remove the point or supply a number")
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        raise TypeError(f"{name} must be a number, not {type(value).__name__} {value!r}")
    try:
        number = float(value)
    except ValueError as error:  # a signalling Decimal NaN refuses conversion
        raise ValueError(f"{name} is not a number ({value!r})") from error
    if math.isnan(number):
        raise ValueError(f"{name} is not a number (NaN); remove the point or supply a number")
    if math.isinf(number):
        raise ValueError(f"{name} is infinite ({value!r})")
    return number


def _clean_values(values: Iterable[Number]) -> list[float]:
    if isinstance(values, str | bytes):
        raise TypeError("values must be a sequence of numbers, not a string")
    return [_clean_number(value, f"value at index {index}") for index, value in enumerate(values)]


def _check_improvement(improvement: str) -> None:
    if improvement not in _IMPROVEMENTS:
        raise ValueError(f"improvement must be one of {_IMPROVEMENTS}, not {improvement!r}")


def _check_int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    return value


def _check_length(value: int, name: str) -> None:
    if _check_int(value, name) < 2:
        raise ValueError(f"{name} must be at least 2 points, not {value}")


def _section_starts(count: int, recalculate_at: Sequence[int]) -> tuple[int, ...]:
    """Section start indices, beginning with 0; each section needs at least 2 points."""
    if isinstance(recalculate_at, int | str | bytes):
        raise ValueError("recalculate_at must be a sequence of indices, for example (15,)")
    starts = [0]
    for position, index in enumerate(recalculate_at):
        _check_int(index, f"recalculate_at[{position}]")
        if not 0 < index < count:
            raise ValueError(
                f"recalculate_at[{position}] = {index} is outside the series: a new section "
                f"must start between index 1 and {count - 1}"
            )
        if index <= starts[-1]:
            raise ValueError("recalculate_at must be in strictly increasing order")
        starts.append(index)
    for start, stop in pairwise([*starts, count]):
        if stop - start < 2 and starts != [0]:
            raise ValueError(
                f"the section starting at index {start} has {stop - start} point; "
                "each section needs at least 2 points for a moving range"
            )
    return tuple(starts)


def _check_baselines(
    baseline: int | None, baselines: Mapping[int, int] | None, count: int, starts: Sequence[int]
) -> dict[int, int]:
    fixed = dict(baselines or {})
    if baseline is not None:
        if 0 in fixed:
            raise ValueError("give the first section's baseline once: baseline or baselines[0]")
        fixed[0] = baseline
    stops = dict(zip(starts, (*starts[1:], count), strict=True))
    for start, points in fixed.items():
        if start not in stops:
            raise ValueError(
                f"baselines has a section starting at {start!r}, but sections start at "
                f"{', '.join(str(s) for s in starts)}"
            )
        name = "baseline" if start == 0 and baseline is not None else f"baselines[{start}]"
        _check_int(points, name)
        length = stops[start] - start
        if not 2 <= points <= length:
            which = "first section" if start == 0 else f"section starting at {start}"
            raise ValueError(
                f"{name} must be between 2 and {length} points "
                f"(the length of the {which}), not {points}"
            )
    return fixed


# --- Run chart -----------------------------------------------------------------------------

RUN_CHART_SHIFT_LENGTH = 6
RUN_CHART_TREND_LENGTH = 5

# Too few / too many runs, from Perla RJ, Provost LP, Murray SK. "The run chart: a simple
# analytical tool for learning from variation in healthcare processes." BMJ Qual Saf
# 2011;20:46-51, Table 1, which they derived from Swed FS, Eisenhart C, Ann Math Stat
# 1943;14:66-87 (about a 5% risk of a false signal). Key: useful observations (points not on the
# median); value: (lower, upper). Fewer runs than lower is too few; more than upper too many.
_RUNS_TABLE: dict[int, tuple[int, int]] = {
    10: (3, 9), 11: (3, 10), 12: (3, 11), 13: (4, 11), 14: (4, 12), 15: (5, 12),
    16: (5, 13), 17: (5, 13), 18: (6, 14), 19: (6, 15), 20: (6, 16), 21: (7, 16),
    22: (7, 17), 23: (7, 17), 24: (8, 18), 25: (8, 18), 26: (9, 19), 27: (10, 19),
    28: (10, 20), 29: (10, 20), 30: (11, 21), 31: (11, 22), 32: (11, 23), 33: (12, 23),
    34: (12, 24), 35: (13, 24), 36: (13, 25), 37: (13, 25), 38: (14, 26), 39: (14, 26),
    40: (15, 27), 41: (15, 27), 42: (16, 28), 43: (16, 28), 44: (17, 29), 45: (17, 30),
    46: (17, 31), 47: (18, 31), 48: (18, 32), 49: (19, 32), 50: (19, 33), 51: (20, 33),
    52: (20, 34), 53: (21, 34), 54: (21, 35), 55: (22, 35), 56: (22, 36), 57: (23, 36),
    58: (23, 37), 59: (24, 38), 60: (24, 38),
}  # fmt: skip


def runs_limits(useful_observations: int) -> tuple[int, int] | None:
    """The (lower, upper) limits for the number of runs, or ``None`` outside 10 to 60."""
    return _RUNS_TABLE.get(useful_observations)


def run_chart(values: Iterable[Number]) -> RunChart:
    """Build a run chart with the IHI rules (Perla, Provost & Murray 2011).

    - Shift: 6 or more points in a row on the same side of the median. Points on the median are
      skipped: they neither break nor add to a shift, and are not flagged.
    - Trend: 5 or more points in a row all going up or all going down. A value equal to the one
      before is skipped: it neither breaks nor adds to a trend, and is not flagged.
    - Runs: a run is one or more points in a row on one side of the median (points on the
      median skipped). Too few or too many runs for the number of useful observations is a
      signal of the whole chart, tested against the published table.

    The fourth IHI rule, an astronomical point, is a judgement by people who know the process
    and is deliberately not computed.
    """
    data = _clean_values(values)
    if not data:
        return RunChart((), None, 0, 0, None, None)
    median = statistics.median(data)
    signals: list[set[RunChartRule]] = [set() for _ in data]

    # Only the points off the median take part in shifts and runs.
    off_median = [(index, (v > median) - (v < median)) for index, v in enumerate(data)]
    off_median = [(index, side) for index, side in off_median if side]
    sides = [side for _, side in off_median]
    for start, stop in _runs_of_equal(sides):
        if stop - start >= RUN_CHART_SHIFT_LENGTH:
            for index, _ in off_median[start:stop]:
                signals[index].add("shift")

    # Only points that differ from the one before take part in trends.
    distinct = [0, *(i for i in range(1, len(data)) if data[i] != data[i - 1])]
    steps = [(data[b] > data[a]) - (data[b] < data[a]) for a, b in pairwise(distinct)]
    for start, stop in _runs_of_equal(steps):
        if stop - start + 1 >= RUN_CHART_TREND_LENGTH:
            for index in distinct[start : stop + 1]:
                signals[index].add("trend")

    runs = sum(1 for _ in _runs_of_equal(sides))
    limits = runs_limits(len(sides))
    return RunChart(
        points=tuple(
            RunChartPoint(index, value, tuple(r for r in ("shift", "trend") if r in signals[index]))
            for index, value in enumerate(data)
        ),
        median=median,
        runs=runs,
        useful_observations=len(sides),
        runs_lower_limit=limits[0] if limits else None,
        runs_upper_limit=limits[1] if limits else None,
    )
