import pytest

from coproduce.accounts.models import Role
from coproduce.accounts.tests.factories import UserFactory
from coproduce.api.tests.helpers import assert_refused, ids, problem_fields
from coproduce.pool.models import MemberKind, MemberStatus
from coproduce.pool.tests.factories import PoolMemberFactory, member_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(personas):
    pat = member_for(
        personas.pat,
        adjustments="Needs a quiet room",
        experience_notes="Ten years of using the service",
        declared_benefits=["esa"],
    )
    carl = member_for(personas.carl, kind=MemberKind.CARER, status=MemberStatus.PAUSED)
    return pat, carl


def test_the_team_lists_the_pool_without_sensitive_details(api, personas, pool):
    pat, carl = pool
    response = api.get(personas.cora, "/api/pool/members")
    assert ids(response) == [carl.pk, pat.pk]
    item = response.json()["items"][1]
    assert item["first_name"] == "Pat" and item["status"] == "active"
    assert "adjustments" not in item and "email" not in item
    assert ids(api.get(personas.cora, "/api/pool/members", status="paused")) == [carl.pk]
    assert ids(api.get(personas.cora, "/api/pool/members", kind="carer")) == [carl.pk]
    assert ids(api.get(personas.cora, "/api/pool/members", q="pat@")) == [pat.pk]
    assert "status" in problem_fields(api.get(personas.cora, "/api/pool/members", status="gone"))


def test_the_team_sees_a_members_sensitive_details(api, personas, pool):
    pat, _ = pool
    body = api.get(personas.cora, f"/api/pool/members/{pat.pk}").json()
    assert body["email"] == "pat@example.org"
    assert body["sensitive"]["adjustments"] == "Needs a quiet room"
    assert body["sensitive"]["declared_benefits"] == ["esa"]


@pytest.mark.parametrize("name", ["alice", "leo", "sam", "fin", "pat", "carl", "olga"])
def test_nobody_outside_the_involvement_team_sees_the_pool(api, personas, pool, name):
    user = getattr(personas, name)
    assert_refused(api.get(user, "/api/pool/members"), 403)
    # Not even a member's own record: their own pages are where they see it.
    assert_refused(api.get(user, f"/api/pool/members/{pool[0].pk}"), 403)


def test_another_trusts_team_cannot_open_a_member(api, personas, pool):
    elsewhere = UserFactory(organisation=personas.other_trust, roles=[Role.INVOLVEMENT_TEAM])
    assert_refused(api.get(elsewhere, f"/api/pool/members/{pool[0].pk}"), 404)
    assert ids(api.get(elsewhere, "/api/pool/members")) == []


def test_the_pool_list_costs_the_same_queries_however_long_the_page(api, personas):
    for _ in range(2):
        PoolMemberFactory(organisation=personas.trust)
    few = api.queries(personas.cora, "/api/pool/members", limit=1)
    for _ in range(10):
        PoolMemberFactory(organisation=personas.trust)
    assert api.queries(personas.cora, "/api/pool/members", limit=12) == few
