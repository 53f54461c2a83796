from decimal import Decimal

from coproduce.lib.progress_score import Evidence, suggest


def test_a_new_project_is_intent_to_participate():
    suggestion = suggest(Evidence())
    assert suggestion.score == Decimal("0.5")
    assert suggestion.label == "Intent to participate"


def test_planning_needs_aim_team_and_change_ideas():
    assert suggest(Evidence(aim_set=True, team_size=3)).score == Decimal("1.0")
    assert suggest(Evidence(aim_set=True, team_size=3, change_ideas=2)).score == Decimal("1.5")


def test_activity_and_tests_of_change_raise_the_score_with_reasons():
    activity = suggest(Evidence(pdsa_cycles=1, measures_with_data=2))
    assert activity.score == Decimal("2.0")
    assert activity.reason == "Activity has started: 1 PDSA cycle planned, 2 measures with data."
    assert suggest(Evidence(pdsa_cycles=2, pdsa_cycles_studied=1)).score == Decimal("2.5")


def test_adopted_changes_and_improvement_top_out_at_three_and_a_half():
    assert suggest(Evidence(changes_adopted=1)).score == Decimal("3.0")
    top = suggest(Evidence(changes_adopted=1, measure_improved=True))
    assert top.score == Decimal("3.5")
    assert "set them yourself" in (top.next_step or "")
