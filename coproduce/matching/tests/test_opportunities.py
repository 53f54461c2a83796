import datetime

import pytest
from django.urls import reverse

from coproduce.accounts.models import Role
from coproduce.accounts.tests.factories import UserFactory
from coproduce.audit.models import AuditEvent
from coproduce.matching.models import Invitation, InvitationStatus, Opportunity
from coproduce.projects.models import TeamMember
from coproduce.projects.tests.factories import make_project
from coproduce.training.models import Course

pytestmark = pytest.mark.django_db


def posting(project, **overrides):  # type: ignore[no-untyped-def]
    start = datetime.date.today() + datetime.timedelta(days=30)
    data = {
        "project": str(project.pk),
        "title": "Help us redesign ward rounds",
        "role": "team_member",
        "stages": ["team", "change_ideas"],
        "description": "Join four meetings",
        "time_commitment": "A 2-hour meeting once a month",
        "hours_per_month": "2",
        "start_date_0": start.day,
        "start_date_1": start.month,
        "start_date_2": start.year,
        "mode": "either",
        "places": "2",
    }
    data.update(overrides)
    return data


def test_a_lead_posts_an_opportunity_for_their_own_project(client, personas, project):
    course = Course.objects.create(organisation=personas.trust, title="QI basics", audience="both")
    client.force_login(personas.leo)
    response = client.post(
        reverse("matching:opportunity-new"), posting(project, required_courses=[course.pk])
    )
    assert response.status_code == 302
    opportunity = Opportunity.objects.get()
    assert opportunity.organisation == personas.trust
    assert opportunity.posted_by == personas.leo
    assert opportunity.stages == ["team", "change_ideas"]
    assert list(opportunity.required_courses.all()) == [course]
    assert AuditEvent.objects.filter(action="matching.opportunity_posted").exists()
    body = client.get(reverse("matching:opportunity-list")).content.decode()
    assert "Help us redesign ward rounds" in body


def test_a_lead_cannot_post_for_a_project_they_do_not_lead(client, personas, project):
    other_lead = UserFactory(organisation=personas.trust, roles=[Role.PROJECT_LEAD])
    theirs = make_project(personas, lead=other_lead)
    client.force_login(personas.leo)
    body = client.post(reverse("matching:opportunity-new"), posting(theirs)).content.decode()
    assert "Select a project" in body
    assert not Opportunity.objects.exists()


def test_the_form_explains_each_problem(client, personas, project):
    client.force_login(personas.cora)
    start = datetime.date.today()
    body = client.post(
        reverse("matching:opportunity-new"),
        posting(
            project,
            title="",
            hours_per_month="0",
            end_date_0=start.day,
            end_date_1=start.month,
            end_date_2=start.year - 1,
        ),
    ).content.decode()
    assert "Enter a title" in body
    assert "Hours a month must be between 1 and 160" in body
    assert "End date must be the same as or after the start date" in body
    assert not Opportunity.objects.exists()


def test_qi_staff_can_see_opportunities_but_not_post_or_see_suggestions(
    client, personas, opportunity
):
    client.force_login(personas.sam)
    assert client.get(reverse("matching:opportunity-list")).status_code == 200
    assert (
        client.get(reverse("matching:opportunity-detail", args=[opportunity.pk])).status_code == 200
    )
    assert client.get(reverse("matching:opportunity-new")).status_code == 403
    assert client.get(reverse("matching:suggestions", args=[opportunity.pk])).status_code == 403
    assert (
        client.get(reverse("matching:opportunity-edit", args=[opportunity.pk])).status_code == 403
    )


@pytest.mark.parametrize("name", ["pat", "carl", "fin"])
def test_pool_members_and_finance_cannot_open_opportunities(client, personas, opportunity, name):
    client.force_login(getattr(personas, name))
    assert client.get(reverse("matching:opportunity-list")).status_code == 403
    assert (
        client.get(reverse("matching:opportunity-detail", args=[opportunity.pk])).status_code == 403
    )
    assert client.get(reverse("matching:suggestions", args=[opportunity.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, personas, opportunity):
    for url in (
        reverse("matching:opportunity-list"),
        reverse("matching:opportunity-new"),
        reverse("matching:opportunity-detail", args=[opportunity.pk]),
        reverse("matching:suggestions", args=[opportunity.pk]),
        reverse("matching:invite-other", args=[opportunity.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/account/sign-in/" in response["Location"], url


def test_another_trust_gets_not_found_for_guessed_opportunities(client, personas, opportunity):
    client.force_login(personas.olga)
    for name in (
        "matching:opportunity-detail",
        "matching:opportunity-edit",
        "matching:suggestions",
        "matching:invite-other",
    ):
        assert client.get(reverse(name, args=[opportunity.pk])).status_code == 404, name
    assert (
        "Join the ward rounds team"
        not in client.get(reverse("matching:opportunity-list")).content.decode()
    )


def test_a_lead_sees_first_names_and_relevant_experience_but_cannot_invite(
    client, personas, opportunity, pat_member
):
    pat_member.services_used.add(personas.service)
    pat_member.adjustments = "Needs a quiet room"
    pat_member.save()
    from coproduce.pool.services import refresh_match_terms

    refresh_match_terms(pat_member)
    client.force_login(personas.leo)
    body = client.get(reverse("matching:suggestions", args=[opportunity.pk])).content.decode()
    assert "Pat" in body
    assert "Experience: has used Willow Ward" in body
    assert "Pat Example" not in body
    assert pat_member.email not in body
    assert "Needs a quiet room" not in body
    assert "Fairness" not in body
    assert 'name="members"' not in body
    response = client.post(
        reverse("matching:suggestions", args=[opportunity.pk]), {"members": [str(pat_member.pk)]}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert client.get(reverse("matching:invite-other", args=[opportunity.pk])).status_code == 403


def test_a_lead_sees_contact_details_only_after_the_person_accepts(
    client, personas, opportunity, pat_member
):
    invitation = Invitation.objects.create(
        opportunity=opportunity, member=pat_member, sent_by=personas.cora
    )
    client.force_login(personas.leo)
    url = reverse("matching:opportunity-detail", args=[opportunity.pk])
    body = client.get(url).content.decode()
    assert "Shown once they accept" in body and pat_member.email not in body
    assert "Pat Example" not in body
    invitation.status = InvitationStatus.ACCEPTED
    invitation.save()
    TeamMember.objects.create(
        project=opportunity.project,
        pool_member=pat_member,
        is_patient_or_carer=True,
        joined_on=opportunity.start_date,
    )
    body = client.get(url).content.decode()
    assert pat_member.email in body and "Pat Example" in body


def test_a_lead_of_another_project_cannot_see_its_suggestions(client, personas, opportunity):
    other_lead = UserFactory(organisation=personas.trust, roles=[Role.PROJECT_LEAD])
    client.force_login(other_lead)
    assert client.get(reverse("matching:suggestions", args=[opportunity.pk])).status_code == 403
    assert (
        client.get(reverse("matching:opportunity-edit", args=[opportunity.pk])).status_code == 403
    )
    assert (
        client.post(reverse("matching:opportunity-close", args=[opportunity.pk])).status_code == 403
    )


def test_the_time_an_opportunity_asks_is_said_once_with_the_right_plural(
    client, personas, opportunity
):
    opportunity.time_commitment = "About 1 hours a month"
    opportunity.hours_per_month = 1
    opportunity.save()
    client.force_login(personas.sam)
    body = client.get(reverse("matching:opportunity-detail", args=[opportunity.pk])).content
    text = body.decode()
    assert text.count("bout 1 hour a month") == 1
    assert "1 hours" not in text
