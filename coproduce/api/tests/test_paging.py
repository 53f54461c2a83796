"""Lists page in two steps: the page's ids from a lean query, then the full rows for those ids."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.api.pagination import Pages, TwoStep, in_order
from coproduce.api.tests.helpers import ids
from coproduce.matching.tests.factories import InvitationFactory, OpportunityFactory
from coproduce.payments import services as payments
from coproduce.payments.tests.conftest import world  # noqa: F401 (the payments fixture)
from coproduce.pool.tests.factories import member_for
from coproduce.projects.models import Project
from coproduce.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db


def _project_queries(api, personas, **params):
    api.get(personas.leo, "/api/projects", **params)  # brings the month's measure up to date
    with CaptureQueriesContext(connection) as captured:
        response = api.get(personas.leo, "/api/projects", **params)
    assert response.status_code == 200, response.content
    return [query["sql"] for query in captured if "projects_project" in query["sql"]]


def test_a_project_page_reads_ids_first_then_the_rows_for_those_ids(api, personas):
    for number in range(5):
        make_project(personas, title=f"Project {number}")
    sql = _project_queries(api, personas, limit=2, offset=1)
    keys, rows, count = sql
    # Step one: only the ids of the page, without the joins and the month's level.
    columns = keys.split(" FROM ")[0]
    assert columns.startswith('SELECT "projects_project"."id"') and "," not in columns
    assert "JOIN" not in keys and "involvement_monthlylevel" not in keys
    assert "LIMIT 2" in keys and "OFFSET 1" in keys
    assert "COUNT(" in count and "JOIN" not in count and "monthlylevel" not in count
    # Step two: the full rows, for just those ids.
    assert "JOIN" in rows and "involvement_monthlylevel" in rows and " IN (" in rows
    assert "OFFSET" not in rows


def test_filtering_by_level_works_out_the_level_only_to_filter(api, personas):
    make_project(personas, title="One")
    keys = _project_queries(api, personas, level="little_i")[0]
    assert "involvement_monthlylevel" in keys and "JOIN" not in keys


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 7, 50])
def test_pages_join_up_into_the_whole_ordered_list(api, personas, limit):
    made = [make_project(personas, title=t) for t in ["B", "a", "B", "C", "A", "B", "C"]]
    expected = [
        p.pk for p in Project.objects.filter(pk__in=[p.pk for p in made]).order_by("title", "pk")
    ]
    pages = []
    for offset in range(0, len(made) + limit, limit):
        reply = api.get(personas.leo, "/api/projects", limit=limit, offset=offset)
        assert reply.json()["count"] == len(made)
        pages.append(ids(reply))
    assert sum(pages, []) == expected


def test_a_page_past_the_end_is_empty_but_still_counts(api, personas):
    make_project(personas, title="Only one")
    reply = api.get(personas.leo, "/api/projects", limit=10, offset=5)
    assert reply.json() == {"items": [], "count": 1}


def test_opportunities_cost_the_same_queries_however_long_the_page(api, personas):
    project = make_project(personas, title="Calmer ward rounds")
    for day in (1, 2):
        opportunity = OpportunityFactory(project=project, start_date=datetime.date(2026, 5, day))
    InvitationFactory(opportunity=opportunity, member=member_for(personas.pat))
    few = api.queries(personas.sam, "/api/opportunities", limit=1)
    for day in range(3, 15):
        OpportunityFactory(project=project, start_date=datetime.date(2026, 5, day))
    assert api.queries(personas.sam, "/api/opportunities", limit=12) == few
    listed = api.get(personas.sam, "/api/opportunities", limit=2).json()["items"]
    assert [item["waiting"] for item in listed] == [0, 1]


def test_batches_cost_the_same_queries_however_long_the_page(api, world):  # noqa: F811
    fin = world.personas.fin
    world.approved()
    payments.create_batch(world.personas.trust, by=fin)
    few = api.queries(fin, "/api/batches", limit=1)
    made = []
    for _ in range(3):
        world.approved(world.carl_member)
        made.append(payments.create_batch(world.personas.trust, by=fin))
    assert api.queries(fin, "/api/batches", limit=12) == few
    listed = api.get(fin, "/api/batches", limit=2).json()["items"]
    assert [(b["id"], b["payments"]) for b in listed] == [(made[2].pk, 1), (made[1].pk, 1)]


def test_a_two_step_list_needs_a_fixed_order(personas):
    with pytest.raises(ValueError, match="fixed order"):
        TwoStep(keys=Project.objects.order_by(), rows=Project.objects.all())


def test_pages_refuse_a_list_not_paged_in_two_steps(rf, personas):
    with pytest.raises(TypeError, match="TwoStep"):
        Pages().paginate_queryset(
            Project.objects.order_by("pk"), Pages.Input(), rf.get("/api/projects")
        )


def test_rows_come_back_in_the_order_of_the_ids_leaving_out_any_not_allowed(personas):
    first, second, third = (make_project(personas, title=t) for t in "XYZ")
    allowed = Project.objects.exclude(pk=second.pk)
    with CaptureQueriesContext(connection) as captured:
        rows = in_order(allowed, [third.pk, second.pk, first.pk])
    assert rows == [third, first]
    assert len(captured) == 1
    with CaptureQueriesContext(connection) as captured:
        assert in_order(allowed, []) == []
    assert len(captured) == 0
