"""Server-side SVG for SPC charts and the Making Data Count icons.

Plain string building, no JavaScript and no canvas, so charts work in every browser, in PDFs
and when printed. Every chart is an accessible image: ``role="img"`` with a ``<title>`` and a
``<desc>`` that says in words what the chart shows. Colour is never the only signal: special
cause points are framed by a shape (square for improvement, diamond for concern, triangle for
neither) and the legend spells out what each mark means.

Numbers are formatted by ``y_format`` if given; ``percent=True`` reads values as percentages
already (87.5 is shown as "87.5%"), not as fractions of one.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from coproduce.spc import (
    Assurance,
    RunChart,
    Variation,
    VariationIcon,
    XmrChart,
    XmrPoint,
)

__all__ = [
    "ASSURANCE_ICON_TITLES",
    "COLOURS",
    "VARIATION_ICON_TITLES",
    "assurance_icon_svg",
    "run_chart_svg",
    "variation_icon_svg",
    "xmr_chart_svg",
]

# Making Data Count colours.
COLOURS: dict[Variation, str] = {
    "common_cause": "#A6A6A6",
    "improvement": "#00B0F0",
    "concern": "#E46C0A",
    "neither": "#490092",
}
TEXT = "#212B32"
LINE = "#4C6272"
DATA_LINE = "#7F7F7F"
TARGET = "#DA291C"
RUN_SIGNAL = "#005EB8"
FONT = "Frutiger W01, Arial, sans-serif"

VARIATION_ICON_TITLES: dict[VariationIcon, str] = {
    "improvement_high": "Special cause variation: improvement (high)",
    "improvement_low": "Special cause variation: improvement (low)",
    "concern_high": "Special cause variation: concern (high)",
    "concern_low": "Special cause variation: concern (low)",
    "neither_high": "Special cause variation: neither improvement nor concern (high)",
    "neither_low": "Special cause variation: neither improvement nor concern (low)",
    "common_cause": "Common cause variation: no significant change",
}
ASSURANCE_ICON_TITLES: dict[Assurance, str] = {
    "pass": "Assurance: the process will consistently pass the target",
    "fail": "Assurance: the process will consistently fail the target",
    "hit_or_miss": "Assurance: the process will hit and miss the target at random",
}
_VARIATION_WORDS: dict[Variation, str] = {
    "common_cause": "common cause variation",
    "improvement": "special cause improvement",
    "concern": "special cause concern",
    "neither": "special cause variation (neither direction is better)",
}
_SHAPE_WORDS: dict[Variation, str] = {
    "common_cause": "small grey circle",
    "improvement": "blue circle in a square",
    "concern": "orange circle in a diamond",
    "neither": "purple circle in a triangle",
}
_LEGEND_WORDS: dict[Variation, str] = {
    "common_cause": "Common cause",
    "improvement": "Improvement",
    "concern": "Concern",
    "neither": "Special cause (neither)",
}

# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

YFormat = Callable[[float], str]


# --- Small SVG building blocks -------------------------------------------------------------


def _text(value: object) -> str:
    """Escape text for XML content or a double-quoted attribute."""
    return html.escape(_NOT_XML.sub("", str(value)), quote=True)


def _num(value: float) -> str:
    """A coordinate with two decimals at most, which keeps the markup small and stable."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _el(tag: str, content: str | None = None, /, **attrs: object) -> str:
    """One element. Attribute names use ``_`` for ``-``; ``None`` values are left out."""
    parts = [tag]
    for name, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, float):
            value = _num(value)
        parts.append(f'{name.rstrip("_").replace("_", "-")}="{_text(value)}"')
    opening = " ".join(parts)
    if content is None:
        return f"<{opening}/>"
    return f"<{opening}>{content}</{tag}>"


