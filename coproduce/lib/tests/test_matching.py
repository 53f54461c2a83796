import datetime

from coproduce.lib import matching
from coproduce.lib.matching import Candidate, Needs

TODAY = datetime.date(2026, 11, 26)


def person(member_id: int = 1, **kwargs) -> Candidate:  # type: ignore[no-untyped-def]
    defaults = {
        "days": frozenset({"mon", "tue", "wed", "thu", "fri"}),
        "times": frozenset({"morning", "afternoon"}),
    }
    defaults.update(kwargs)
    return Candidate(member_id=member_id, **defaults)


def test_a_perfect_fit_never_involved_scores_the_full_hundred():
    needs = Needs(
        role="team_member",
        service=7,
        conditions=frozenset({1}),
        topics=frozenset({2}),
        skills=frozenset({3}),
        days=frozenset({"mon"}),
        times=frozenset({"morning"}),
    )
    candidate = person(
        services=frozenset({7}),
        conditions=frozenset({1}),
        topics=frozenset({2}),
        skills=frozenset({3}),
        past_roles=frozenset({"team_member"}),
    )
    assert matching.total(candidate, needs, TODAY) == matching.MAX_POINTS == 100


def test_the_parts_add_up_to_the_total_and_each_stays_under_its_ceiling():
    needs = Needs(role="reviewer", directorate=4, topics=frozenset({1, 2}), mode="in_person")
    candidate = person(
        directorates=frozenset({4}), topics=frozenset({2}), in_person=False, remote=True
    )
    suggestion = matching.explain(candidate, needs, TODAY)
    assert sum(part.points for part in suggestion.parts) == suggestion.total
    for part in suggestion.parts:
        assert 0 <= part.points <= part.out_of
    assert [p.name for p in suggestion.parts] == [
        "Lived experience",
        "Topics",
        "Skills",
        "Place and time",
        "Fairness",
    ]


def test_experience_of_the_projects_own_service_beats_its_directorate():
    needs = Needs(role="team_member", service=7, directorate=4)
    same_service = person(1, services=frozenset({7}), directorates=frozenset({4}))
    same_directorate = person(2, directorates=frozenset({4}))
    neither = person(3)
    scores = [matching.experience_points(c, needs) for c in (same_service, same_directorate, neither)]
    assert scores == [30, 15, 0]


def test_people_involved_less_recently_rank_higher_when_otherwise_equal():
    needs = Needs(role="focus_group", topics=frozenset({1}))
    recent = person(1, topics=frozenset({1}), last_involved_on=TODAY - datetime.timedelta(days=20))
    long_ago = person(
        2, topics=frozenset({1}), last_involved_on=TODAY - datetime.timedelta(days=300)
    )
    never = person(3, topics=frozenset({1}))
    ranked = matching.rank([recent, long_ago, never], needs, TODAY)
    assert [s.member_id for s in ranked] == [3, 2, 1]
    assert ranked[0].reasons[-1] == "Has not been involved in a project yet"
    assert ranked[1].reasons[-1] == "Last involved 10 months ago"
    assert ranked[2].reasons[-1] == "Was involved less than a month ago"


def test_fairness_is_full_after_a_year_and_never_negative_for_future_dates():
    old = person(last_involved_on=TODAY - datetime.timedelta(days=800))
    future = person(last_involved_on=TODAY + datetime.timedelta(days=10))
    assert matching.fairness_points(old, TODAY) == matching.FAIRNESS_POINTS
    assert matching.fairness_points(future, TODAY) == 0


def test_reasons_name_what_matched_in_plain_words():
    needs = Needs(
        role="co_presenter",
        service=7,
        conditions=frozenset({1, 2}),
        topics=frozenset({5}),
        skills=frozenset({9}),
        mode="in_person",
        area=3,
        days=frozenset({"mon", "tue"}),
    )
    candidate = person(
        services=frozenset({7}),
        conditions=frozenset({2}),
        topics=frozenset({5}),
        skills=frozenset({9}),
        areas=frozenset({3}),
        days=frozenset({"mon"}),
        past_roles=frozenset({"co_presenter"}),
    )
    labels = {
        "services": {7: "Willow Ward"},
        "conditions": {2: "Psychosis"},
        "topics": {5: "Medication"},
        "skills": {9: "Public speaking"},
        "areas": {3: "Harrow"},
        "roles": {"co_presenter": "Co-presenter"},
    }
    reasons = matching.explain(candidate, needs, TODAY, labels).reasons
    assert reasons[0] == "Experience: has used Willow Ward; lived experience of Psychosis"
    assert reasons[1] == "Interested in Medication"
    assert reasons[2] == "Has skills in Public speaking and has been a co-presenter before"
    assert reasons[3] == "Can meet in person; can travel to Harrow; free on 1 of the 2 days it runs"


def test_remote_opportunities_favour_people_who_can_join_remotely():
    needs = Needs(role="reviewer", mode="remote")
    remote = person(1, in_person=True, remote=True)
    in_person_only = person(2, in_person=True, remote=False)
    assert matching.place_and_time_points(remote, needs) > matching.place_and_time_points(
        in_person_only, needs
    )
    reason = matching.explain(in_person_only, needs, TODAY).parts[3].reason
    assert reason.startswith("Prefers to meet in person")


def test_rank_keeps_only_the_best_and_breaks_ties_by_member_id():
    needs = Needs(role="reviewer")
    people = [person(i) for i in range(1, 50)]
    ranked = matching.rank(people, needs, TODAY, limit=5)
    assert [s.member_id for s in ranked] == [1, 2, 3, 4, 5]


def test_nothing_wanted_gives_no_experience_topic_or_skill_points():
    needs = Needs(role="reviewer")
    candidate = person(conditions=frozenset({1}), topics=frozenset({2}), skills=frozenset({3}))
    assert matching.experience_points(candidate, needs) == 0
    assert matching.topic_points(candidate, needs) == 0
    assert matching.skill_points(candidate, needs) == 0
    assert matching.explain(candidate, needs, TODAY).parts[1].reason == (
        "The opportunity names no topics"
    )
