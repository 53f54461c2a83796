import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

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
    scores = [
        matching.experience_points(c, needs) for c in (same_service, same_directorate, neither)
    ]
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


def test_profile_terms_survive_the_round_trip():
    terms = matching.terms_for(
        services=[12, 3],
        directorates=[4],
        conditions=[5],
        topics=[7, 8],
        skills=[9],
        areas=[2],
        days=["mon", "fri"],
        times=["evening"],
        in_person=False,
        remote=True,
        past_roles=["reviewer"],
        wants_roles=["trainer", "reviewer"],
    )
    assert terms == (
        "s3 s12 d4 c5 t7 t8 k9 a2 day:fri day:mon time:evening remote r:reviewer"
        " w:reviewer w:trainer"
    )
    when = datetime.date(2026, 1, 1)
    candidate = matching.candidate_from_terms(42, terms, when)
    assert candidate == Candidate(
        member_id=42,
        services=frozenset({3, 12}),
        directorates=frozenset({4}),
        conditions=frozenset({5}),
        topics=frozenset({7, 8}),
        skills=frozenset({9}),
        areas=frozenset({2}),
        days=frozenset({"mon", "fri"}),
        times=frozenset({"evening"}),
        in_person=False,
        remote=True,
        past_roles=frozenset({"reviewer"}),
        wants_roles=frozenset({"reviewer", "trainer"}),
        last_involved_on=when,
    )


def test_unknown_terms_are_ignored_rather_than_breaking_ranking():
    candidate = matching.candidate_from_terms(1, "zz s x9 in_person")
    assert candidate.services == frozenset()
    assert candidate.in_person and not candidate.remote


ids = st.frozensets(st.integers(min_value=1, max_value=6), max_size=4)
some_days = st.frozensets(st.sampled_from(["mon", "tue", "wed", "sat"]), max_size=3)
some_times = st.frozensets(st.sampled_from(["morning", "afternoon", "evening"]), max_size=2)
roles = st.sampled_from(["team_member", "reviewer", "trainer"])
dates = st.one_of(
    st.none(), st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2027, 1, 1))
)


@settings(max_examples=300, deadline=None)
@given(
    services=ids,
    directorates=ids,
    conditions=ids,
    topics=ids,
    skills=ids,
    areas=ids,
    days=some_days,
    times=some_times,
    in_person=st.booleans(),
    remote=st.booleans(),
    past=st.frozensets(roles, max_size=2),
    wants=st.frozensets(roles, max_size=2),
    last=dates,
    role=roles,
    service=st.one_of(st.none(), st.integers(1, 6)),
    directorate=st.one_of(st.none(), st.integers(1, 6)),
    want_conditions=ids,
    want_topics=ids,
    want_skills=ids,
    area=st.one_of(st.none(), st.integers(1, 6)),
    want_days=some_days,
    want_times=some_times,
    mode=st.sampled_from(["in_person", "remote", "either"]),
)
def test_scoring_from_stored_terms_agrees_with_the_explained_score(**k):  # type: ignore[no-untyped-def]
    terms = matching.terms_for(
        services=k["services"],
        directorates=k["directorates"],
        conditions=k["conditions"],
        topics=k["topics"],
        skills=k["skills"],
        areas=k["areas"],
        days=k["days"],
        times=k["times"],
        in_person=k["in_person"],
        remote=k["remote"],
        past_roles=k["past"],
        wants_roles=k["wants"],
    )
    needs = Needs(
        role=k["role"],
        service=k["service"],
        directorate=k["directorate"],
        conditions=k["want_conditions"],
        topics=k["want_topics"],
        skills=k["want_skills"],
        area=k["area"],
        days=k["want_days"],
        times=k["want_times"],
        mode=k["mode"],
    )
    candidate = matching.candidate_from_terms(1, terms, k["last"])
    fast = matching.CompiledNeeds(needs).score_terms(terms, k["last"], TODAY)
    explained = matching.explain(candidate, needs, TODAY)
    assert fast == matching.total(candidate, needs, TODAY) == explained.total
    assert 0 <= fast <= matching.MAX_POINTS