def _svg(
    body: Sequence[str], *, width: float, height: float, title: str, desc: str, uid: str
) -> str:
    """The accessible outer element, named by its title and described by its desc."""
    return _el(
        "svg",
        "".join(
            [
                _el("title", _text(title), id=f"{uid}-title"),
                _el("desc", _text(desc), id=f"{uid}-desc"),
                *body,
            ]
        ),
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {_num(width)} {_num(height)}",
        width=width,
        height=height,
        role="img",
        aria_labelledby=f"{uid}-title",
        aria_describedby=f"{uid}-desc",
        font_family=FONT,
        font_size=12,
        class_="spc-chart",
    )


def _uid(prefix: str, *parts: object) -> str:
    """A stable id from the chart's content, so two charts on one page do not clash."""
    digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:8]
    return f"{prefix}-{digest}"


def _formatter(y_format: YFormat | None, percent: bool) -> YFormat:
    if y_format is not None:
        return y_format
    if percent:
        return lambda value: f"{_plain_number(value)}%"
    return _plain_number


def _plain_number(value: float) -> str:
    """A readable number: fewer decimals the bigger it is, no trailing zeros."""
    size = abs(value)
    decimals = 0 if size >= 100 else 1 if size >= 10 else 2 if size >= 1 else 3
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# --- Geometry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Frame:
    """The plot area inside the margins and the data range it maps."""

    left: float
    top: float
    right: float
    bottom: float
    low: float
    high: float
    count: int

    def x(self, index: float) -> float:
        if self.count <= 1:
            return (self.left + self.right) / 2
        return self.left + (self.right - self.left) * index / (self.count - 1)

    def y(self, value: float) -> float:
        # Values outside the drawn range (a lower limit below 0%, say) sit on its edge.
        value = min(max(value, self.low), self.high)
        span = self.high - self.low
        return self.bottom - (self.bottom - self.top) * (value - self.low) / span


