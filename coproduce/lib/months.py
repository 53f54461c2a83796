"""Month arithmetic (no Django): month starts and ends, adding months, and month labels.

Month ends are the dates the involvement measure is taken on; month starts and `add_months`
serve reports and expiry dates."""

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


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the end of a shorter month (31 Jan + 1 month =
    28 or 29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last_day))


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first day of every month from `first`'s month to `last`'s month, inclusive."""
    months = []
    current = month_start(first)
    end = month_start(last)
    while current <= end:
        months.append(current)
        current = add_months(current, 1)
    return months
