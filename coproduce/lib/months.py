"""Month ends: the dates the involvement measure is taken on."""

import calendar
import datetime
from collections.abc import Iterator

MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def month_end(day: datetime.date) -> datetime.date:
    """The last day of the month that `day` falls in."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def next_month_end(day: datetime.date) -> datetime.date:
    """The month end after the month that `day` falls in."""
    return month_end(month_end(day) + datetime.timedelta(days=1))


def previous_month_end(day: datetime.date) -> datetime.date:
    """The last day of the month before the one `day` falls in."""
    return day.replace(day=1) - datetime.timedelta(days=1)


def month_ends(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every month end from the month of `first` to the month of `last`, both included."""
    return list(iter_month_ends(first, last))


def iter_month_ends(first: datetime.date, last: datetime.date) -> Iterator[datetime.date]:
    current, stop = month_end(first), month_end(last)
    while current <= stop:
        yield current
        current = next_month_end(current)


def month_label(day: datetime.date) -> str:
    """ "March 2025": how a month is written on pages."""
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def short_month_label(day: datetime.date) -> str:
    """ "Mar 2025": for chart axes, where space is short."""
    return f"{MONTH_NAMES[day.month - 1][:3]} {day.year}"