def _nice_ticks(low: float, high: float, wanted: int = 5) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten) covering low to high."""
    raw = (high - low) / max(wanted, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(power * m for m in (1, 2, 5, 10) if power * m >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _frame(
    values: Sequence[float], count: int, width: float, height: float, *, percent: bool = False
) -> _Frame:
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1, high + 1
    padding = (high - low) * 0.08
    ticks = _nice_ticks(low - padding, high + padding)
    low, high = min(ticks[0], low - padding), max(ticks[-1], high + padding)
    if percent:
        # A share cannot be below 0% or above 100%, whatever the limits work out as.
        low, high = max(low, 0.0), min(high, 100.0)
    return _Frame(
        left=64,
        top=44,
        right=width - 128,
        bottom=height - 96,
        low=low,
        high=high,
        count=count,
    )


def _axes(frame: _Frame, labels: Sequence[str], fmt: YFormat, y_label: str | None) -> list[str]:
    """Y ticks with grid lines, x labels (thinned so they do not overlap) and the axis line."""
    parts = []
    for tick in _nice_ticks(frame.low, frame.high):
        if not frame.low <= tick <= frame.high:
            continue
        y = frame.y(tick)
        parts.append(
            _el("line", x1=frame.left, x2=frame.right, y1=y, y2=y, stroke="#E8EDEE", class_="grid")
        )
        parts.append(
            _el(
                "text",
                _text(fmt(tick)),
                x=frame.left - 8,
                y=y + 4,
                text_anchor="end",
                fill=TEXT,
                class_="y-tick",
            )
        )
    parts.append(
        _el(
            "line",
            x1=frame.left,
            x2=frame.right,
            y1=frame.bottom,
            y2=frame.bottom,
            stroke=LINE,
        )
    )
    step = max(1, math.ceil(len(labels) / max(1, (frame.right - frame.left) // 28)))
    for index in range(0, len(labels), step):
        x, y = frame.x(index), frame.bottom + 14
        parts.append(
            _el(
                "text",
                _text(labels[index]),
                x=x,
                y=y,
                text_anchor="end",
                transform=f"rotate(-45 {_num(x)} {_num(y)})",
                fill=TEXT,
                class_="x-label",
            )
        )
    if y_label:
        x, y = 14, (frame.top + frame.bottom) / 2
        parts.append(
            _el(
                "text",
                _text(y_label),
                x=x,
                y=y,
                text_anchor="middle",
                transform=f"rotate(-90 {_num(x)} {_num(y)})",
                fill=TEXT,
            )
        )
    return parts


def _hline(frame: _Frame, start: float, stop: float, value: float, **style: object) -> str:
    y = frame.y(value)
    return _el("line", x1=frame.x(start), x2=frame.x(stop), y1=y, y2=y, **style)


def _line_labels(frame: _Frame, labels: Sequence[tuple[float, str, str]]) -> list[str]:
    """Names of the lines at the right edge, nudged apart so none overlap."""
    placed: list[tuple[float, str, str]] = []
    for value, text, colour in sorted(labels, key=lambda item: -item[0]):
        y = frame.y(value) + 4
        if placed and y - placed[-1][0] < 14:
            y = placed[-1][0] + 14
        placed.append((y, text, colour))
    return [
        _el("text", _text(text), x=frame.right + 8, y=y, fill=colour, class_="line-label")
        for y, text, colour in placed
    ]


def _polyline(frame: _Frame, values: Sequence[float]) -> str:
    points = " ".join(f"{_num(frame.x(i))},{_num(frame.y(v))}" for i, v in enumerate(values))
    return _el("polyline", points=points, fill="none", stroke=DATA_LINE, stroke_width=1.5)


def _annotations(frame: _Frame, annotations: Sequence[tuple[int, str]]) -> list[str]:
    """A dotted marker at each annotated point, its text above the plot on alternating rows."""
    parts = []
    for row, (index, note) in enumerate(sorted(annotations)):
        x = frame.x(index)
        y = frame.top - 8 - 14 * (row % 2)
        parts.append(
            _el(
                "g",
                _el(
                    "line",
                    x1=x,
                    x2=x,
                    y1=y + 4,
                    y2=frame.bottom,
                    stroke=LINE,
                    stroke_dasharray="1 3",
                )
                + _el("text", _text(note), x=x, y=y, text_anchor="middle", fill=TEXT),
                class_="annotation",
            )
        )
    return parts


def _check_annotations(annotations: Sequence[tuple[int, str]], count: int) -> None:
    for index, _ in annotations:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count:
            raise ValueError(f"annotation index {index!r} is not a point of the chart")


def _check_labels(labels: Sequence[str] | None, count: int) -> list[str]:
    if labels is None:
        return [str(number) for number in range(1, count + 1)]
    if len(labels) != count:
        raise ValueError(f"got {len(labels)} x labels for {count} points")
    return [str(label) for label in labels]


# --- Markers and legend --------------------------------------------------------------------


def _frame_shape(variation: Variation, x: float, y: float, size: float, colour: str) -> str:
    """The shape around a special cause point, so the kind shows without colour."""
    style = {"fill": "none", "stroke": colour, "stroke_width": 1.5}
    if variation == "improvement":
        return _el("rect", x=x - size, y=y - size, width=2 * size, height=2 * size, **style)
    if variation == "concern":
        d = size * 1.35
        return _el(
            "polygon", points=_points([(x, y - d), (x + d, y), (x, y + d), (x - d, y)]), **style
        )
    d = size * 1.5
    corners = [(x, y - d), (x + d * 0.9, y + d * 0.6), (x - d * 0.9, y + d * 0.6)]
    return _el("polygon", points=_points(corners), **style)


def _points(corners: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in corners)


def _marker(
    variation: Variation, x: float, y: float, *, label: str | None = None, css: str = "point"
) -> str:
    """A point: a circle in its variation's colour, framed by a shape if special cause."""
    colour = COLOURS[variation]
    if variation == "common_cause":
        body = _el("circle", cx=x, cy=y, r=3.5, fill=colour, stroke="#FFFFFF", stroke_width=0.5)
    else:
        body = _el("circle", cx=x, cy=y, r=4.5, fill=colour) + _frame_shape(
            variation, x, y, 6.5, colour
        )
    title = _el("title", _text(label)) if label else ""
    return _el("g", title + body, class_=f"{css} {variation}", data_variation=variation)


