"""The dashboard: who sees it, what it shows, and its cost at any size."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from coproduce.involvement import measure, services
from coproduce.involvement.models import How, Stage
from coproduce.projects import services as project_services
from coproduce.projects.tests.factories import make_project

D = datetime.date
pytestmark = pytest.mark.django_db


def test_staff_see_the_dashboard_and_others_do_not(client, personas):
    url = reverse("involvement:dashboard")
    for person, status in [
        (personas.leo, 200),
        (personas.sam, 200),
        (personas.cora, 200),
        (personas.alice, 200),
        (personas.fin, 403),
        (personas.pat, 403),
    ]:
        client.force_login(person)
        assert client.get(url).status_code == status, person
    client.logout()
    assert client.get(url).status_code == 302


def test_the_dashboard_takes_the_same_queries_for_more_projects(
    client, personas, django_assert_max_num_queries
):
    make_project(personas, start_date=D(2025, 1, 10))
    client.force_login(personas.sam)
    client.get(reverse("involvement:dashboard"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("involvement:dashboard"))
    for number in range(6):
        make_project(personas, title=f"Project {number}", start_date=D(2025, 4, 1))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("involvement:dashboard"))
    assert len(many) == len(few)


def test_the_drill_down_lists_projects_by_what_is_missing_with_a_way_to_ask_for_a_match(
    client, personas, pat_member
):
    ready = make_project(personas, title="Has everything")
    project_services.add_team_member(
        ready, pool_member=pat_member, joined_on=D(2025, 1, 10), by=personas.leo
    )
    services.add_record(
        ready,
        by=personas.leo,
        stage=Stage.FOCUS,
        how=How.TOOK_PART,
        pool_member=pat_member,
        started_on=D(2025, 1, 10),
    )
    no_team = make_project(personas, title="Needs a patient on the team")
    services.add_record(
        no_team,
        by=personas.leo,
        stage=Stage.FOCUS,
        how=How.TOOK_PART,
        outside_name="Jo",
        started_on=D(2025, 1, 10),
    )
    nothing = make_project(personas, title="Nothing yet")
    client.force_login(personas.cora)
    text = client.get(reverse("involvement:not-yet-meaningful")).content.decode()
    assert "Has everything" not in text
    assert text.index("Nothing yet") < text.index("Needs a patient on the team")
    assert f"?project={nothing.pk}" in text or reverse("pages:contact") in text


def test_the_csv_holds_the_trust_and_each_directorate(client, personas):
    make_project(personas, start_date=D(2025, 1, 10))
    client.force_login(personas.sam)
    response = client.get(reverse("involvement:dashboard-csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert {r["area"] for r in rows} == {"trust", "directorate"}
    january = next(r for r in rows if r["area"] == "trust" and r["month_end"] == "2025-01-31")
    assert (january["active_projects"], january["percent_big_i"]) == ("1", "0.0")
    assert january["month_complete"] == "yes"
    latest = [r for r in rows if r["area"] == "trust"][-1]
    assert latest["month_end"] == measure.current_month_end().isoformat()
    assert latest["month_complete"] == "no, so far"


def test_settings_explain_errors_and_only_coordinators_or_admins_change_them(client, personas):
    url = reverse("involvement:settings")
    client.force_login(personas.leo)
    assert client.get(url).status_code == 403
    client.force_login(personas.cora)
    response = client.post(url, {"target_percent": "120", "grace_days": "x"})
    text = response.content.decode()
    assert "Target must be between 0 and 100" in text
    assert "Select at least one stage" in text
    assert "Days must be a whole number, like 0 or 30" in text
    response = client.post(
        url,
        {"target_percent": "75", "required_stages": ["focus", "team"], "grace_days": "0"},
    )
    assert response.status_code == 302
    text = client.get(reverse("involvement:dashboard")).content.decode()
    assert "target of 75%" in text


def test_a_note_on_a_month_shows_in_the_charts_table(client, personas):
    make_project(personas, start_date=D(2025, 1, 10))
    client.force_login(personas.cora)
    response = client.post(
        reverse("involvement:annotations"), {"month_end": "2025-03-31", "text": ""}
    )
    assert "Enter the note" in response.content.decode()
    client.post(
        reverse("involvement:annotations"),
        {"month_end": "2025-03-31", "text": "Training programme started"},
    )
    text = client.get(reverse("involvement:dashboard")).content.decode()
    assert "Note: Training programme started" in text
    client.force_login(personas.sam)
    assert client.get(reverse("involvement:annotations")).status_code == 403


def test_the_involvement_team_sees_support_time_to_first_contact_on_the_dashboard(client, personas):
    from django.utils import timezone

    from coproduce.support.tests.factories import SupportRequestFactory

    now = timezone.now()
    answered = SupportRequestFactory(organisation=personas.trust)
    # Received three hours before someone got in touch.
    type(answered).objects.filter(pk=answered.pk).update(
        created_at=now - datetime.timedelta(hours=5),
        first_contacted_at=now - datetime.timedelta(hours=2),
        status="contacted",
    )
    waiting = SupportRequestFactory(organisation=personas.trust)
    type(waiting).objects.filter(pk=waiting.pk).update(created_at=now - datetime.timedelta(days=3))
    SupportRequestFactory(organisation=personas.other_trust)  # another trust's: not counted

    url = reverse("involvement:dashboard")
    client.force_login(personas.cora)
    text = client.get(url).content.decode()
    assert "Median time to first contact: 3 hours (1 request in the last 90 days)" in text
    assert "Waiting for first contact: 1 (1 for more than 2 days)" in text
    assert reverse("support:request-list") in text
    # Staff who may see the dashboard but not the support queue do not see it.
    client.force_login(personas.leo)
    text = client.get(url).content.decode()
    assert "Dashboard" in text and "support-first-contact" not in text
