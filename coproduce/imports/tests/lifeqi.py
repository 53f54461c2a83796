"""A project export laid out as Life QI shows a project (its export layout is not published):
title, aim, status, project lead, group, start date, IHI progress score, and the trust's own
"Service user involvement" drop-down with its notes. Made here, in the tests; no outside data."""

from collections.abc import Sequence
from typing import Any

from coproduce.imports.tests.factories import csv_bytes, xlsx_bytes

# Written as an export might: different case, spacing and punctuation from Coproduce's labels.
HEADINGS = [
    "PROJECT ID",
    "Project Title",
    "Aim",
    "Status",
    "Project lead",
    "Group ",
    "Start Date",
    "IHI Progress Score",
    "Service-User Involvement",
    "Service user involvement (notes)",
]


def project(
    ref: str = "LQI-1001",
    title: str = "Fewer falls on Willow Ward",
    aim: str = "Reduce falls by a third by June",
    status: str = "Active",
    lead: str = "leo@example.org",
    group: str = "Adult Mental Health",
    start: str = "14/02/2025",
    score: str = "2.5",
    involvement: str = "Yes",
    notes: str = "Two carers came to the planning meetings",
) -> list[Any]:
    return [ref, title, aim, status, lead, group, start, score, involvement, notes]


def as_csv(rows: Sequence[Sequence[Any]]) -> bytes:
    return csv_bytes(rows, headings=HEADINGS)


def as_xlsx(rows: Sequence[Sequence[Any]]) -> bytes:
    return xlsx_bytes(rows, headings=HEADINGS)
