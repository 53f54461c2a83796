import datetime

from hypothesis import given
from hypothesis import strategies as st

from coproduce.lib import check_expiry
from coproduce.lib.check_expiry import DAYS_7, DAYS_30, DAYS_60, EXPIRED, NONE, stage_due

TODAY = datetime.date(2027, 1, 15)


def on(days: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=days)


def test_each_threshold_starts_on_its_day():
    assert stage_due(on(61), TODAY) == NONE
    assert stage_due(on(60), TODAY) == DAYS_60
    assert stage_due(on(31), TODAY) == DAYS_60
    assert stage_due(on(30), TODAY) == DAYS_30
    assert stage_due(on(8), TODAY) == DAYS_30
    assert stage_due(on(7), TODAY) == DAYS_7
    assert stage_due(on(0), TODAY) == DAYS_7
    assert stage_due(on(-1), TODAY) == EXPIRED
    assert stage_due(None, TODAY) == NONE


def test_how_long_is_left_reads_as_a_person_would_say_it():
    assert check_expiry.describe(on(45), TODAY) == "Runs out in 45 days"
    assert check_expiry.describe(on(1), TODAY) == "Runs out tomorrow"
    assert check_expiry.describe(on(0), TODAY) == "Runs out today"
    assert check_expiry.describe(on(-3), TODAY) == "Expired"
    assert check_expiry.describe(None, TODAY) == "Does not run out"


def test_colours_go_from_green_to_red():
    colours = [check_expiry.colour(on(days), TODAY) for days in (90, 45, 20, 3, -1)]
    assert colours == ["green", "yellow", "orange", "orange", "red"]
    assert check_expiry.colour(None, TODAY) == "green"


DATES = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 1, 1))


@given(DATES, st.integers(min_value=0, max_value=400))
def test_stages_only_grow_more_urgent_as_days_pass(expires_on, gap):
    earlier = expires_on - datetime.timedelta(days=400)
    later = earlier + datetime.timedelta(days=gap)
    assert stage_due(expires_on, earlier) <= stage_due(expires_on, later)


@given(DATES)
def test_a_reminder_is_due_exactly_within_the_horizon_or_after_expiry(expires_on):
    left = check_expiry.days_left(expires_on, TODAY)
    assert (stage_due(expires_on, TODAY) != NONE) == (left <= check_expiry.HORIZON_DAYS)
