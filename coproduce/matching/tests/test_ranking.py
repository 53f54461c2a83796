import datetime

import pytest
from django.utils import timezone

from coproduce.involvement.models import InvolvementRecord
from coproduce.matching import services
from coproduce.matching.models import Invitation, InvitationStatus
from coproduce.matching.tests.factories import OpportunityFactory
from coproduce.pool.models import MemberStatus, OptionKind
from coproduce.pool.services import refresh_match_terms
from coproduce.pool.tests.factories import PoolMemberFactory, ProfileOptionFactory
from coproduce.projects.models import TeamMember
from coproduce.training.models import Completion, Course

pytestmark = pytest.mark.django_db


def ranked_ids(opportunity) -> list[int]:  # type: ignore[no-untyped-def]
    return [s.member_id for s in services.rank(opportunity, limit=None)]


def test_only_people_who_meet_every_hard_rule_are_suggested(personas, project, opportunity):
    start = opportunity.start_date
    trust = personas.trust

    def member(**kwargs):  # type: ignore[no-untyped-def]
        user = personas.pat.__class__.objects.create_user(
            email=f"m{PoolMemberFactory._meta.model.objects.count()}@example.org",
            full_name="Someone",
            organisation=trust,
        )
        return PoolMemberFactory(organisation=trust, user=user, **kwargs)

    fine = member()
    member(status=MemberStatus.PAUSED)
    member(status=MemberStatus.ONBOARDING)
    member(consented_at=None)
    member(away_until=start + datetime.timedelta(days=1))
    back_in_time = member(away_until=start)
    member(max_hours_per_month=1)
    member(is_anonymised=True)
    PoolMemberFactory(organisation=trust, user=None)  # no sign-in to reply with
    PoolMemberFactory(organisation=personas.other_trust, user=personas.olga)
    assert sorted(ranked_ids(opportunity)) == sorted([fine.pk, back_in_time.pk])


def test_required_training_must_be_done_and_still_valid_at_the_start(personas, project):
    course = Course.objects.create(organisation=personas.trust, title="QI basics", audience="both")
    opportunity = OpportunityFactory(project=project)
    opportunity.required_courses.add(course)
    start = opportunity.start_date
    done, lapsed, none = (
        PoolMemberFactory(organisation=personas.trust, user=user)
        for user in (personas.pat, personas.carl, personas.sam)
    )
    Completion.objects.create(
        course=course, user=personas.pat, completed_on=start - datetime.timedelta(days=30)
    )
    Completion.objects.create(
        course=course,
        user=personas.carl,
        completed_on=start - datetime.timedelta(days=400),
        expires_on=start - datetime.timedelta(days=1),
    )
    assert ranked_ids(opportunity) == [done.pk]
    reasons = services.why_not_eligible(opportunity, lapsed)
    assert reasons == ["They have not completed QI basics (or it runs out before the start)"]
    assert services.why_not_eligible(opportunity, done) == []
    assert none.pk not in ranked_ids(opportunity)


def test_people_whose_hours_are_already_taken_at_that_time_are_left_out(personas, project):
    busy = PoolMemberFactory(organisation=personas.trust, user=personas.pat, max_hours_per_month=4)
    free = PoolMemberFactory(organisation=personas.trust, user=personas.carl, max_hours_per_month=4)
    start = timezone.localdate() + datetime.timedelta(days=10)
    earlier = OpportunityFactory(project=project, hours_per_month=3, start_date=start)
    Invitation.objects.create(
        opportunity=earlier, member=busy, sent_by=personas.cora, status=InvitationStatus.ACCEPTED
    )
    # Ended before the new one starts: does not count.
    past = OpportunityFactory(
        project=project,
        hours_per_month=3,
        start_date=start - datetime.timedelta(days=90),
        end_date=start - datetime.timedelta(days=60),
    )
    Invitation.objects.create(
        opportunity=past, member=free, sent_by=personas.cora, status=InvitationStatus.ACCEPTED
    )
    new = OpportunityFactory(
        project=project, hours_per_month=2, start_date=start + datetime.timedelta(days=5)
    )
    assert ranked_ids(new) == [free.pk]
    assert services.why_not_eligible(new, busy) == [
        "They already give 3 hours a month at that time; this would take them over their most of "
        "4 hours"
    ]


