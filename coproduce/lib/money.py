"""Money rules for paying patients and carers: fees, expenses, choices and totals.

Framework-free so the rules can be tested on their own. Every amount is a `Decimal` in pounds.

THE ROUNDING RULE (stated here, once, and used everywhere through `to_pounds`):
    Each line (an activity's fee, each expense) is rounded to the penny, half up (0.005 -> 0.01),
    once, when it is worked out. Totals are sums of rounded lines and are never rounded again, so a
    claim's total always equals what its lines show.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Protocol

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
MINUTES_PER_HOUR = 60


def to_pounds(value: Decimal | int | str) -> Decimal:
    """Round an amount to the penny, half up: the one rounding rule for money in Coproduce."""
    if isinstance(value, float):  # pragma: no cover - guarded so a float never sneaks in
        raise TypeError("money must be Decimal, int or str, never float")
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


class NotAnAmount(ValueError):
    """Text that is not a plain amount in pounds and pence.

    `problem` completes a sentence that starts with the name of the field, as in
    f"{name} {problem}", so every form and the API explain it the same way.
    """

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem

    def message(self, name: str) -> str:
        return f"{name} {self.problem}"


NOT_POUNDS = "must be in pounds and pence, like 12.50"
# Only ASCII digits: `Decimal` would also read other scripts' digits, exponents, NaN and Infinity.
_PLAIN_AMOUNT = re.compile(
    r"(?P<sign>-?)(?:£\s*)?(?P<sign_after>-?)"
    r"(?P<pounds>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.(?P<pence>[0-9]+))?",
    re.ASCII,
)
_EXPONENT = re.compile(r"-?(?:£\s*)?-?[0-9.,]*[0-9][eE][+-]?[0-9]+", re.ASCII)


def parse_pounds(
    text: str, *, allow_negative: bool = False, maximum: Decimal | None = None
) -> Decimal:
    """Read an amount written as people write pounds and pence: 12, 12.5, 12.50, £12.50,
    1,000.00. Anything else raises `NotAnAmount` with a reason: an exponent (1e3), NaN,
    Infinity, more than 2 decimal places, commas other than between thousands, a negative amount
    (unless `allow_negative`), or more than `maximum`. Never rounds: what is typed is what counts.
    """
    text = str(text).strip().replace("\u2212", "-")
    if _EXPONENT.fullmatch(text):
        raise NotAnAmount("must be written out in full, like 1000 or 1,000.00, not as 1e3")
    match = _PLAIN_AMOUNT.fullmatch(text)
    if match is None or (match["pounds"] is None and match["pence"] is None):
        if "," in text and _PLAIN_AMOUNT.fullmatch(text.replace(",", "")):
            raise NotAnAmount("must have commas only between thousands, like 1,000.00")
        raise NotAnAmount(NOT_POUNDS)
    if match["sign"] and match["sign_after"]:
        raise NotAnAmount(NOT_POUNDS)
    pence = match["pence"] or ""
    if len(pence) > 2:
        raise NotAnAmount("must be in pounds and pence, with no more than 2 decimal places")
    pounds = (match["pounds"] or "0").replace(",", "")
    amount = Decimal(f"{pounds}.{pence.ljust(2, '0')}")
    if (match["sign"] or match["sign_after"]) and amount:
        if not allow_negative:
            raise NotAnAmount("must be 0 or more")
        amount = -amount
    if maximum is not None and amount > maximum:
        raise NotAnAmount(f"must be £{maximum:,} or less")
    return amount


class PayBasis(StrEnum):
    HOURLY = "hourly"
    SESSION = "session"


class UnitRounding(StrEnum):
    """How part of a unit of time is counted for an hourly rate."""

    UP = "up"  # any part of a unit counts as a whole unit (kindest to the member)
    NEAREST = "nearest"  # half a unit or more counts as a whole one
    DOWN = "down"  # only whole units count
    EXACT = "exact"  # paid to the minute


class Choice(StrEnum):
    """What the member chose to happen to their fee."""

    PAID = "paid"
    REDUCED = "reduced"
    VOUCHER = "voucher"
    CHARITY = "charity"
    DECLINED = "declined"


# Vouchers and cash both count as income for benefits; a payment to a charity or a declined fee
# does not (SCIE guidance). Expenses against receipts are never earnings.
COUNTS_AS_EARNINGS = frozenset({Choice.PAID, Choice.REDUCED, Choice.VOUCHER})


@dataclass(frozen=True)
class Rate:
    """One activity rate as the policy states it."""

    basis: PayBasis
    amount: Decimal  # per hour for HOURLY, per session for SESSION
    unit_minutes: int = 15  # the unit of time an hourly rate is counted in
    rounding: UnitRounding = UnitRounding.UP


def paid_minutes(duration_minutes: int, unit_minutes: int, rounding: UnitRounding) -> int:
    """The minutes an hourly rate pays for, after counting time in whole units."""
    if duration_minutes < 0:
        raise ValueError("duration cannot be negative")
    if unit_minutes <= 0:
        raise ValueError("the unit of time must be at least one minute")
    if rounding == UnitRounding.EXACT:
        return duration_minutes
    units = Decimal(duration_minutes) / Decimal(unit_minutes)
    mode = {
        UnitRounding.UP: ROUND_CEILING,
        UnitRounding.NEAREST: ROUND_HALF_UP,
        UnitRounding.DOWN: ROUND_FLOOR,
    }[rounding]
    return int(units.quantize(Decimal(1), rounding=mode)) * unit_minutes


def capped_minutes(duration_minutes: int, used_minutes: int, cap_minutes: int | None) -> int:
    """Minutes still payable this month under a cap (None: no cap)."""
    if cap_minutes is None:
        return duration_minutes
    return max(0, min(duration_minutes, cap_minutes - used_minutes))


def activity_fee(rate: Rate, duration_minutes: int) -> Decimal:
    """The full fee for an activity, before the member's choice. Rounded once (see module)."""
    if rate.amount < 0:
        raise ValueError("a rate cannot be negative")
    if rate.basis == PayBasis.SESSION:
        return to_pounds(rate.amount)
    minutes = paid_minutes(duration_minutes, rate.unit_minutes, rate.rounding)
    return to_pounds(rate.amount * Decimal(minutes) / Decimal(MINUTES_PER_HOUR))


