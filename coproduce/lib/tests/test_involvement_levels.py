import datetime

import pytest

from coproduce.lib.involvement_levels import (
    BIG_I,
    CHANGE_IDEAS,
    CONSULTED,
    FOCUS,
    LITTLE_I,
    NONE,
    PDSA,
    REPORTING,
    TEAM,
    TOOK_PART,
    Involvement,
    LevelRule,
    ProjectFacts,
    assess,
    timeline,
)

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
