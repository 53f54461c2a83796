"""SVG charts and icons: well-formed, accessible, escaped, and faithful to the SPC result."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from coproduce.lib.charts import (
    ASSURANCE_ICON_TITLES,
    COLOURS,
    VARIATION_ICON_TITLES,
    assurance_icon_svg,
    run_chart_svg,
    variation_icon_svg,
    xmr_chart_svg,
)
from coproduce.spc import run_chart, xmr

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# 20 steady points, then one far above and one far below: blue then orange when up is good.
STEADY = [20, 22, 21, 23, 20, 22, 21, 23, 20, 22, 21, 23, 20, 22, 21, 23, 20, 22, 21, 23]
WITH_OUTLIERS = [*STEADY, 60, -20]


def parse(svg: str) -> ET.Element:
    # The markup is our own output, not untrusted input.
    return ET.fromstring(svg)  # noqa: S314


def points_of(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if "point" in g.get("class", "").split()]


def lines_with_class(root: ET.Element, css: str) -> list[ET.Element]:
    return [line for line in root.iter(f"{SVG}line") if line.get("class") == css]


def texts(root: ET.Element, css: str | None = None) -> list[str]:
    return [
        "".join(t.itertext())
        for t in root.iter(f"{SVG}text")
        if css is None or t.get("class") == css
    ]


def month_labels(count: int) -> list[str]:
    return [f"{MONTHS[i % 12]} {2023 + i // 12}" for i in range(count)]


# --- XmR chart -----------------------------------------------------------------------------


def test_xmr_chart_is_an_accessible_image_with_title_and_description():
    chart = xmr(WITH_OUTLIERS, target=25)
    root = parse(xmr_chart_svg(chart, month_labels(22), title="Falls per 1,000 bed days"))

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert title.text == "Falls per 1,000 bed days"
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert list(root)[:2] == [title, desc]
    words = desc.text or ""
    assert "22 points from Jan 2023 to Oct 2024" in words
    assert "Latest value -20 (Oct 2024), special cause concern" in words
    assert "Mean " in words and "process limits " in words
    assert "Target 25" in words
    assert "Special cause variation: concern (low)" in words
    assert "square" in words and "diamond" in words  # the marks are explained in words too


def test_each_point_is_a_circle_in_the_colour_of_its_variation():
    chart = xmr(WITH_OUTLIERS)
    root = parse(xmr_chart_svg(chart, title="Outliers"))
    groups = points_of(root)

    assert len(groups) == len(WITH_OUTLIERS)
    fills = [g.find(f"{SVG}circle").get("fill") for g in groups]  # type: ignore[union-attr]
    assert fills == [COLOURS[p.variation] for p in chart.points]
    assert fills[20] == "#00B0F0"  # the 60, an improvement
    assert fills[21] == "#E46C0A"  # the -20, a concern
    assert set(fills[:20]) == {"#A6A6A6"}
    assert [g.get("data-variation") for g in groups] == [p.variation for p in chart.points]


def test_special_cause_points_carry_a_shape_so_colour_is_not_the_only_signal():
    root = parse(xmr_chart_svg(xmr(WITH_OUTLIERS), title="Outliers"))
    groups = points_of(root)

    common = groups[0]
    assert [child.tag for child in common if child.tag != f"{SVG}title"] == [f"{SVG}circle"]
    improvement, concern = groups[20], groups[21]
    assert improvement.find(f"{SVG}rect") is not None
    diamond = concern.find(f"{SVG}polygon")
    assert diamond is not None and len(diamond.get("points", "").split()) == 4

    neither = parse(xmr_chart_svg(xmr(WITH_OUTLIERS, improvement="neither"), title="Neither"))
    triangle = points_of(neither)[20].find(f"{SVG}polygon")
    assert triangle is not None and len(triangle.get("points", "").split()) == 3
    assert points_of(neither)[20].find(f"{SVG}circle").get("fill") == "#490092"  # type: ignore[union-attr]


def test_each_point_has_a_tooltip_in_words():
    root = parse(xmr_chart_svg(xmr(WITH_OUTLIERS), month_labels(22), title="Outliers"))
    tooltip = points_of(root)[20].find(f"{SVG}title")
    assert tooltip is not None
    assert tooltip.text == "Sep 2024: 60, special cause improvement"


def test_mean_is_solid_limits_dashed_and_target_distinct():
    chart = xmr(STEADY, target=24)
    root = parse(xmr_chart_svg(chart, title="Steady"))

    (mean,) = lines_with_class(root, "mean")
    assert mean.get("stroke-dasharray") is None
    limits = lines_with_class(root, "limit")
    assert len(limits) == 2 and all(line.get("stroke-dasharray") for line in limits)
    (target,) = lines_with_class(root, "target")
    assert target.get("stroke") == "#DA291C"
    assert target.get("stroke-dasharray") not in (None, limits[0].get("stroke-dasharray"))
    assert "Target 24" in texts(root)
    assert lines_with_class(parse(xmr_chart_svg(xmr(STEADY), title="No target")), "target") == []


def test_target_argument_overrides_the_charts_own():
    root = parse(xmr_chart_svg(xmr(STEADY, target=24), title="Steady", target=30))
    assert "Target 30" in texts(root)


def test_higher_values_are_drawn_higher():
    root = parse(xmr_chart_svg(xmr(WITH_OUTLIERS), title="Outliers"))
    groups = points_of(root)
    y = [float(g.find(f"{SVG}circle").get("cy")) for g in groups]  # type: ignore[union-attr, arg-type]
    assert y[20] < y[0] < y[21]  # SVG y grows downwards


def test_each_section_gets_its_own_lines_and_a_recalculation_mark():
    values = [10, 12] * 8 + [30, 32] * 8
    root = parse(xmr_chart_svg(xmr(values, recalculate_at=(16,)), title="Two sections"))
    assert len(lines_with_class(root, "mean")) == 2
    assert len(lines_with_class(root, "limit")) == 4
    assert len(lines_with_class(root, "recalculation")) == 1


def test_labels_titles_and_notes_are_escaped():
    nasty = '<script>alert("x")</script> & co'
    labels = [nasty] * 13
    svg = xmr_chart_svg(
        xmr(STEADY[:13]),
        labels,
        title=f"Title {nasty}",
        annotations=[(3, f"Note {nasty}")],
        y_label=nasty,
    )
    assert "<script>" not in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == f"Title {nasty}"  # type: ignore[union-attr]
    assert nasty in texts(root)
    assert f"Note {nasty}" in texts(root)
    assert nasty in (root.find(f"{SVG}desc").text or "")  # type: ignore[union-attr]


def test_characters_xml_cannot_carry_are_dropped():
    root = parse(xmr_chart_svg(xmr(STEADY[:3]), ["a\x00b", "c\x1bd", "e"], title="Bad\x07 title"))
    assert root.find(f"{SVG}title").text == "Bad title"  # type: ignore[union-attr]
    assert "ab" in texts(root)


def test_annotations_mark_their_point():
    root = parse(xmr_chart_svg(xmr(STEADY), title="Steady", annotations=[(5, "New rota")]))
    notes = [g for g in root.iter(f"{SVG}g") if g.get("class") == "annotation"]
    assert len(notes) == 1
    assert "".join(notes[0].itertext()) == "New rota"
    marker = notes[0].find(f"{SVG}line")
    point = points_of(root)[5].find(f"{SVG}circle")
    assert marker is not None and point is not None
    assert marker.get("x1") == point.get("cx")


@pytest.mark.parametrize("index", [-1, 20, 2.0, True])
def test_annotations_must_point_at_a_point(index):
    with pytest.raises(ValueError, match="annotation index"):
        xmr_chart_svg(xmr(STEADY), title="Steady", annotations=[(index, "Note")])


def test_labels_must_match_the_points():
    with pytest.raises(ValueError, match="3 x labels for 20 points"):
        xmr_chart_svg(xmr(STEADY), ["a", "b", "c"], title="Steady")


def test_percentages_and_custom_formats():
    values = [81.5, 82.25, 84, 83, 85.5, 82, 84, 83, 82.5, 84, 83, 85, 84]
    root = parse(xmr_chart_svg(xmr(values), title="Seen within 4 hours", percent=True))
    ticks = texts(root, "y-tick")
    assert ticks and all(t.endswith("%") for t in ticks)
    assert "Latest value 84%" in (root.find(f"{SVG}desc").text or "")  # type: ignore[union-attr]

    pounds = parse(xmr_chart_svg(xmr(values), title="Cost", y_format=lambda v: f"£{v:.2f}"))
    assert "Latest value £84.00" in (pounds.find(f"{SVG}desc").text or "")  # type: ignore[union-attr]


def test_fewer_than_13_points_draw_no_limits_and_say_why():
    root = parse(xmr_chart_svg(xmr(STEADY[:12], target=22), title="Early days"))
    assert lines_with_class(root, "limit") == []
    assert len(lines_with_class(root, "mean")) == 1
    words = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert "at least 13 are needed" in words
    assert "Assurance" not in words


def test_an_empty_chart_still_renders():
    root = parse(xmr_chart_svg(xmr([]), title="Nothing yet"))
    assert root.find(f"{SVG}desc").text == "No data yet."  # type: ignore[union-attr]
    assert points_of(root) == []


def test_two_charts_on_one_page_do_not_share_ids():
    first = parse(xmr_chart_svg(xmr(STEADY), title="First"))
    second = parse(xmr_chart_svg(xmr(STEADY), title="Second"))
    assert first.get("aria-labelledby") != second.get("aria-labelledby")
    named = parse(xmr_chart_svg(xmr(STEADY), title="Named", element_id="falls"))
    assert named.find(f"{SVG}title").get("id") == "falls-title"  # type: ignore[union-attr]


def test_the_legend_names_what_is_on_the_chart():
    legend = next(
        g
        for g in parse(xmr_chart_svg(xmr(WITH_OUTLIERS, target=25), title="T")).iter(f"{SVG}g")
        if g.get("class") == "legend"
    )
    words = ["".join(t.itertext()) for t in legend.iter(f"{SVG}text")]
    assert words == ["Common cause", "Improvement", "Concern", "Mean", "Process limits", "Target"]


# --- Run chart -----------------------------------------------------------------------------


def test_run_chart_draws_the_median_and_marks_shifts_and_trends():
    values = [1, 2, 1, 2, 1, 2, 1, 8, 9, 8, 9, 8, 9, 2, 1, 2]
    chart = run_chart(values)
    root = parse(run_chart_svg(chart, month_labels(16), title="Waiting <days>"))

    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Waiting <days>"  # type: ignore[union-attr]
    assert len(lines_with_class(root, "median")) == 1
    groups = points_of(root)
    assert len(groups) == 16
    signalled = [i for i, g in enumerate(groups) if "signal" in g.get("class", "").split()]
    assert signalled == [7, 8, 9, 10, 11, 12]
    assert all(groups[i].find(f"{SVG}rect") is not None for i in signalled)
    assert groups[0].find(f"{SVG}rect") is None
    words = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert f"Median {chart.median:g}" in words
    # Median 2: five points sit on it, so 11 count; the 1s, the 8s and 9s, the last 1.
    assert "3 runs from 11 points not on the median" in words
    assert "6 points are part of a shift" in words


def test_run_chart_description_reports_too_few_runs():
    words = (
        parse(run_chart_svg(run_chart([1] * 10 + [9] * 10), title="Step")).find(f"{SVG}desc").text
    )  # type: ignore[union-attr]
    assert words is not None and "Too few runs: fewer than 6" in words


def test_run_chart_escapes_and_formats():
    svg = run_chart_svg(run_chart([50, 60, 55]), ["<a>", "&", '"'], title="x", percent=True)
    root = parse(svg)
    assert {"<a>", "&", '"'} <= set(texts(root))
    assert "Median 55%" in texts(root)


def test_an_empty_run_chart_still_renders():
    root = parse(run_chart_svg(run_chart([]), title="Nothing"))
    assert root.find(f"{SVG}desc").text == "No data yet."  # type: ignore[union-attr]


# --- Icons ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", VARIATION_ICON_TITLES)
def test_variation_icons_are_titled_images(name):
    root = parse(variation_icon_svg(name))
    title = root.find(f"{SVG}title")
    assert root.get("role") == "img"
    assert title is not None and title.text == VARIATION_ICON_TITLES[name]
    assert root.get("aria-label") == title.text


@pytest.mark.parametrize(
    ("name", "colour", "letter"),
    [
        ("improvement_high", "#00B0F0", "H"),
        ("improvement_low", "#00B0F0", "L"),
        ("concern_high", "#E46C0A", "H"),
        ("concern_low", "#E46C0A", "L"),
        ("neither_high", "#490092", "H"),
        ("neither_low", "#490092", "L"),
        ("common_cause", "#A6A6A6", None),
    ],
)
def test_variation_icons_follow_the_mdc_look(name, colour, letter):
    root = parse(variation_icon_svg(name, size=32))
    assert root.get("width") == "32"
    ring = root.find(f"{SVG}circle")
    assert ring is not None and ring.get("stroke") == colour
    letters = [t for t in texts(root) if t]
    assert letters == ([letter] if letter else [])
    dots = [c for c in root.iter(f"{SVG}circle")][1:]
    assert len(dots) == 7
    assert (dots[-1].get("fill") == colour) == (name != "common_cause")


def test_the_improvement_high_icon_says_so():
    title = parse(variation_icon_svg("improvement_high")).find(f"{SVG}title")
    assert title is not None
    assert title.text == "Special cause variation: improvement (high)"


@pytest.mark.parametrize(
    ("name", "colour", "letter"),
    [("pass", "#00B0F0", "P"), ("fail", "#E46C0A", "F"), ("hit_or_miss", "#A6A6A6", "?")],
)
def test_assurance_icons_follow_the_mdc_look(name, colour, letter):
    root = parse(assurance_icon_svg(name))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == ASSURANCE_ICON_TITLES[name]  # type: ignore[union-attr]
    assert root.find(f"{SVG}circle").get("stroke") == colour  # type: ignore[union-attr]
    assert [t for t in texts(root) if t] == [letter]


def test_unknown_icons_are_refused():
    with pytest.raises(ValueError, match="unknown variation icon"):
        variation_icon_svg("improvement")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown assurance icon"):
        assurance_icon_svg("maybe")  # type: ignore[arg-type]


def test_icons_for_a_chart_come_from_its_result():
    chart = xmr(WITH_OUTLIERS, target=25)
    assert chart.variation_icon is not None and chart.assurance is not None
    icon = parse(variation_icon_svg(chart.variation_icon))
    assert icon.get("aria-label") == "Special cause variation: concern (low)"
    assert (
        parse(assurance_icon_svg(chart.assurance)).get("aria-label")
        == (ASSURANCE_ICON_TITLES[chart.assurance])
    )


def test_a_percentage_axis_stays_between_0_and_100_when_limits_go_beyond():
    import re

    from coproduce.spc import xmr as make_chart

    values = [5, 95, 10, 90, 0, 100, 15, 85, 20, 80, 5, 95, 50, 50]
    drawn = xmr_chart_svg(make_chart(values), title="Share", percent=True)
    tick_labels = re.findall(r">(-?\d+)%<", drawn)
    assert tick_labels, drawn[:500]
    assert all(0 <= int(label) <= 100 for label in tick_labels), tick_labels