def _legend(items: Sequence[tuple[str, str]], x: float, y: float) -> str:
    """Legend entries laid out in a row: (symbol markup at 0,0, text)."""
    parts = []
    cursor = x
    for symbol, words in items:
        parts.append(_el("g", symbol, transform=f"translate({_num(cursor)} {_num(y)})"))
        parts.append(_el("text", _text(words), x=cursor + 14, y=y + 4, fill=TEXT))
        cursor += 36 + 7 * len(words)
    return _el("g", "".join(parts), class_="legend")


def _legend_line(colour: str, dash: str | None) -> str:
    return _el(
        "line", x1=-8, x2=8, y1=0, y2=0, stroke=colour, stroke_width=2, stroke_dasharray=dash
    )


# --- XmR chart -----------------------------------------------------------------------------


def xmr_chart_svg(
    chart: XmrChart,
    labels: Sequence[str] | None = None,
    *,
    title: str,
    target: float | None = None,
    annotations: Sequence[tuple[int, str]] = (),
    y_format: YFormat | None = None,
    percent: bool = False,
    y_label: str | None = None,
    width: int = 760,
    height: int = 380,
    element_id: str | None = None,
) -> str:
    """Draw an XmR chart as an SVG string.

    ``labels`` name the points on the x axis (for example month names; default 1, 2, 3...).
    ``target`` draws a target line (default: the chart's own target, if it has one).
    ``annotations`` are (point index, text) notes such as "New rota started". The mean is a
    solid line and the process limits dashed, per section; points are coloured by variation.
    """
    names = _check_labels(labels, len(chart.points))
    _check_annotations(annotations, len(chart.points))
    fmt = _formatter(y_format, percent)
    goal = target if target is not None else chart.target
    uid = element_id or _uid("xmr", title, [p.value for p in chart.points], goal, annotations)
    desc = _xmr_description(chart, names, goal, fmt)
    if not chart.points:
        return _svg(
            [_empty_message(width, height)],
            width=width,
            height=height,
            title=title,
            desc=desc,
            uid=uid,
        )

    frame = _frame(_xmr_extent(chart, goal), len(chart.points), width, height, percent=percent)
    body = _axes(frame, names, fmt, y_label)
    body += _section_lines(chart, frame)
    if goal is not None:
        body.append(
            _hline(
                frame,
                0,
                frame.count - 1,
                goal,
                stroke=TARGET,
                stroke_width=1.5,
                stroke_dasharray="2 3",
                class_="target",
            )
        )
    body += _line_labels(frame, _xmr_line_labels(chart, goal, fmt))
    body.append(_polyline(frame, [p.value for p in chart.points]))
    body += [
        _marker(p.variation, frame.x(p.index), frame.y(p.value), label=_point_label(p, names, fmt))
        for p in chart.points
    ]
    body += _annotations(frame, annotations)
    body.append(_legend(_xmr_legend(chart, goal), frame.left, height - 16))
    return _svg(body, width=width, height=height, title=title, desc=desc, uid=uid)


def _xmr_extent(chart: XmrChart, goal: float | None) -> list[float]:
    values = [p.value for p in chart.points]
    for section in chart.sections:
        values += [v for v in (section.mean, section.upl, section.lpl) if v is not None]
    if goal is not None:
        values.append(goal)
    return values


def _section_lines(chart: XmrChart, frame: _Frame) -> list[str]:
    """Mean (solid) and process limits (dashed) across each section, with a recalculation mark."""
    parts = []
    for number, section in enumerate(chart.sections):
        # Half a step either side so a section's lines meet the next one's between points.
        start = section.start - (0.5 if number else 0)
        stop = section.stop - 1 + (0.5 if number < len(chart.sections) - 1 else 0)
        if number:
            x = frame.x(start)
            parts.append(
                _el(
                    "line",
                    x1=x,
                    x2=x,
                    y1=frame.top,
                    y2=frame.bottom,
                    stroke=LINE,
                    stroke_dasharray="4 2",
                    class_="recalculation",
                )
            )
        parts.append(
            _hline(frame, start, stop, section.mean, stroke=TEXT, stroke_width=1.5, class_="mean")
        )
        for limit in (section.upl, section.lpl):
            if limit is not None:
                parts.append(
                    _hline(
                        frame,
                        start,
                        stop,
                        limit,
                        stroke=LINE,
                        stroke_width=1.2,
                        stroke_dasharray="6 4",
                        class_="limit",
                    )
                )
    return parts


