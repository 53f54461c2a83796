"""How long things took: medians and plain-English durations (no Django)."""

import datetime
import statistics
from collections.abc import Iterable


def median_duration(durations: Iterable[datetime.timedelta]) -> datetime.timedelta | None:
    """The median of some durations, or None when there are none."""
    values = sorted(durations)
    if not values:
        return None
    seconds = statistics.median(value.total_seconds() for value in values)
    return datetime.timedelta(seconds=seconds)


def describe_duration(duration: datetime.timedelta | None) -> str:
    """A duration the way a person says it: "3 days 4 hours", "2 hours 5 minutes"."""
    if duration is None:
        return "Not yet"
    total_minutes = int(duration.total_seconds() // 60)
    if total_minutes < 1:
        return "Under a minute"
    days, remainder = divmod(total_minutes, 24 * 60)
    hours, minutes = divmod(remainder, 60)

    def unit(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    if days:
        return unit(days, "day") + (f" {unit(hours, 'hour')}" if hours else "")
    if hours:
        return unit(hours, "hour") + (f" {unit(minutes, 'minute')}" if minutes else "")
    return unit(minutes, "minute")
