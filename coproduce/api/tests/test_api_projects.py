import datetime

import pytest

from coproduce.api.models import ApiToken
from coproduce.api.tests.helpers import assert_refused, ids, problem_fields
from coproduce.audit.models import AuditEvent
from coproduce.involvement.models import InvolvementRecord
from coproduce.organisations.tests.factories import DirectorateFactory, ServiceFactory
from coproduce.pool.tests.factories import member_for
from coproduce.projects import services
from coproduce.projects.models import ProjectStatus
from coproduce.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward(personas):
    """A project on Willow Ward with Pat (from the pool) on its team."""
    project = make_project(personas, title="Calmer nights", service=personas.service)
    pat = member_for(personas.pat)
    services.add_team_member(
        project,
        pool_member=pat,
        joined_on=datetime.date(2025, 2, 1),
        role_on_team="Expert by experience",
        by=personas.leo,
    )
    return project


def test_staff_list_their_trusts_projects_and_nobody_elses(api, personas, ward):
    make_project(
        personas,
        title="Elsewhere's project",
        organisation=personas.other_trust,
        directorate=DirectorateFactory(organisation=personas.other_trust),
        lead=personas.olga,
    )
    response = api.get(personas.sam, "/api/projects")
    assert ids(response) == [ward.pk]
    item = response.json()["items"][0]
    assert item["title"] == "Calmer nights"
    assert item["service"] == {"id": personas.service.pk, "name": "Willow Ward"}
    assert item["lead"]["name"] == personas.leo.display_name
    assert item["level"] == "little_i"
    assert [p["title"] for p in api.get(personas.olga, "/api/projects").json()["items"]] == [
        "Elsewhere's project"
    ]


@pytest.mark.parametrize("name", ["pat", "fin"])
def test_pool_members_and_finance_cannot_list_projects(api, personas, ward, name):
    assert_refused(api.get(getattr(personas, name), "/api/projects"), 403)


def test_the_list_filters_by_directorate_service_status_level_and_date(api, personas, ward):
    other = DirectorateFactory(organisation=personas.trust, name="Older Adults")
    older = make_project(
        personas,
        title="Memory clinic letters",
        directorate=other,
        start_date=datetime.date(2026, 3, 1),
    )
    stopped = make_project(personas, title="Stopped work", start_date=datetime.date(2025, 6, 1))
    services.change_status(
        stopped,
        status=ProjectStatus.STOPPED,
        changed_on=datetime.date(2025, 9, 1),
        note="",
        by=personas.leo,
    )

    def listed(**params):
        return ids(api.get(personas.leo, "/api/projects", **params))

    assert listed(directorate=other.pk) == [older.pk]
    assert listed(service=personas.service.pk) == [ward.pk]
    assert listed(status="stopped") == [stopped.pk]
    assert listed(level="little_i") == [ward.pk]
    assert listed(started_from="2026-01-01") == [older.pk]
    assert listed(started_to="2025-12-31") == [ward.pk, stopped.pk]
    assert listed(q="memory") == [older.pk]
    assert listed(directorate=ServiceFactory().directorate_id) == []


def test_pages_are_stable_and_ordered_by_title_then_id(api, personas):
    made = [make_project(personas, title=title) for title in ["B", "A", "B", "C", "A"]]
    expected = [p.pk for p in sorted(made, key=lambda p: (p.title, p.pk))]
    first = api.get(personas.leo, "/api/projects", limit=2, offset=0).json()
    assert first["count"] == 5
    pages = [ids(api.get(personas.leo, "/api/projects", limit=2, offset=o)) for o in (0, 2, 4)]
    assert sum(pages, []) == expected


def test_bad_filter_values_get_a_problem_with_a_message_per_field(api, personas):
    fields = problem_fields(
        api.get(personas.leo, "/api/projects", status="finished", limit=0, started_from="0")
    )
    assert set(fields) == {"status", "limit", "started_from"}
    assert "'active'" in fields["status"]
    assert "YYYY-MM-DD" in fields["started_from"]
    fields = problem_fields(
        api.get(personas.leo, "/api/projects", started_from="2026-02-01", started_to="2026-01-01")
    )
    assert fields == {"started_to": "Value error, must be on or after started_from"}
    assert problem_fields(api.get(personas.leo, "/api/projects", directorate=2**40))["directorate"]