def _xmr_line_labels(
    chart: XmrChart, goal: float | None, fmt: YFormat
) -> list[tuple[float, str, str]]:
    section = chart.sections[-1]
    labels = [(section.mean, f"Mean {fmt(section.mean)}", TEXT)]
    if section.upl is not None and section.lpl is not None:
        labels.append((section.upl, f"Upper limit {fmt(section.upl)}", LINE))
        labels.append((section.lpl, f"Lower limit {fmt(section.lpl)}", LINE))
    if goal is not None:
        labels.append((goal, f"Target {fmt(goal)}", TARGET))
    return labels


def _point_label(point: XmrPoint, names: Sequence[str], fmt: YFormat) -> str:
    return f"{names[point.index]}: {fmt(point.value)}, {_VARIATION_WORDS[point.variation]}"


def _xmr_legend(chart: XmrChart, goal: float | None) -> list[tuple[str, str]]:
    present = {p.variation for p in chart.points}
    items = [
        (_marker(variation, 0, 0, css="legend-mark"), _LEGEND_WORDS[variation])
        for variation in COLOURS
        if variation in present
    ]
    items.append((_legend_line(TEXT, None), "Mean"))
    if chart.has_limits:
        items.append((_legend_line(LINE, "6 4"), "Process limits"))
    if goal is not None:
        items.append((_legend_line(TARGET, "2 3"), "Target"))
    return items


def _xmr_description(
    chart: XmrChart, names: Sequence[str], goal: float | None, fmt: YFormat
) -> str:
    """The chart in words, for screen readers and for anyone who cannot tell the colours."""
    if not chart.points:
        return "No data yet."
    latest = chart.points[-1]
    sentences = [
        f"XmR chart of {len(chart.points)} points from {names[0]} to {names[-1]}.",
        f"Latest value {fmt(latest.value)} ({names[-1]}), {_VARIATION_WORDS[latest.variation]}.",
    ]
    section = chart.sections[-1]
    if section.upl is not None and section.lpl is not None:
        sentences.append(
            f"Mean {fmt(section.mean)}; process limits {fmt(section.lpl)} to {fmt(section.upl)}."
        )
    else:
        sentences.append(
            f"Mean {fmt(section.mean)}. Too few points for process limits: at least 13 are needed."
        )
    if len(chart.sections) > 1:
        starts = ", ".join(names[s.start] for s in chart.sections[1:])
        sentences.append(f"Limits recalculated from {starts}.")
    if goal is not None:
        sentences.append(f"Target {fmt(goal)}.")
    sentences += _special_cause_counts(chart)
    if chart.variation_icon:
        sentences.append(f"{VARIATION_ICON_TITLES[chart.variation_icon]}.")
    if chart.assurance:
        sentences.append(f"{ASSURANCE_ICON_TITLES[chart.assurance]}.")
    sentences.append(
        "Marks: "
        + "; ".join(f"{_LEGEND_WORDS[v].lower()}, {_SHAPE_WORDS[v]}" for v in COLOURS)
        + "."
    )
    return " ".join(sentences)


def _special_cause_counts(chart: XmrChart) -> list[str]:
    counts = {v: sum(p.variation == v for p in chart.points) for v in COLOURS}
    special = [
        f"{counts[v]} {_VARIATION_WORDS[v]}" for v in COLOURS if v != "common_cause" and counts[v]
    ]
    if not special:
        return ["No points show special cause variation."]
    return [f"Points with special cause variation: {', '.join(special)}."]


def _empty_message(width: float, height: float) -> str:
    return _el("text", "No data yet", x=width / 2, y=height / 2, text_anchor="middle", fill=TEXT)


# --- Run chart -----------------------------------------------------------------------------


