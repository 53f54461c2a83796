"""Recalculating a chart's limits from a month, with a reason: who may, what the page advises,
what the chart, its table and the API show, and undoing it."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.accounts.models import Role
from coproduce.accounts.tests.factories import UserFactory
from coproduce.api.tests.conftest import Caller
from coproduce.audit.models import AuditEvent
from coproduce.involvement import services
from coproduce.involvement.models import LimitChange
from coproduce.projects import services as project_services
from coproduce.projects.tests.factories import make_project

D = datetime.date
pytestmark = pytest.mark.django_db
STEP = D(2025, 11, 30)
REASON = "Involvement coordinators in post"


def _big_i(project, personas, on):
    for stage in ("focus", "team", "change_ideas", "pdsa", "reporting"):
        services.add_record(
            project,
            by=personas.cora,
            stage=stage,
            how="co_led",
            pool_member=None,
            outside_name="Rosa Jones",
            started_on=on,
            ended_on=None,
            evidence="Worked on it throughout",
        )


@pytest.fixture
def api():
    """The API called with a token, from a client of its own (not the signed-in page client)."""
    return Caller(Client())


@pytest.fixture
def stepped(personas):
    """Two projects since January 2025: one with Big I throughout, the other from November
    2025, so the measure steps from 50% to 100%."""
    _big_i(make_project(personas, title="Co-designed discharge"), personas, D(2025, 1, 20))
    _big_i(make_project(personas, title="Staff rota review"), personas, D(2025, 11, 5))


def _post(client, url, **data):
    return client.post(url, {"kind": "recalculate", **data})


def test_the_team_recalculates_the_trust_chart_and_everyone_sees_the_break(
    client, api, personas, stepped
):
    before = api.get(personas.sam, "/api/measures/trust").json()
    assert before["assurance_icon"] == "hit_or_miss"
    client.force_login(personas.cora)
    url = reverse("involvement:limits")
    page = client.get(url)
    assert page.status_code == 200
    assert "A sustained shift is running" in page.content.decode()
    response = _post(client, url, month=STEP.isoformat(), reason=REASON)
    assert response.status_code == 302
    change = LimitChange.objects.get()
    assert (change.month, change.kind, change.reason, change.warnings) == (
        STEP,
        "recalculate",
        REASON,
        [],
    )
    assert change.directorate is None and change.created_by == personas.cora
    event = AuditEvent.objects.get(action="measure.limits_changed")
    assert event.changes["reason"] == [None, REASON]
    client.force_login(personas.sam)
    dashboard = client.get(reverse("involvement:dashboard")).content.decode()
    assert f"Limits recalculated: {REASON}" in dashboard
    assert 'class="recalculation"' in dashboard
    body = api.get(personas.sam, "/api/measures/trust").json()
    points = {p["month_end"]: p for p in body["points"]}
    assert points[STEP.isoformat()]["limits_recalculated"] == f"Limits recalculated: {REASON}"
    assert points["2025-10-31"]["mean"] == 50.0 and points[STEP.isoformat()]["mean"] == 100.0
    assert body["assurance_icon"] == "pass"


def test_a_month_without_a_shift_is_warned_about_and_needs_confirming(client, personas, stepped):
    client.force_login(personas.cora)
    url = reverse("involvement:limits")
    response = _post(client, url, month="2025-06-30", reason="New rota")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Against Making Data Count guidance" in text and "no sustained shift" in text
    assert not LimitChange.objects.exists()
    response = _post(client, url, month="2025-06-30", reason="New rota", accept_warnings="on")
    assert response.status_code == 302
    change = LimitChange.objects.get()
    assert "no sustained shift" in change.warnings[0]


def test_bad_input_changes_nothing(client, personas, stepped):
    client.force_login(personas.cora)
    url = reverse("involvement:limits")
    for data, message in [
        ({"month": STEP.isoformat()}, "Enter why the process changed"),
        ({"month": "2031-01-31", "reason": REASON}, "Select the month"),
        ({"month": "2025-01-31", "reason": REASON}, "The limits already start at the first"),
        (
            {"month": STEP.isoformat(), "reason": REASON, "kind": "baseline"},
            "Enter how many points are in the baseline",
        ),
        (
            {
                "month": STEP.isoformat(),
                "reason": REASON,
                "kind": "baseline",
                "baseline_points": 99,
            },
            "There are only",
        ),
    ]:
        response = client.post(url, {"kind": "recalculate", **data})
        assert response.status_code == 200
        assert message in response.content.decode(), data
    assert not LimitChange.objects.exists()


def test_a_fixed_baseline_sets_the_limits_from_its_first_points(client, api, personas, stepped):
    client.force_login(personas.cora)
    url = reverse("involvement:limits-directorate", args=[personas.directorate.pk])
    response = client.post(
        url, {"kind": "baseline", "month": "2025-01-31", "baseline_points": 6, "reason": "Pilot"}
    )
    assert response.status_code == 302
    body = api.get(personas.sam, f"/api/measures/directorates/{personas.directorate.pk}").json()
    # The first six months (all 50%) set the mean for the whole chart.
    assert {p["mean"] for p in body["points"]} == {50.0}
    assert body["points"][0]["limits_recalculated"] == "Baseline of 6 points fixed: Pilot"


def test_undo_takes_the_break_off_the_chart_and_is_audited(client, api, personas, stepped):
    client.force_login(personas.cora)
    _post(client, reverse("involvement:limits"), month=STEP.isoformat(), reason=REASON)
    change = LimitChange.objects.get()
    response = client.post(reverse("involvement:limits-undo", args=[change.pk]))
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.undone_at is not None and change.undone_by == personas.cora
    assert AuditEvent.objects.filter(action="measure.limits_change_undone").exists()
    body = api.get(personas.sam, "/api/measures/trust").json()
    assert all(p["limits_recalculated"] is None for p in body["points"])
    assert len({p["mean"] for p in body["points"]}) == 1
    # Undone once is undone: a second undo finds nothing.
    assert client.post(reverse("involvement:limits-undo", args=[change.pk])).status_code == 404


def test_only_the_involvement_team_of_the_trust_changes_its_limits(client, personas, stepped):
    urls = [
        reverse("involvement:limits"),
        reverse("involvement:limits-directorate", args=[personas.directorate.pk]),
        reverse("involvement:limits-service", args=[personas.service.pk]),
    ]
    for person in (personas.sam, personas.leo, personas.pat, personas.fin, personas.alice):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 403, (person, url)
            assert _post(client, url, month=STEP.isoformat(), reason=REASON).status_code == 403
    elsewhere = UserFactory(organisation=personas.other_trust, roles=[Role.INVOLVEMENT_TEAM])
    client.force_login(elsewhere)
    for url in urls[1:]:
        assert client.get(url).status_code == 404
    assert not LimitChange.objects.exists()
    client.force_login(personas.cora)
    _post(client, urls[0], month=STEP.isoformat(), reason=REASON)
    change = LimitChange.objects.get()
    for person, status in [(personas.sam, 403), (personas.pat, 403), (elsewhere, 404)]:
        client.force_login(person)
        assert client.post(reverse("involvement:limits-undo", args=[change.pk])).status_code == (
            status
        )
    change.refresh_from_db()
    assert change.undone_at is None


@pytest.fixture
def lead_measure(personas):
    project = make_project(personas, title="Fewer missed appointments")
    item = project_services.add_measure(
        project, by=personas.leo, name="Missed appointments", kind="outcome", improvement="down"
    )
    for month in range(1, 21):
        project_services.record_value(
            item,
            recorded_for=D(2025, month, 1) if month <= 12 else D(2026, month - 12, 1),
            value=Decimal(30 if month <= 8 else 12) + month % 3,
            by=personas.leo,
        )
    return project, item


def test_the_lead_recalculates_a_project_measure(client, personas, lead_measure):
    project, item = lead_measure
    url = reverse("projects:measure-limits", args=[project.pk, item.pk])
    client.force_login(personas.leo)
    detail = client.get(reverse("projects:measure", args=[project.pk, item.pk])).content.decode()
    assert "A sustained shift is running" in detail
    response = client.post(
        url,
        {"kind": "recalculate", "month": "2025-09-01", "reason": "Text reminders started"},
    )
    # 12 points from September 2025: fewer than the minimum, so the page warns first.
    assert (
        response.status_code == 200 and "The new section has 12 points" in response.content.decode()
    )
    response = client.post(
        url,
        {
            "kind": "recalculate",
            "month": "2025-09-01",
            "reason": "Text reminders started",
            "accept_warnings": "on",
        },
    )
    assert response.status_code == 302
    detail = client.get(reverse("projects:measure", args=[project.pk, item.pk])).content.decode()
    assert "Limits recalculated: Text reminders started" in detail
    change = LimitChange.objects.get()
    assert change.project_measure == item
    client.post(reverse("involvement:limits-undo", args=[change.pk]))
    change.refresh_from_db()
    assert change.undone_at is not None


def test_only_the_lead_changes_a_project_measures_limits(client, personas, lead_measure):
    project, item = lead_measure
    url = reverse("projects:measure-limits", args=[project.pk, item.pk])
    for person in (personas.cora, personas.sam, personas.alice, personas.pat):
        client.force_login(person)
        assert client.get(url).status_code in (403, 404), person
        client.post(url, {"kind": "recalculate", "month": "2025-09-01", "reason": "x"})
    client.force_login(personas.olga)
    assert client.get(url).status_code == 404
    assert not LimitChange.objects.exists()
    change = LimitChange.objects.create(
        organisation=personas.trust,
        project_measure=item,
        month=D(2025, 9, 1),
        kind="recalculate",
        reason="x",
    )
    for person, status in [(personas.cora, 404), (personas.sam, 404), (personas.olga, 404)]:
        client.force_login(person)
        assert client.post(reverse("involvement:limits-undo", args=[change.pk])).status_code == (
            status
        )
    change.refresh_from_db()
    assert change.undone_at is None
