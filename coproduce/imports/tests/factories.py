"""Spreadsheets of projects, as a trust's other QI system might export them."""

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from coproduce.lib import tabular

HEADINGS = [
    "Project ID",
    "Project name",
    "Directorate",
    "Service",
    "Lead email",
    "Status",
    "Start date",
    "Aim",
    "Staff",
    "Patients and carers",
    "Involved in choosing the focus from",
]


def row(
    ref: str = "QI-001",
    title: str = "Fewer missed appointments",
    directorate: str = "Adult Mental Health",
    service: str = "Willow Ward",
    lead: str = "leo@example.org",
    status: str = "Active",
    start: str = "10/01/2025",
    aim: str = "Halve missed appointments by March",
    staff: str = "sam@example.org",
    people: str = "Jo Bloggs; Anonymous",
    focus: str = "01/02/2025",
) -> list[str]:
    return [ref, title, directorate, service, lead, status, start, aim, staff, people, focus]


def csv_bytes(rows: Sequence[Sequence[Any]], headings: Sequence[str] = HEADINGS) -> bytes:
    return tabular.to_csv(headings, rows)


def xlsx_bytes(rows: Sequence[Sequence[Any]], headings: Sequence[str] = HEADINGS) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Projects")
    sheet.append(list(headings))
    for line in rows:
        sheet.append(list(line))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