def run_chart_svg(
    chart: RunChart,
    labels: Sequence[str] | None = None,
    *,
    title: str,
    annotations: Sequence[tuple[int, str]] = (),
    y_format: YFormat | None = None,
    percent: bool = False,
    y_label: str | None = None,
    width: int = 760,
    height: int = 380,
    element_id: str | None = None,
) -> str:
    """Draw a run chart: the median line and points, with shifts and trends marked."""
    names = _check_labels(labels, len(chart.points))
    _check_annotations(annotations, len(chart.points))
    fmt = _formatter(y_format, percent)
    uid = element_id or _uid("run", title, [p.value for p in chart.points], annotations)
    desc = _run_description(chart, names, fmt)
    if not chart.points or chart.median is None:
        return _svg(
            [_empty_message(width, height)],
            width=width,
            height=height,
            title=title,
            desc=desc,
            uid=uid,
        )

    values = [p.value for p in chart.points]
    frame = _frame([*values, chart.median], len(values), width, height, percent=percent)
    body = _axes(frame, names, fmt, y_label)
    body.append(
        _hline(
            frame, 0, frame.count - 1, chart.median, stroke=TEXT, stroke_width=1.5, class_="median"
        )
    )
    body += _line_labels(frame, [(chart.median, f"Median {fmt(chart.median)}", TEXT)])
    body.append(_polyline(frame, values))
    for point in chart.points:
        x, y = frame.x(point.index), frame.y(point.value)
        words = f"{names[point.index]}: {fmt(point.value)}"
        body.append(_run_marker(x, y, point.rules, words))
    body += _annotations(frame, annotations)
    legend = [
        (_run_marker(0, 0, (), None, "legend-mark"), "Point"),
        (_legend_line(TEXT, None), "Median"),
    ]
    if any(p.rules for p in chart.points):
        signal = _run_marker(0, 0, ("shift",), None, "legend-mark")
        legend.insert(1, (signal, "Part of a shift or trend"))
    body.append(_legend(legend, frame.left, height - 16))
    return _svg(body, width=width, height=height, title=title, desc=desc, uid=uid)


def _run_marker(
    x: float, y: float, rules: Sequence[str], words: str | None, css: str = "point"
) -> str:
    """A grey circle, or a blue circle framed by a square when part of a shift or trend."""
    if words and rules:
        words += ", part of a " + " and a ".join(rules)
    title = _el("title", _text(words)) if words else ""
    if not rules:
        body = _el("circle", cx=x, cy=y, r=3.5, fill=COLOURS["common_cause"])
        return _el("g", title + body, class_=css)
    body = _el("circle", cx=x, cy=y, r=4.5, fill=RUN_SIGNAL) + _el(
        "rect",
        x=x - 6.5,
        y=y - 6.5,
        width=13,
        height=13,
        fill="none",
        stroke=RUN_SIGNAL,
        stroke_width=1.5,
    )
    return _el("g", title + body, class_=f"{css} signal", data_rules=" ".join(rules))


def _run_description(chart: RunChart, names: Sequence[str], fmt: YFormat) -> str:
    if not chart.points or chart.median is None:
        return "No data yet."
    shifts = sum("shift" in p.rules for p in chart.points)
    trends = sum("trend" in p.rules for p in chart.points)
    sentences = [
        f"Run chart of {len(chart.points)} points from {names[0]} to {names[-1]}.",
        f"Latest value {fmt(chart.points[-1].value)} ({names[-1]}). Median {fmt(chart.median)}.",
        f"{chart.runs} runs from {chart.useful_observations} points not on the median.",
    ]
    if chart.runs_lower_limit is None or chart.runs_upper_limit is None:
        sentences.append("Too few or too many points for the number-of-runs test (10 to 60).")
    elif chart.too_few_runs:
        sentences.append(f"Too few runs: fewer than {chart.runs_lower_limit}, a non-random signal.")
    elif chart.too_many_runs:
        sentences.append(f"Too many runs: more than {chart.runs_upper_limit}, a non-random signal.")
    else:
        sentences.append(
            f"The number of runs is within the expected {chart.runs_lower_limit} "
            f"to {chart.runs_upper_limit}."
        )
    sentences.append(
        f"{shifts} points are part of a shift and {trends} part of a trend; "
        "they are blue circles framed by a square, other points small grey circles."
        if shifts or trends
        else "No shifts or trends."
    )
    return " ".join(sentences)


