"""Checks running out, as on the team's "Checks running out" page: the same rows, soonest first,
for the involvement team of the same trust only, and never a check's reference number."""

import pytest

from coproduce.accounts.models import Role
from coproduce.accounts.tests.factories import UserFactory
from coproduce.api.tests.helpers import assert_refused, ids, problem_fields
from coproduce.pool import services
from coproduce.pool.models import Check, CheckKind
from coproduce.pool.tests.checks import SECRET, in_days, running_out
from coproduce.pool.tests.factories import CheckFactory, PoolMemberFactory

pytestmark = pytest.mark.django_db

URL = "/api/pool/checks-running-out"


@pytest.fixture
def checks(personas):  # type: ignore[no-untyped-def]
    return running_out(personas)


def test_the_team_gets_the_pages_rows_soonest_first(api, personas, checks):
    response = api.get(personas.cora, URL)
    assert ids(response) == [checks["rita"].pk, checks["pam"].pk, checks["pat"].pk]
    body = response.json()
    assert body["count"] == 3
    rita, pam, pat = body["items"]
    assert rita == {
        "id": checks["rita"].pk,
        "member": {"id": checks["rita"].member_id, "name": "Rita Singh", "status": "active"},
        "kind": "references",
        "kind_name": "References",
        "expires_on": in_days(-3).isoformat(),
        "days_left": -3,
        "state": "Expired",
        "last_reminder": {
            "stage": "expired",
            "name": "When it ran out",
            "sent_on": in_days(-2).isoformat(),
        },
    }
    assert pam["member"]["status"] == "paused" and pam["state"] == "Runs out in 5 days"
    assert pam["last_reminder"] is None
    assert (pat["kind"], pat["days_left"], pat["state"]) == ("dbs", 40, "Runs out in 40 days")


def test_an_other_check_is_named_by_its_own_name(api, personas):
    rita = PoolMemberFactory(organisation=personas.trust, first_name="Rita", last_name="Singh")
    CheckFactory(
        member=rita,
        kind=CheckKind.OTHER,
        name="Occupational health clearance",
        expires_on=in_days(3),
    )
    (item,) = api.get(personas.cora, URL).json()["items"]
    assert (item["kind"], item["kind_name"]) == ("other", "Occupational health clearance")


def test_the_rows_are_the_pages_rows(api, client, personas, checks):
    """The page and the API list the same checks in the same order."""
    client.force_login(personas.cora)
    page = client.get("/pool/checks/").content.decode()
    items = api.get(personas.cora, URL).json()["items"]
    listed = [item["member"]["name"] for item in items]
    assert listed[:2] == ["Rita Singh", "Pam Okafor"]
    assert all(name in page for name in listed)
    positions = [page.index(name) for name in listed]
    assert positions == sorted(positions)
    assert ids(api.get(personas.cora, URL)) == [
        check.pk for check in services.checks_running_out(personas.trust)
    ]


def test_a_checks_reference_number_is_never_sent(api, personas, checks):
    response = api.get(personas.cora, URL)
    assert SECRET not in response.content.decode()
    for item in response.json()["items"]:
        assert "reference" not in item
    assert Check.objects.filter(reference=SECRET).exists()


def test_within_days_keeps_the_ones_running_out_sooner_and_those_that_have_run_out(
    api, personas, checks
):
    assert ids(api.get(personas.cora, URL, within_days=5)) == [
        checks["rita"].pk,
        checks["pam"].pk,
    ]
    assert ids(api.get(personas.cora, URL, within_days=4)) == [checks["rita"].pk]
    assert ids(api.get(personas.cora, URL, within_days=40))[-1] == checks["pat"].pk
    assert ids(api.get(personas.cora, URL, within_days=60)) == ids(api.get(personas.cora, URL))


@pytest.mark.parametrize("value", ["0", "61", "-1", "1.5", "soon", "99999999999999999999999"])
def test_a_wrong_within_days_is_a_problem(api, personas, checks, value):
    assert "within_days" in problem_fields(api.get(personas.cora, URL, within_days=value))


def test_the_list_pages(api, personas, checks):
    first = api.get(personas.cora, URL, limit=2)
    second = api.get(personas.cora, URL, limit=2, offset=2)
    assert ids(first) + ids(second) == [checks["rita"].pk, checks["pam"].pk, checks["pat"].pk]
    assert first.json()["count"] == second.json()["count"] == 3
    assert ids(api.get(personas.cora, URL, limit=2, offset=3)) == []
    assert "limit" in problem_fields(api.get(personas.cora, URL, limit=201))


@pytest.mark.parametrize("name", ["alice", "leo", "sam", "fin", "pat", "carl", "olga"])
def test_nobody_outside_the_involvement_team_sees_checks(api, personas, checks, name):
    assert_refused(api.get(getattr(personas, name), URL), 403)
    assert_refused(api.get(getattr(personas, name), URL, within_days=5), 403)


def test_another_trusts_team_sees_only_its_own_checks(api, personas, checks):
    elsewhere = UserFactory(organisation=personas.other_trust, roles=[Role.INVOLVEMENT_TEAM])
    response = api.get(elsewhere, URL)
    assert ids(response) == [checks["outsider"].pk]
    assert "Rita Singh" not in response.content.decode()
    assert checks["outsider"].pk not in ids(api.get(personas.cora, URL))


def test_the_list_costs_the_same_queries_however_long_the_page(api, personas):
    for days in range(2):
        CheckFactory(
            member=PoolMemberFactory(organisation=personas.trust), expires_on=in_days(days)
        )
    few = api.queries(personas.cora, URL, limit=1)
    for days in range(10):
        CheckFactory(
            member=PoolMemberFactory(organisation=personas.trust), expires_on=in_days(days)
        )
    assert api.queries(personas.cora, URL, limit=12) == few