def mileage(miles: Decimal, per_mile: Decimal) -> Decimal:
    """A mileage expense: miles times the rate, rounded once."""
    if miles < 0 or per_mile < 0:
        raise ValueError("miles and the rate cannot be negative")
    return to_pounds(miles * per_mile)


def payable_fee(fee: Decimal, choice: Choice, reduced_amount: Decimal | None = None) -> Decimal:
    """What the trust pays for the fee after the member's choice.

    A reduced amount is what the member asked for, never more than the fee. A charity payment is
    still paid (to the charity); a declined fee is nothing.
    """
    if choice == Choice.DECLINED:
        return ZERO
    if choice == Choice.REDUCED:
        if reduced_amount is None or reduced_amount < 0:
            raise ValueError("a reduced amount must be given and cannot be negative")
        return to_pounds(min(reduced_amount, fee))
    return to_pounds(fee)


def earnings(payable: Decimal, choice: Choice) -> Decimal:
    """The part of a claim that counts as earnings for benefits: the fee only, never expenses."""
    return payable if choice in COUNTS_AS_EARNINGS else ZERO


def total(amounts: Iterable[Decimal]) -> Decimal:
    """Sum rounded lines; the result needs no further rounding."""
    return sum((to_pounds(amount) for amount in amounts), ZERO)


class Dated(Protocol):
    @property
    def effective_from(self) -> date: ...


def in_force[D: Dated](versions: Sequence[D], on: date) -> D | None:
    """The version in force on a date: the latest that started on or before it."""
    candidates = [version for version in versions if version.effective_from <= on]
    if not candidates:
        return None
    return max(candidates, key=lambda version: version.effective_from)
