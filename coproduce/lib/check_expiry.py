"""When a check (DBS, references, a confidentiality agreement) runs out, and which reminder is due.

Reminders go 60, 30 and 7 days before the date a check runs out, and once when it has run out.
The stages are numbered in order of urgency so that "the most urgent stage due" is a maximum, and
"already told" is a comparison with the stage last sent. A check is still good on the day it runs
out (as training completions are): it has expired from the next day.
"""

import datetime

NONE = 0
DAYS_60 = 1
DAYS_30 = 2
DAYS_7 = 3
EXPIRED = 4

# Most urgent first: (stage, reminded when at most this many days are left).
REMINDERS_BEFORE: tuple[tuple[int, int], ...] = ((DAYS_7, 7), (DAYS_30, 30), (DAYS_60, 60))
# The furthest ahead a reminder is ever due, and so how far ahead the team's list looks.
HORIZON_DAYS = 60

STAGE_NAMES = {
    NONE: "None sent",
    DAYS_60: "60 days before",
    DAYS_30: "30 days before",
    DAYS_7: "7 days before",
    EXPIRED: "When it ran out",
}


def days_left(expires_on: datetime.date, today: datetime.date) -> int:
    """Days from today to the date it runs out: 0 on the day, negative once it has run out."""
    return (expires_on - today).days


def stage_due(expires_on: datetime.date | None, today: datetime.date) -> int:
    """The most urgent reminder due today for a check running out on `expires_on`.

    A job that missed some days gets only this stage, never the earlier ones it skipped."""
    if expires_on is None:
        return NONE
    left = days_left(expires_on, today)
    if left < 0:
        return EXPIRED
    for stage, within in REMINDERS_BEFORE:
        if left <= within:
            return stage
    return NONE


def describe(expires_on: datetime.date | None, today: datetime.date) -> str:
    """How long a check has left, the way a person says it: "Runs out in 12 days", "Expired"."""
    if expires_on is None:
        return "Does not run out"
    left = days_left(expires_on, today)
    if left < 0:
        return "Expired"
    if left == 0:
        return "Runs out today"
    if left == 1:
        return "Runs out tomorrow"
    return f"Runs out in {left} days"


def colour(expires_on: datetime.date | None, today: datetime.date) -> str:
    """The NHS tag colour for how soon it runs out: red once expired, then orange, yellow, green."""
    stage = stage_due(expires_on, today)
    if stage == EXPIRED:
        return "red"
    if stage in (DAYS_7, DAYS_30):
        return "orange"
    if stage == DAYS_60:
        return "yellow"
    return "green"
