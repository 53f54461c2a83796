"""Whether a project's patient and carer involvement is meaningful (Big I) on a given date.

The five stages of Big I come from CNWL's QI programme: patients and carers choose the focus,
sit on the team, form the change ideas, take part in the PDSA cycles and report the findings.
A project is judged only on the stages it has reached by the date in question, so a young
project is never faulted for PDSA involvement before it has run a PDSA cycle.

The rule is a setting per organisation (:class:`LevelRule`); its default is the one trusts
publish: at that date a patient or carer is on the team, and patients or carers took part in
choosing the focus and in every later stage the project had reached by then. Being consulted
(a survey, a one-off comment) is "little i" involvement and does not make a stage meaningful
unless the organisation chooses to count it.

Framework-free: the web pages, the monthly measure and the benchmarks all call :func:`assess`.
"""

from __future__ import annotations

import datetime
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from coproduce.lib.months import month_label

FOCUS = "focus"
TEAM = "team"
CHANGE_IDEAS = "change_ideas"
PDSA = "pdsa"
REPORTING = "reporting"

STAGES: tuple[str, ...] = (FOCUS, TEAM, CHANGE_IDEAS, PDSA, REPORTING)
# Involvement another system recorded without saying at which stage (a "Yes" in a drop-down).
# It shows that patients or carers were involved, so the project is little i, but it meets no
# stage, so it is never Big I until the team says which stages it was: the first measure after
# an import is a true baseline.
UNSTAGED = "unstaged"
LEDGER_STAGES: tuple[str, ...] = (*STAGES, UNSTAGED)
STAGE_NAMES: dict[str, str] = {
    UNSTAGED: "Stage not yet known (recorded in the previous system)",
    FOCUS: "Choosing the focus",
    TEAM: "Member of the project team",
    CHANGE_IDEAS: "Forming the change ideas",
    PDSA: "In the PDSA cycles",
    REPORTING: "Reporting the findings",
}

CO_LED = "co_led"
TOOK_PART = "took_part"
CONSULTED = "consulted"
HOW_NAMES: dict[str, str] = {
    CO_LED: "Co-led",
    TOOK_PART: "Took part",
    CONSULTED: "Consulted",
}

NONE = "none"
LITTLE_I = "little_i"
BIG_I = "big_i"
LEVEL_NAMES: dict[str, str] = {NONE: "None", LITTLE_I: "little i", BIG_I: "Big I"}


@dataclass(frozen=True)
class LevelRule:
    """What makes involvement meaningful in one organisation.

    ``required_stages`` are the stages that must have patient or carer involvement once the
    project reaches them. ``consultation_counts`` lets "consulted" satisfy a stage.
    ``grace_days`` gives a newly reached stage that many days before its absence counts.
    """

    required_stages: tuple[str, ...] = STAGES
    consultation_counts: bool = False
    grace_days: int = 0

    def __post_init__(self) -> None:
        unknown = set(self.required_stages) - set(STAGES)
        if unknown:
            raise ValueError(f"Unknown stages: {sorted(unknown)}")
        if self.grace_days < 0:
            raise ValueError("grace_days cannot be negative")

    def counts(self, how: str) -> bool:
        return how != CONSULTED or self.consultation_counts


DEFAULT_RULE = LevelRule()


@dataclass(frozen=True)
class Involvement:
    """One patient's or carer's involvement at one stage.

    ``started_on`` is when it happened; ``ended_on`` (team membership only) when they left the
    team, so they are on the team for dates ``started_on <= day < ended_on``.
    """

    stage: str
    how: str
    started_on: datetime.date
    ended_on: datetime.date | None = None

    def covers(self, day: datetime.date) -> bool:
        if self.started_on > day:
            return False
        if self.stage == TEAM:
            return self.ended_on is None or day < self.ended_on
        return True


@dataclass(frozen=True)
class ProjectFacts:
    """What the rule needs to know about a project: when it reached each stage, and who was
    involved. The focus and team stages are reached when the project starts."""

    start_date: datetime.date
    change_ideas_on: datetime.date | None = None
    pdsa_on: datetime.date | None = None
    reporting_on: datetime.date | None = None
    involvement: Sequence[Involvement] = field(default_factory=tuple)

    def reached_on(self, stage: str) -> datetime.date | None:
        return {
            FOCUS: self.start_date,
            TEAM: self.start_date,
            CHANGE_IDEAS: self.change_ideas_on,
            PDSA: self.pdsa_on,
            REPORTING: self.reporting_on,
        }[stage]


@dataclass(frozen=True)
class Assessment:
    """The level on one date, and why, in words a coordinator can act on."""

    on: datetime.date
    level: str
    reached: tuple[str, ...]
    required: tuple[str, ...]
    meaningful: tuple[str, ...]
    missing: tuple[str, ...]
    consulted_only: tuple[str, ...]
    explanation: str

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]

    @property
    def is_big_i(self) -> bool:
        return self.level == BIG_I

    @property
    def first_missing(self) -> str | None:
        return self.missing[0] if self.missing else None