def test_people_already_invited_are_not_suggested_again(personas, opportunity):
    member = PoolMemberFactory(organisation=personas.trust, user=personas.pat)
    Invitation.objects.create(opportunity=opportunity, member=member, sent_by=personas.cora)
    assert ranked_ids(opportunity) == []


def test_experience_of_the_service_and_fairness_shape_the_order(personas, project, opportunity):
    topic = ProfileOptionFactory(
        organisation=personas.trust, kind=OptionKind.TOPIC, name="Ward rounds"
    )
    opportunity.preferred_topics.add(topic)
    used_service = PoolMemberFactory(
        organisation=personas.trust, user=personas.pat, first_name="Uma"
    )
    used_service.services_used.add(personas.service)
    used_service.topics.add(topic)
    refresh_match_terms(used_service)
    stranger = PoolMemberFactory(organisation=personas.trust, user=personas.carl, first_name="Vic")
    stranger.topics.add(topic)
    refresh_match_terms(stranger)
    recently = PoolMemberFactory(organisation=personas.trust, user=personas.sam, first_name="Wes")
    recently.services_used.add(personas.service)
    recently.topics.add(topic)
    refresh_match_terms(recently)
    TeamMember.objects.create(
        project=project,
        pool_member=recently,
        is_patient_or_carer=True,
        joined_on=timezone.localdate() - datetime.timedelta(days=7),
    )
    ranked = services.rank(opportunity)
    # Fairness moves people who were involved recently down, but no further than experience of
    # the very service the project is about lifts them.
    assert [s.member_id for s in ranked] == [used_service.pk, recently.pk, stranger.pk]
    assert ranked[0].total - ranked[1].total == 20
    top = ranked[0]
    assert top.reasons[0] == "Experience: has used Willow Ward"
    assert top.reasons[1] == "Interested in Ward rounds"
    assert top.reasons[-1] == "Has not been involved in a project yet"
    assert ranked[1].reasons[-1] == "Is involved in a project now"


def test_fairness_reads_the_last_day_someone_was_involved_not_the_day_they_joined(
    personas, project, opportunity
):
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=700)
    still_on = PoolMemberFactory(organisation=personas.trust, user=personas.pat, first_name="Ada")
    refresh_match_terms(still_on)
    left = PoolMemberFactory(organisation=personas.trust, user=personas.carl, first_name="Bea")
    refresh_match_terms(left)
    reported = PoolMemberFactory(organisation=personas.trust, user=personas.sam, first_name="Cy")
    refresh_match_terms(reported)
    # Joined 23 months ago and still on the team: involved today.
    TeamMember.objects.create(
        project=project, pool_member=still_on, is_patient_or_carer=True, joined_on=long_ago
    )
    # Joined 23 months ago, left 100 days ago: involved until then.
    TeamMember.objects.create(
        project=project,
        pool_member=left,
        is_patient_or_carer=True,
        joined_on=long_ago,
        left_on=today - datetime.timedelta(days=100),
    )
    # Reported the findings 40 days ago, in the ledger.
    InvolvementRecord.objects.create(
        project=project,
        pool_member=reported,
        stage="reporting",
        how="took_part",
        started_on=today - datetime.timedelta(days=40),
    )
    ranked = {s.member_id: s for s in services.rank(opportunity, limit=None)}
    fairness = {pk: s.parts[-1] for pk, s in ranked.items()}
    assert fairness[still_on.pk].reason == "Is involved in a project now"
    assert fairness[still_on.pk].points == 0
    assert fairness[left.pk].reason == "Last involved 3 months ago"
    assert 0 < fairness[left.pk].points < fairness[left.pk].out_of
    assert fairness[reported.pk].reason == "Last involved 1 month ago"
    assert services.last_involved_on(still_on) == today
    assert services.last_involved_on(left) == today - datetime.timedelta(days=100)
    assert services.last_involved_on(reported) == today - datetime.timedelta(days=40)
    # The explanation shown when inviting someone outside the suggestions says the same.
    where = services.placing(opportunity, still_on)
    assert where.suggestion.parts[-1].reason == "Is involved in a project now"
