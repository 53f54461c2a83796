"""How a claim compares with the benefit earnings limits a member chose to declare.

We warn and never block: the member decides. Periods are Monday-to-Sunday weeks and calendar
months. DWP benefit weeks and Universal Credit assessment periods can start on other days, so the
wording always says the figures are a guide and points to benefits advice.
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from coproduce.lib.money import ZERO, to_pounds

# At or above this share of a limit we say the member is close to it.
NEAR_SHARE = Decimal("0.80")


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"


class Standing(StrEnum):
    BELOW = "below"
    NEAR = "near"
    OVER = "over"


def period_bounds(day: date, period: Period) -> tuple[date, date]:
    """The first and last day (inclusive) of the week or month holding `day`."""
    if period == Period.WEEK:
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


@dataclass(frozen=True)
class Limit:
    benefit: str
    name: str
    amount: Decimal
    period: Period


@dataclass(frozen=True)
class Comparison:
    """This claim's earnings and the period's other earnings, against one limit."""

    limit: Limit
    period_start: date
    period_end: date
    this_claim: Decimal
    other_claims: Decimal

    @property
    def total(self) -> Decimal:
        return self.this_claim + self.other_claims

    @property
    def remaining(self) -> Decimal:
        return max(ZERO, self.limit.amount - self.total)

    @property
    def over_by(self) -> Decimal:
        return max(ZERO, self.total - self.limit.amount)

    @property
    def standing(self) -> Standing:
        # Some limits are lost for the whole period by a single penny over (Carer's Allowance).
        if self.total > self.limit.amount:
            return Standing.OVER
        if self.limit.amount > 0 and self.total >= to_pounds(self.limit.amount * NEAR_SHARE):
            return Standing.NEAR
        return Standing.BELOW


def compare(
    limit: Limit, day: date, this_claim: Decimal, other_earnings: Iterable[tuple[date, Decimal]]
) -> Comparison:
    """Compare a claim on `day` with a limit, counting other earnings dated in the same period.

    `other_earnings` are (date, amount) pairs that already exclude expenses, charity and declined
    payments (see money.earnings); those outside the period are ignored here.
    """
    start, end = period_bounds(day, limit.period)
    others = sum((amount for when, amount in other_earnings if start <= when <= end), ZERO)
    return Comparison(
        limit=limit, period_start=start, period_end=end, this_claim=this_claim, other_claims=others
    )
