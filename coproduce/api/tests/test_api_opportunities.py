import datetime

import pytest

from coproduce.api.tests.helpers import assert_refused, ids, problem_fields
from coproduce.matching.models import OpportunityStatus
from coproduce.matching.tests.factories import InvitationFactory, OpportunityFactory
from coproduce.pool.tests.factories import member_for
from coproduce.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(personas):
    return make_project(personas, title="Calmer ward rounds")


@pytest.fixture
def opportunity(project):
    return OpportunityFactory(project=project, title="Join the ward rounds team")


def test_staff_list_opportunities_with_their_invitations_counted(
    api, personas, opportunity, project
):
    InvitationFactory(opportunity=opportunity, member=member_for(personas.pat))
    closed = OpportunityFactory(project=project, status=OpportunityStatus.CLOSED)
    response = api.get(personas.sam, "/api/opportunities")
    # Same start date: by title ("Join the team 1" before "Join the ward rounds team").
    assert ids(response) == [closed.pk, opportunity.pk]
    first = response.json()["items"][1]
    assert first["project"] == {"id": project.pk, "name": "Calmer ward rounds"}
    assert first["waiting"] == 1 and first["accepted"] == 0
    assert ids(api.get(personas.sam, "/api/opportunities", status="closed")) == [closed.pk]
    assert ids(api.get(personas.sam, "/api/opportunities", project=project.pk + 99)) == []


def test_opportunities_filter_by_start_date(api, personas, project):
    soon = OpportunityFactory(project=project, start_date=datetime.date(2026, 12, 1))
    later = OpportunityFactory(project=project, start_date=datetime.date(2027, 6, 1))
    assert ids(api.get(personas.leo, "/api/opportunities", starts_to="2027-01-01")) == [soon.pk]
    assert ids(api.get(personas.leo, "/api/opportunities", starts_from="2027-01-01")) == [later.pk]
    assert "status" in problem_fields(api.get(personas.leo, "/api/opportunities", status="x"))


@pytest.mark.parametrize("name", ["pat", "fin"])
def test_pool_members_and_finance_cannot_see_opportunities(api, personas, opportunity, name):
    assert_refused(api.get(getattr(personas, name), "/api/opportunities"), 403)
    assert_refused(api.get(getattr(personas, name), f"/api/opportunities/{opportunity.pk}"), 403)


def test_an_opportunity_is_seen_only_in_its_own_trust(api, personas, opportunity):
    body = api.get(personas.leo, f"/api/opportunities/{opportunity.pk}").json()
    assert body["title"] == "Join the ward rounds team"
    assert body["required_courses"] == []
    assert_refused(api.get(personas.olga, f"/api/opportunities/{opportunity.pk}"), 404)
    assert ids(api.get(personas.olga, "/api/opportunities")) == []
