import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.lib.involvement_levels import (
    BIG_I,
    CHANGE_IDEAS,
    CONSULTED,
    FOCUS,
    LITTLE_I,
    NONE,
    PDSA,
    REPORTING,
    STAGES,
    TEAM,
    TOOK_PART,
    Involvement,
    LevelRule,
    ProjectFacts,
    assess,
    levels_on,
    timeline,
)
from coproduce.lib.months import month_ends

D = datetime.date
START = D(2025, 1, 10)


def on_team(since=START, until=None):
    return Involvement(TEAM, TOOK_PART, since, until)


def chose_focus(how=TOOK_PART, on=START):
    return Involvement(FOCUS, how, on)


def test_a_project_with_no_involvement_is_none():
    result = assess(ProjectFacts(START), D(2025, 1, 31))
    assert result.level == NONE
    assert result.explanation == "None: no patient or carer involvement recorded yet"


def test_a_young_project_is_big_i_with_focus_and_team_only():
    facts = ProjectFacts(START, involvement=[chose_focus(), on_team()])
    result = assess(facts, D(2025, 1, 31))
    assert result.level == BIG_I
    assert result.explanation == "Big I: involved in all 2 stages reached so far"


def test_a_project_without_a_pdsa_is_not_faulted_for_missing_pdsa_involvement():
    facts = ProjectFacts(
        START,
        change_ideas_on=D(2025, 2, 3),
        involvement=[chose_focus(), on_team(), Involvement(CHANGE_IDEAS, TOOK_PART, D(2025, 2, 3))],
    )
    assert assess(facts, D(2025, 2, 28)).level == BIG_I


def test_running_a_pdsa_without_patients_makes_it_little_i_until_one_takes_part():
    facts = ProjectFacts(
        START,
        change_ideas_on=D(2025, 2, 3),
        pdsa_on=D(2025, 3, 4),
        involvement=[
            chose_focus(),
            on_team(),
            Involvement(CHANGE_IDEAS, TOOK_PART, D(2025, 2, 3)),
            Involvement(PDSA, TOOK_PART, D(2025, 5, 6)),
        ],
    )
    february, march, april, may = timeline(
        facts, [D(2025, 2, 28), D(2025, 3, 31), D(2025, 4, 30), D(2025, 5, 31)]
    )
    assert february.level == BIG_I
    assert march.level == LITTLE_I
    assert (
        march.explanation == "little i: no patient or carer in the PDSA cycles run since March 2025"
    )
    assert april.missing == (PDSA,)
    assert may.level == BIG_I
    assert may.explanation == "Big I: involved in all 4 stages reached so far"


def test_the_team_stage_needs_someone_on_the_team_on_that_date():
    facts = ProjectFacts(START, involvement=[chose_focus(), on_team(until=D(2025, 3, 1))])
    assert assess(facts, D(2025, 2, 28)).level == BIG_I
    after = assess(facts, D(2025, 3, 31))
    assert after.level == LITTLE_I
    assert after.explanation == "little i: no patient or carer on the team"


def test_being_consulted_is_little_i_by_default_and_says_so():
    facts = ProjectFacts(START, involvement=[chose_focus(how=CONSULTED), on_team()])
    result = assess(facts, D(2025, 1, 31))
    assert result.level == LITTLE_I
    assert result.explanation == (
        "little i: patients or carers were only consulted on choosing the focus"
    )


def test_an_organisation_can_count_consultation():
    facts = ProjectFacts(START, involvement=[chose_focus(how=CONSULTED), on_team()])
    rule = LevelRule(consultation_counts=True)
    assert assess(facts, D(2025, 1, 31), rule).level == BIG_I


def test_an_organisation_can_leave_a_stage_out_of_its_rule():
    facts = ProjectFacts(START, reporting_on=D(2025, 6, 1), involvement=[chose_focus(), on_team()])
    assert assess(facts, D(2025, 6, 30)).missing == (REPORTING,)
    rule = LevelRule(required_stages=(FOCUS, TEAM, CHANGE_IDEAS, PDSA))
    assert assess(facts, D(2025, 6, 30), rule).level == BIG_I


def test_a_grace_period_gives_a_new_stage_time_before_it_counts():
    facts = ProjectFacts(START, pdsa_on=D(2025, 3, 20), involvement=[chose_focus(), on_team()])
    rule = LevelRule(grace_days=30)
    assert assess(facts, D(2025, 3, 31), rule).level == BIG_I
    assert assess(facts, D(2025, 4, 30), rule).level == LITTLE_I


def test_several_missing_stages_are_all_named():
    facts = ProjectFacts(START, pdsa_on=D(2025, 3, 4), involvement=[chose_focus()])
    result = assess(facts, D(2025, 3, 31))
    assert result.missing == (TEAM, PDSA)
    assert result.explanation == (
        "little i: no patient or carer on the team; and no patient or carer in the PDSA cycles "
        "run since March 2025"
    )


def test_involvement_recorded_after_the_date_does_not_count_back():
    facts = ProjectFacts(START, involvement=[chose_focus(on=D(2025, 4, 1)), on_team()])
    assert assess(facts, D(2025, 3, 31)).missing == (FOCUS,)
    assert assess(facts, D(2025, 4, 30)).level == BIG_I


def test_a_rule_refuses_unknown_stages():
    with pytest.raises(ValueError, match="Unknown stages"):
        LevelRule(required_stages=("lunch",))


# Dates within three years of 2024, so projects, stages and involvement overlap often.
days = st.integers(min_value=0, max_value=3 * 366).map(
    lambda n: D(2024, 1, 1) + datetime.timedelta(days=n)
)
maybe_days = st.none() | days


@st.composite
def involvements(draw):
    stage = draw(st.sampled_from(STAGES))
    started = draw(days)
    ended = None
    if draw(st.booleans()):
        ended = started + datetime.timedelta(days=draw(st.integers(min_value=0, max_value=400)))
    return Involvement(
        stage, draw(st.sampled_from([TOOK_PART, CONSULTED, "co_led"])), started, ended
    )


facts_strategy = st.builds(
    ProjectFacts,
    start_date=days,
    change_ideas_on=maybe_days,
    pdsa_on=maybe_days,
    reporting_on=maybe_days,
    involvement=st.lists(involvements(), max_size=8).map(tuple),
)
rules = st.builds(
    LevelRule,
    required_stages=st.sets(st.sampled_from(STAGES), min_size=1).map(
        lambda chosen: tuple(s for s in STAGES if s in chosen)
    ),
    consultation_counts=st.booleans(),
    grace_days=st.integers(min_value=0, max_value=120),
)


# Drawing the facts is slow on a busy machine; the property is what matters here.
patient = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@patient
@given(facts=facts_strategy, rule=rules, first=days, months=st.integers(min_value=1, max_value=40))
def test_the_quick_monthly_levels_are_those_of_the_full_assessment(facts, rule, first, months):
    month_days = month_ends(first, first + datetime.timedelta(days=31 * (months - 1)))
    quick = levels_on(facts, month_days, rule)
    full = [(a.level, a.missing) for a in timeline(facts, month_days, rule)]
    assert quick == full


@patient
@given(facts=facts_strategy, rule=rules, chosen=st.lists(days, max_size=30))
def test_the_quick_levels_agree_on_any_dates_in_any_order(facts, rule, chosen):
    assert levels_on(facts, chosen, rule) == [
        (assess(facts, day, rule).level, assess(facts, day, rule).missing) for day in chosen
    ]