# --- Making Data Count icons ---------------------------------------------------------------

# Mini charts inside the variation icons: seven dots on a 100 x 100 canvas.
_DOTS_HIGH = [(22, 76), (31, 74), (40, 77), (49, 70), (58, 65), (67, 60), (76, 55)]
_DOTS_LOW = [(22, 55), (31, 57), (40, 54), (49, 61), (58, 66), (67, 71), (76, 76)]
_DOTS_FLAT = [(22, 66), (31, 60), (40, 70), (49, 62), (58, 68), (67, 59), (76, 65)]


def variation_icon_svg(name: VariationIcon, *, size: int = 48) -> str:
    """The MDC variation icon: a ringed circle, a mini chart of dots and H or L."""
    if name not in VARIATION_ICON_TITLES:
        raise ValueError(f"unknown variation icon {name!r}")
    if name == "common_cause":
        variation: Variation = "common_cause"
        letter, dots, special = "", _DOTS_FLAT, 0
    else:
        kind, side = name.rsplit("_", 1)
        variation = kind  # type: ignore[assignment]
        letter = "H" if side == "high" else "L"
        dots, special = (_DOTS_HIGH if side == "high" else _DOTS_LOW), 3
    colour = COLOURS[variation]
    marks = [
        _el("circle", cx=x, cy=y, r=4.2, fill=colour if i >= len(dots) - special else "#7F7F7F")
        for i, (x, y) in enumerate(dots)
    ]
    body = [_icon_ring(colour), _polyline_points(dots), *marks]
    if letter:
        body.append(_icon_letter(letter, colour, y=44, font_size=30))
    return _icon(VARIATION_ICON_TITLES[name], body, size, f"variation {name}")


def assurance_icon_svg(name: Assurance, *, size: int = 48) -> str:
    """The MDC assurance icon: P (pass), F (fail) or ? (hit or miss) above a target line."""
    if name not in ASSURANCE_ICON_TITLES:
        raise ValueError(f"unknown assurance icon {name!r}")
    colour, letter = {
        "pass": (COLOURS["improvement"], "P"),
        "fail": (COLOURS["concern"], "F"),
        "hit_or_miss": (COLOURS["common_cause"], "?"),
    }[name]
    body = [
        _icon_ring(colour),
        _el(
            "line",
            x1=20,
            x2=80,
            y1=68,
            y2=68,
            stroke=TARGET,
            stroke_width=3,
            stroke_dasharray="5 3",
        ),
        _icon_letter(letter, colour, y=58, font_size=44),
    ]
    return _icon(ASSURANCE_ICON_TITLES[name], body, size, f"assurance {name}")


def _icon(title: str, body: Sequence[str], size: int, css: str) -> str:
    # An aria-label, not aria-labelledby: the same icon may appear many times on a page and
    # ids would clash. The <title> also gives a tooltip.
    return _el(
        "svg",
        _el("title", _text(title)) + "".join(body),
        xmlns="http://www.w3.org/2000/svg",
        viewBox="0 0 100 100",
        width=size,
        height=size,
        role="img",
        aria_label=title,
        font_family=FONT,
        class_=f"mdc-icon {css}",
    )


def _icon_ring(colour: str) -> str:
    return _el("circle", cx=50, cy=50, r=44, fill="#FFFFFF", stroke=colour, stroke_width=8)


def _icon_letter(letter: str, colour: str, *, y: float, font_size: int = 22) -> str:
    return _el(
        "text",
        _text(letter),
        x=50,
        y=y,
        text_anchor="middle",
        font_size=font_size,
        font_weight="bold",
        fill=colour,
    )


def _polyline_points(dots: Sequence[tuple[float, float]]) -> str:
    return _el("polyline", points=_points(dots), fill="none", stroke="#7F7F7F", stroke_width=2)