def test_a_list_costs_the_same_queries_however_long_the_page(api, personas):
    for number in range(3):
        make_project(personas, title=f"Project {number}")
    api.queries(
        personas.leo, "/api/projects"
    )  # the month's first call brings the measure up to date
    few = api.queries(personas.leo, "/api/projects", limit=1)
    for number in range(3, 12):
        make_project(personas, title=f"Project {number}")
    assert api.queries(personas.leo, "/api/projects", limit=12) == few


def test_a_project_shows_its_team_level_and_reasons(api, personas, ward):
    body = api.get(personas.sam, f"/api/projects/{ward.pk}").json()
    assert [(m["name"], m["is_patient_or_carer"]) for m in body["team"]] == [
        ("Leo Example", False),
        ("Pat Example", True),
    ]
    assert body["involvement"]["level"] == "little_i"
    assert body["involvement"]["explanation"]
    assert [s["stage"] for s in body["involvement"]["stages"]][:2] == ["focus", "team"]
    assert body["ledger"][0]["person"] == "Pat Example"
    assert body["ledger"][0]["source"] == "On the project team"


def test_a_patient_on_the_team_sees_the_project_but_not_the_ledger(api, personas, ward):
    body = api.get(personas.pat, f"/api/projects/{ward.pk}").json()
    assert body["title"] == "Calmer nights"
    assert body["ledger"] is None
    assert_refused(api.get(personas.pat, f"/api/projects/{ward.pk}/ledger"), 403)


def test_a_pool_member_not_on_the_team_is_refused(api, personas, ward):
    assert_refused(api.get(personas.carl, f"/api/projects/{ward.pk}"), 403)


def test_another_trust_and_guessed_ids_are_not_found(api, personas, ward):
    assert_refused(api.get(personas.olga, f"/api/projects/{ward.pk}"), 404)
    assert_refused(api.get(personas.leo, f"/api/projects/{ward.pk + 1000}"), 404)


def _entry(**changes):
    return {
        "stage": "focus",
        "who": "outside",
        "outside_name": "Rosa Jones",
        "how": "co_led",
        "started_on": "2025-03-03",
        "evidence": "Co-chaired the focus workshop",
        **changes,
    }


def test_the_lead_records_involvement_through_the_service(api, personas, ward):
    response = api.post(personas.leo, f"/api/projects/{ward.pk}/ledger", _entry())
    assert response.status_code == 201, response.content
    assert response.json()["person"] == "Rosa Jones"
    assert response.json()["source"] == "Recorded by hand"
    assert AuditEvent.objects.filter(action="involvement.record_added").count() == 1
    ledger = api.get(personas.sam, f"/api/projects/{ward.pk}/ledger").json()
    assert "Rosa Jones" in [e["person"] for e in ledger]


def test_a_bad_entry_is_refused_with_the_pages_messages_and_changes_nothing(api, personas, ward):
    fields = problem_fields(
        api.post(
            personas.leo,
            f"/api/projects/{ward.pk}/ledger",
            _entry(who="pool", started_on="2024-01-01", ended_on="2025-04-01", evidence=""),
        )
    )
    assert fields == {
        "pool_member": "Select a patient or carer from the pool",
        "started_on": "When must be on or after the project's start date",
        "ended_on": "Only the team stage has a date they left",
        "evidence": "Enter a short note of the evidence",
    }
    assert not InvolvementRecord.objects.exists()


def test_only_people_who_may_change_the_ledger_can_add_to_it(api, personas, ward):
    assert_refused(api.post(personas.sam, f"/api/projects/{ward.pk}/ledger", _entry()), 403)
    assert_refused(api.post(personas.pat, f"/api/projects/{ward.pk}/ledger", _entry()), 403)
    assert_refused(api.post(personas.olga, f"/api/projects/{ward.pk}/ledger", _entry()), 404)
    assert not InvolvementRecord.objects.exists()


