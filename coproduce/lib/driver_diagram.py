"""A driver diagram drawn as SVG: aim, primary drivers, secondary drivers, change ideas.

Plain string building so it downloads, prints and goes into reports unchanged. Each element is
a box in its column, joined to its parent by a line; elements proposed by a patient or carer
carry a marker and say so in their text, so the picture never relies on colour alone.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field

COLUMNS = ("Aim", "Primary drivers", "Secondary drivers", "Change ideas")
BOX_WIDTH = 220
COLUMN_GAP = 50
ROW_HEIGHT = 92
BOX_HEIGHT = 78
TOP = 56
LEFT = 16
WRAP = 30
NHS_BLUE = "#005EB8"
TEXT = "#212B32"
PATIENT = "#007F3B"


@dataclass
class Node:
    text: str
    proposer: str = ""
    by_patient_or_carer: bool = False
    children: list[Node] = field(default_factory=list)


def _leaves(node: Node) -> int:
    return max(1, sum(_leaves(child) for child in node.children))


def _box(column: int, middle: float, node: Node) -> str:
    x = LEFT + column * (BOX_WIDTH + COLUMN_GAP)
    y = middle - BOX_HEIGHT / 2
    stroke = PATIENT if node.by_patient_or_carer else NHS_BLUE
    lines = textwrap.wrap(node.text, WRAP)[:3]
    if len(textwrap.wrap(node.text, WRAP)) > 3:
        lines[-1] = lines[-1][: WRAP - 1] + "\u2026"
    parts = [
        f'<rect x="{x}" y="{y:.1f}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="4" '
        f'fill="#FFFFFF" stroke="{stroke}" stroke-width="{3 if node.by_patient_or_carer else 2}"/>'
    ]
    for index, line in enumerate(lines):
        parts.append(
            f'<text x="{x + 10}" y="{y + 20 + index * 16:.1f}" fill="{TEXT}">'
            f"{html.escape(line)}</text>"
        )
    if node.proposer:
        marker = "\u2605 " if node.by_patient_or_carer else ""
        label = textwrap.shorten(f"{marker}Proposed by {node.proposer}", WRAP + 6)
        parts.append(
            f'<text x="{x + 10}" y="{y + BOX_HEIGHT - 8:.1f}" font-size="11" '
            f'fill="{PATIENT if node.by_patient_or_carer else "#4C6272"}">'
            f"{html.escape(label)}</text>"
        )
    return "".join(parts)


def _place(node: Node, column: int, first_row: int, parts: list[str]) -> float:
    """Draw `node` and its children from `first_row`; return the node's vertical middle."""
    middles = []
    row = first_row
    for child in node.children:
        middles.append(_place(child, column + 1, row, parts))
        row += _leaves(child)
    if middles:
        middle = (middles[0] + middles[-1]) / 2
    else:
        middle = TOP + first_row * ROW_HEIGHT + BOX_HEIGHT / 2
    x_end = LEFT + column * (BOX_WIDTH + COLUMN_GAP) + BOX_WIDTH
    for child_middle in middles:
        x_child = x_end + COLUMN_GAP
        elbow = x_end + COLUMN_GAP / 2
        parts.append(
            f'<path d="M{x_end} {middle:.1f} H{elbow} V{child_middle:.1f} H{x_child}" '
            f'fill="none" stroke="#768692" stroke-width="1.5"/>'
        )
    parts.append(_box(column, middle, node))
    return middle


def driver_diagram_svg(aim: Node, *, title: str) -> str:
    """The whole diagram as a standalone SVG document (also valid inline in HTML)."""
    rows = _leaves(aim)
    width = LEFT * 2 + len(COLUMNS) * BOX_WIDTH + (len(COLUMNS) - 1) * COLUMN_GAP
    height = TOP + rows * ROW_HEIGHT + 40
    parts: list[str] = []
    for index, heading in enumerate(COLUMNS):
        x = LEFT + index * (BOX_WIDTH + COLUMN_GAP)
        parts.append(
            f'<text x="{x}" y="30" font-weight="bold" fill="{TEXT}">{html.escape(heading)}</text>'
        )
    _place(aim, 0, 0, parts)
    parts.append(
        f'<text x="{LEFT}" y="{height - 14}" font-size="12" fill="{PATIENT}">'
        "\u2605 and a green border: proposed by a patient or carer</text>"
    )
    count = _count(aim) - 1
    desc = (
        f"Driver diagram with {count} element{'s' if count != 1 else ''} under the aim: "
        f"{aim.text}. The same diagram is listed as text on the page."
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Frutiger W01, Arial, sans-serif" '
        f'font-size="13" aria-labelledby="dd-title dd-desc">'
        f'<title id="dd-title">{html.escape(title)}</title>'
        f'<desc id="dd-desc">{html.escape(desc)}</desc>'
        f'<rect width="{width}" height="{height}" fill="#FFFFFF"/>' + "".join(parts) + "</svg>"
    )


def _count(node: Node) -> int:
    return 1 + sum(_count(child) for child in node.children)