def test_ranking_stored_terms_gives_the_same_order_as_ranking_candidates():
    needs = Needs(role="reviewer", topics=frozenset({1, 2}), mode="remote")
    ten_days_ago = TODAY - datetime.timedelta(days=10)
    rows = [
        (1, matching.terms_for(topics=[1], remote=True)),
        (2, matching.terms_for(topics=[1, 2], remote=True)),
        (3, matching.terms_for(topics=[1, 2], remote=False)),
        (4, matching.terms_for(topics=[1, 2], remote=True)),
    ]
    last = {2: ten_days_ago}
    by_terms = matching.rank_terms(rows, needs, TODAY, last_involved=last, limit=None)
    by_candidates = matching.rank(
        [matching.candidate_from_terms(i, t, last.get(i)) for i, t in rows], needs, TODAY
    )
    top_two = matching.rank_terms(rows, needs, TODAY, last_involved=last, limit=2)
    assert [s.member_id for s in top_two] == [4, 3]
    assert [s.member_id for s in by_terms] == [s.member_id for s in by_candidates] == [4, 3, 1, 2]


@settings(max_examples=100, deadline=None)
@given(
    people=st.lists(st.tuples(ids, ids, st.booleans(), dates), min_size=0, max_size=30),
    limit=st.integers(min_value=1, max_value=10),
)
def test_keeping_only_the_best_gives_the_same_top_as_sorting_everyone(people, limit):  # type: ignore[no-untyped-def]
    needs = Needs(role="reviewer", topics=frozenset({1, 2, 3}), skills=frozenset({4}))
    rows = [
        (i, matching.terms_for(topics=topics, skills=skills, remote=remote))
        for i, (topics, skills, remote, _) in enumerate(people, start=1)
    ]
    last = {i: when for i, (_, _, _, when) in enumerate(people, start=1) if when}
    everyone = matching.rank_terms(rows, needs, TODAY, last_involved=last, limit=None)
    best = matching.rank_terms(rows, needs, TODAY, last_involved=last, limit=limit)
    assert [s.member_id for s in best] == [s.member_id for s in everyone][:limit]


def test_last_involvement_may_come_as_iso_text_from_the_database():
    needs = Needs(role="reviewer")
    rows = [(1, matching.terms_for()), (2, matching.terms_for())]
    as_text = matching.rank_terms(rows, needs, TODAY, last_involved={1: "2026-11-20"})
    as_dates = matching.rank_terms(
        rows, needs, TODAY, last_involved={1: datetime.date(2026, 11, 20)}
    )
    assert [s.member_id for s in as_text] == [s.member_id for s in as_dates] == [2, 1]
    assert as_text[1].reasons[-1] == "Was involved less than a month ago"


ROLE_NAMES = {
    "reviewer": "Reviewer",
    "focus_group": "Focus group participant",
    "trainer": "Trainer",
}


def test_saying_they_would_like_to_do_the_role_counts_as_having_done_it():
    """Within the skills part's ceiling: the role's share, whichever way it is earned."""
    without_skills = Needs(role="reviewer")
    with_skills = Needs(role="reviewer", skills=frozenset({9}))
    wants = person(wants_roles=frozenset({"reviewer"}))
    done = person(past_roles=frozenset({"reviewer"}))
    both = person(past_roles=frozenset({"reviewer"}), wants_roles=frozenset({"reviewer"}))
    other = person(wants_roles=frozenset({"focus_group", "trainer"}))
    nothing = person()
    for needs, full in ((without_skills, matching.SKILL_POINTS), (with_skills, 5)):
        scores = [matching.skill_points(c, needs) for c in (wants, done, both, other, nothing)]
        assert scores == [full, full, full, 0, 0]
    assert matching.total(wants, without_skills, TODAY) > matching.total(
        other, without_skills, TODAY
    )


def test_the_reason_says_what_they_would_like_to_do():
    needs = Needs(role="reviewer")
    labels = {"roles": ROLE_NAMES}

    def reason(candidate: Candidate) -> str:
        return matching.explain(candidate, needs, TODAY, labels).parts[2].reason

    assert reason(person(wants_roles=frozenset({"reviewer"}))) == (
        "Said they would like to be a reviewer"
    )
    assert (
        reason(person(past_roles=frozenset({"reviewer"}), wants_roles=frozenset({"reviewer"})))
        == "Has been a reviewer before and would like to be again"
    )
    assert reason(person(wants_roles=frozenset({"focus_group", "trainer"}))) == (
        "No matching skills recorded yet. Said they would like to be a focus group participant "
        "or trainer, not a reviewer"
    )
    assert reason(person()) == "No matching skills recorded yet"