def _send(api, user, project, body, key):
    return api.client.post(
        f"/api/projects/{project.pk}/ledger",
        body,
        content_type="application/json",
        headers={**api.headers(user), "Idempotency-Key": key},
    )


def test_an_entry_sent_again_with_its_key_is_recorded_once_and_answered_the_same(
    api, personas, ward
):
    first = _send(api, personas.leo, ward, _entry(), "2f1c3a4e-first-try")
    again = _send(api, personas.leo, ward, _entry(), "2f1c3a4e-first-try")
    assert first.status_code == again.status_code == 201, again.content
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert InvolvementRecord.objects.count() == 1
    assert AuditEvent.objects.filter(action="involvement.record_added").count() == 1
    # A new key is a new entry.
    assert _send(api, personas.leo, ward, _entry(), "another-key").status_code == 201
    assert InvolvementRecord.objects.count() == 2


def test_a_key_sent_with_a_different_entry_is_refused_and_changes_nothing(api, personas, ward):
    assert _send(api, personas.leo, ward, _entry(), "k-1").status_code == 201
    response = _send(api, personas.leo, ward, _entry(evidence="Something else"), "k-1")
    assert_refused(response, 422)
    assert "already used for a different request" in response.json()["detail"]
    other = make_project(personas, title="Another project")
    assert_refused(_send(api, personas.leo, other, _entry(), "k-1"), 422)
    assert InvolvementRecord.objects.count() == 1


def test_keys_belong_to_the_token_that_sent_them(api, personas, ward):
    first = _send(api, personas.leo, ward, _entry(), "shared-key")
    assert first.status_code == 201
    # Another person's token, or another of Leo's own, with the same key does its own work and
    # never sees the first reply.
    cora = _send(api, personas.cora, ward, _entry(), "shared-key")
    second_token = ApiToken.issue(personas.leo, "second")[1]
    other_token = api.client.post(
        f"/api/projects/{ward.pk}/ledger",
        _entry(),
        content_type="application/json",
        headers={"Authorization": f"Bearer {second_token}", "Idempotency-Key": "shared-key"},
    )
    assert cora.status_code == other_token.status_code == 201
    record_ids = {r.json()["record_id"] for r in (first, cora, other_token)}
    assert len(record_ids) == 3
    assert InvolvementRecord.objects.count() == 3


def test_a_browser_session_keys_by_the_signed_in_person(client, personas, ward):
    client.force_login(personas.leo)
    headers = {"Idempotency-Key": "from-the-browser"}
    path = f"/api/projects/{ward.pk}/ledger"
    first = client.post(path, _entry(), content_type="application/json", headers=headers)
    again = client.post(path, _entry(), content_type="application/json", headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert InvolvementRecord.objects.count() == 1


def test_a_refused_entry_is_not_kept_so_it_can_be_corrected_and_sent_with_its_key(
    api, personas, ward
):
    problem_fields(_send(api, personas.leo, ward, _entry(evidence=""), "fix-me"))
    assert _send(api, personas.leo, ward, _entry(), "fix-me").status_code == 201
    assert InvolvementRecord.objects.count() == 1


@pytest.mark.parametrize("key", ["", "has spaces", "x" * 256, "naïve"])
def test_a_key_that_is_not_visible_ascii_is_refused(api, personas, ward, key):
    problem_fields(_send(api, personas.leo, ward, _entry(), key))
    assert not InvolvementRecord.objects.exists()


def test_the_openapi_document_describes_the_key(client):
    operation = client.get("/api/openapi.json").json()["paths"][
        "/api/projects/{project_id}/ledger"
    ]["post"]
    (header,) = [p for p in operation["parameters"] if p["in"] == "header"]
    assert header["name"] == "Idempotency-Key"
    assert header["required"] is False
    assert "same key" in header["description"]
    assert "Idempotency-Key" in operation["description"]
