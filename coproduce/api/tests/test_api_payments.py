import datetime

import pytest

from coproduce.api.tests.helpers import assert_refused, ids, problem_fields
from coproduce.payments import services
from coproduce.payments.tests.conftest import world  # noqa: F401 (the payments fixture)

pytestmark = pytest.mark.django_db


def test_finance_and_the_team_list_every_claim_newest_activity_first(api, world):  # noqa: F811
    older = world.submitted(on=datetime.date(2025, 6, 4))
    newer = world.submitted(world.carl_member, project=world.other_project)
    for person in (world.personas.fin, world.personas.cora):
        assert ids(api.get(person, "/api/claims")) == [newer.pk, older.pk]
    item = api.get(world.personas.fin, "/api/claims").json()["items"][1]
    assert item["reference"] == older.reference
    assert item["member"]["name"] == "Pat Example"
    assert item["total"] == str(older.total)


def test_a_lead_lists_only_their_projects_claims(api, world):  # noqa: F811
    own = world.submitted()
    world.submitted(world.carl_member, project=world.other_project)
    assert ids(api.get(world.personas.leo, "/api/claims")) == [own.pk]


def test_claims_filter_by_status_project_and_activity_date(api, world):  # noqa: F811
    draft = world.claim(on=datetime.date(2025, 6, 4))
    approved = world.approved(world.carl_member, project=world.other_project)
    fin = world.personas.fin
    assert ids(api.get(fin, "/api/claims", status="draft")) == [draft.pk]
    assert ids(api.get(fin, "/api/claims", project=world.other_project.pk)) == [approved.pk]
    assert ids(api.get(fin, "/api/claims", activity_to="2025-06-05")) == [draft.pk]
    fields = problem_fields(
        api.get(
            fin, "/api/claims", status="lost", activity_from="2025-07-01", activity_to="2025-06-01"
        )
    )
    assert set(fields) == {"status", "activity_to"}


def test_pool_members_cannot_list_claims_but_can_open_their_own(api, world):  # noqa: F811
    own = world.claim()
    carls = world.claim(world.carl_member)
    pat = world.personas.pat
    assert_refused(api.get(pat, "/api/claims"), 403)
    assert api.get(pat, f"/api/claims/{own.pk}").json()["reference"] == own.reference
    assert_refused(api.get(pat, f"/api/claims/{carls.pk}"), 404)


def test_a_claim_from_another_trust_or_another_project_is_not_found(api, world):  # noqa: F811
    claim = world.claim(world.carl_member, project=world.other_project)
    assert_refused(api.get(world.personas.olga, f"/api/claims/{claim.pk}"), 404)
    assert_refused(api.get(world.personas.leo, f"/api/claims/{claim.pk}"), 404)
    assert_refused(api.get(world.personas.sam, "/api/claims"), 403)


def test_finance_sees_batches_with_their_totals(api, world):  # noqa: F811
    first = world.approved()
    second = world.approved(world.carl_member)
    batch = services.create_batch(world.personas.trust, by=world.personas.fin)
    listed = api.get(world.personas.fin, "/api/batches").json()["items"]
    assert [(b["id"], b["payments"]) for b in listed] == [(batch.pk, 2)]
    assert listed[0]["total"] == str(first.total + second.total)
    detail = api.get(world.personas.fin, f"/api/batches/{batch.pk}").json()
    assert sorted(line["claim"] for line in detail["lines"]) == sorted([first.pk, second.pk])


@pytest.mark.parametrize("name", ["cora", "leo", "pat", "alice"])
def test_only_finance_sees_batches(api, world, name):  # noqa: F811
    world.approved()
    batch = services.create_batch(world.personas.trust, by=world.personas.fin)
    person = getattr(world.personas, name)
    assert_refused(api.get(person, "/api/batches"), 403)
    assert_refused(api.get(person, f"/api/batches/{batch.pk}"), 403)


def test_the_claim_list_costs_the_same_queries_however_long_the_page(api, world):  # noqa: F811
    for day in (2, 3):
        world.claim(on=datetime.date(2025, 6, day))
    few = api.queries(world.personas.fin, "/api/claims", limit=1)
    for day in range(4, 14):
        world.claim(world.carl_member, on=datetime.date(2025, 6, day))
    assert api.queries(world.personas.fin, "/api/claims", limit=12) == few
