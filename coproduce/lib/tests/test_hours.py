from decimal import Decimal

import pytest

from coproduce.lib.durations import hours_text, time_commitment_text


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (1, "1 hour"),
        (2, "2 hours"),
        (Decimal("1.0"), "1 hour"),
        (1.5, "1.5 hours"),
        (Decimal("0.50"), "0.5 hours"),
        (Decimal("2.25"), "2.25 hours"),
        (0, "0 hours"),
        (1200, "1,200 hours"),
        (None, ""),
    ],
)
def test_hours_are_counted_with_the_right_plural(hours, expected):
    assert hours_text(hours) == expected


def test_the_time_an_opportunity_asks_is_said_once():
    # Words that only repeat the hours, even with the wrong plural, are said once, correctly.
    assert time_commitment_text("About 1 hours a month", 1) == "About 1 hour a month"
    assert time_commitment_text("about 2 hours a month.", 2) == "About 2 hours a month"
    assert time_commitment_text("", 1) == "About 1 hour a month"
    assert time_commitment_text("", 1.5) == "About 1.5 hours a month"
    # Words that already give the hours are kept as they are.
    assert (
        time_commitment_text("About 3 hours a month, at times agreed with the team", 3)
        == "About 3 hours a month, at times agreed with the team"
    )
    # Other words gain the hours, and a different number is not mistaken for these hours.
    assert (
        time_commitment_text("A 2-hour meeting once a month", 2)
        == "A 2-hour meeting once a month (about 2 hours a month)"
    )
    assert (
        time_commitment_text("Up to 12 hours a month", 2)
        == "Up to 12 hours a month (about 2 hours a month)"
    )
