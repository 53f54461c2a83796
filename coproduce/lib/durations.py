"""How long things take: medians and plain-English durations and hours (no Django)."""

import datetime
import re
import statistics
from collections.abc import Iterable
from decimal import Decimal


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


def hours_text(hours: float | Decimal | int | None) -> str:
    """A number of hours as a person writes it: "1 hour", "2 hours", "1.5 hours"."""
    if hours is None:
        return ""
    amount = Decimal(str(hours))
    if amount == amount.to_integral_value():
        words = f"{int(amount):,}"
    else:
        words = f"{amount.normalize():f}"
    return f"{words} hour" if amount == 1 else f"{words} hours"


def _plain(text: str) -> str:
    """Lower case, single spaces, no full stop, and "hours" read as "hour" to compare phrases."""
    words = re.sub(r"\s+", " ", text).strip().rstrip(".").lower()
    return re.sub(r"\bhours\b", "hour", words)


def time_commitment_text(commitment: str, hours_per_month: float | Decimal | int | None) -> str:
    """What an opportunity asks of someone's time, said once: the plain words given for it and
    the hours a month ("A 2-hour meeting once a month (about 2 hours a month)"); only the words
    when they already give those hours, and only the hours when there are no words."""
    commitment = (commitment or "").strip()
    if hours_per_month is None:
        return commitment
    per_month = f"{hours_text(hours_per_month)} a month"
    if not commitment:
        return f"About {per_month}"
    plain, hours = _plain(commitment), _plain(per_month)
    if plain in {hours, f"about {hours}"}:
        # The words only repeat the hours (perhaps as "About 1 hours a month"): say it once.
        return f"About {per_month}"
    if re.search(rf"(?<![\d.,]){re.escape(hours)}\b", plain):
        return commitment
    return f"{commitment} (about {per_month})"