def assess(facts: ProjectFacts, on: datetime.date, rule: LevelRule = DEFAULT_RULE) -> Assessment:
    """The project's involvement level on the date `on`."""
    reached = tuple(
        stage
        for stage in STAGES
        if (reached_on := facts.reached_on(stage)) is not None and reached_on <= on
    )
    grace = datetime.timedelta(days=rule.grace_days)
    required = tuple(
        stage
        for stage in reached
        if stage in rule.required_stages and facts.reached_on(stage) + grace <= on  # type: ignore[operator]
    )
    current = [item for item in facts.involvement if item.covers(on)]
    any_involvement = any(item.started_on <= on for item in facts.involvement)
    meaningful = tuple(
        stage
        for stage in STAGES
        if any(item.stage == stage and rule.counts(item.how) for item in current)
    )
    consulted_only = tuple(
        stage
        for stage in required
        if stage not in meaningful and any(item.stage == stage for item in current)
    )
    missing = tuple(stage for stage in required if stage not in meaningful)
    if not any_involvement:
        level = NONE
    elif missing or not required:
        level = LITTLE_I
    else:
        level = BIG_I
    return Assessment(
        on=on,
        level=level,
        reached=reached,
        required=required,
        meaningful=meaningful,
        missing=missing,
        consulted_only=consulted_only,
        explanation=_explain(level, facts, required, missing, consulted_only),
    )


def timeline(
    facts: ProjectFacts, days: Iterable[datetime.date], rule: LevelRule = DEFAULT_RULE
) -> list[Assessment]:
    """The assessment on each of `days` (for example every month end)."""
    return [assess(facts, day, rule) for day in days]


def level_and_missing(
    facts: ProjectFacts, on: datetime.date, rule: LevelRule = DEFAULT_RULE
) -> tuple[str, tuple[str, ...]]:
    """Just the level and the missing stages of :func:`assess`, without the reasons in words:
    what the monthly measure stores."""
    grace = datetime.timedelta(days=rule.grace_days)
    required = []
    for stage in rule.required_stages:
        reached_on = facts.reached_on(stage)
        if reached_on is not None and reached_on + grace <= on:
            required.append(stage)
    meaningful = set()
    any_involvement = False
    for item in facts.involvement:
        if item.started_on <= on:
            any_involvement = True
            if item.covers(on) and rule.counts(item.how):
                meaningful.add(item.stage)
    missing = tuple(stage for stage in STAGES if stage in required and stage not in meaningful)
    if not any_involvement:
        return NONE, missing
    if missing or not required:
        return LITTLE_I, missing
    return BIG_I, missing


def change_dates(facts: ProjectFacts, rule: LevelRule = DEFAULT_RULE) -> list[datetime.date]:
    """The dates on which a project's level or missing stages can change, sorted: between two
    of them every day has the same result."""
    grace = datetime.timedelta(days=rule.grace_days)
    dates = set()
    for stage in STAGES:
        reached_on = facts.reached_on(stage)
        if reached_on is not None:
            dates.add(reached_on)
            dates.add(reached_on + grace)
    for item in facts.involvement:
        dates.add(item.started_on)
        if item.ended_on is not None:
            dates.add(item.ended_on)
    return sorted(dates)


def levels_on(
    facts: ProjectFacts, days: Sequence[datetime.date], rule: LevelRule = DEFAULT_RULE
) -> list[tuple[str, tuple[str, ...]]]:
    """The level and missing stages on each of `days` (ascending, e.g. month ends): the same
    as calling :func:`assess` for each day, but worked out only once between two change dates,
    so a long project costs little more than a short one."""
    points = change_dates(facts, rule)
    results: list[tuple[str, tuple[str, ...]]] = []
    seen = -1
    current: tuple[str, tuple[str, ...]] = (NONE, ())
    for day in days:
        passed = bisect_right(points, day)
        if passed != seen or not results:
            current = level_and_missing(facts, day, rule)
            seen = passed
        results.append(current)
    return results


def _missing_phrase(stage: str, facts: ProjectFacts, consulted: bool) -> str:
    since = facts.reached_on(stage)
    since_text = month_label(since) if since else ""
    if stage == TEAM:
        return "no patient or carer on the team"
    if consulted:
        where = {
            FOCUS: "on choosing the focus",
            CHANGE_IDEAS: "on the change ideas",
            PDSA: "on the PDSA cycles",
            REPORTING: "on reporting the findings",
        }[stage]
        return f"patients or carers were only consulted {where}"
    return {
        FOCUS: "no patient or carer involved in choosing the focus",
        CHANGE_IDEAS: f"no patient or carer in forming the change ideas begun in {since_text}",
        PDSA: f"no patient or carer in the PDSA cycles run since {since_text}",
        REPORTING: f"no patient or carer in reporting the findings since {since_text}",
    }[stage]


def _explain(
    level: str,
    facts: ProjectFacts,
    required: Sequence[str],
    missing: Sequence[str],
    consulted_only: Sequence[str],
) -> str:
    if level == BIG_I:
        count = len(required)
        stages = "stage" if count == 1 else "stages"
        return f"Big I: involved in all {count} {stages} reached so far"
    if level == NONE:
        return "None: no patient or carer involvement recorded yet"
    if not required:
        return "little i: no stage has yet reached the point where involvement is required"
    phrases = [_missing_phrase(stage, facts, stage in consulted_only) for stage in missing]
    return "little i: " + _join(phrases)


def _join(phrases: Sequence[str]) -> str:
    if len(phrases) == 1:
        return phrases[0]
    return "; ".join(phrases[:-1]) + "; and " + phrases[-1]
