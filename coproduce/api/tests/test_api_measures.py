import datetime

import pytest
from django.utils import timezone

from coproduce.api.tests.helpers import assert_refused
from coproduce.involvement import services as involvement
from coproduce.organisations.tests.factories import DirectorateFactory
from coproduce.pool.tests.factories import member_for
from coproduce.projects import services as project_services
from coproduce.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured(personas):
    """Two projects running since January 2025: one with Big I involvement, one with none."""
    big = make_project(personas, title="Co-designed discharge")
    for stage in ("focus", "team", "change_ideas", "pdsa", "reporting"):
        involvement.add_record(
            big,
            by=personas.cora,
            stage=stage,
            how="co_led",
            pool_member=None,
            outside_name="Rosa Jones",
            started_on=datetime.date(2025, 1, 20),
            ended_on=None,
            evidence="Worked on it throughout",
        )
    make_project(personas, title="Staff rota review")
    return big


def test_the_trust_series_carries_the_spc_result(api, personas, measured):
    body = api.get(personas.sam, "/api/measures/trust").json()
    assert body["area"] == "trust" and body["name"] == personas.trust.name
    points = body["points"]
    assert len(points) >= 13
    first = points[0]
    assert first["month_end"] == "2025-01-31"
    assert (first["active"], first["big_i"]) == (2, 1)
    assert first["value"] == 50.0
    assert first["mean"] == 50.0
    assert first["upper_limit"] == 50.0 and first["lower_limit"] == 50.0
    assert first["variation"] == "common_cause"
    assert body["variation_icon"] == "common_cause"
    assert body["variation_text"].startswith("Common cause variation")
    assert body["assurance_icon"] == "fail"
    assert body["target_percent"] == "80.0"


def test_each_directorate_has_its_own_series(api, personas, measured):
    other = DirectorateFactory(organisation=personas.trust, name="Older Adults")
    make_project(personas, title="Memory clinic", directorate=other)
    series = api.get(personas.leo, "/api/measures/directorates").json()
    assert [s["name"] for s in series] == ["Adult Mental Health", "Older Adults"]
    one = api.get(personas.leo, f"/api/measures/directorates/{other.pk}").json()
    assert one["points"][0]["value"] == 0.0


@pytest.mark.parametrize("name", ["pat", "fin"])
def test_pool_members_and_finance_do_not_see_the_measure(api, personas, measured, name):
    assert_refused(api.get(getattr(personas, name), "/api/measures/trust"), 403)
    assert_refused(api.get(getattr(personas, name), "/api/measures/directorates"), 403)


def test_another_trusts_directorate_is_not_found(api, personas, measured):
    assert_refused(
        api.get(personas.olga, f"/api/measures/directorates/{personas.directorate.pk}"), 404
    )
    assert api.get(personas.olga, "/api/measures/trust").json()["points"] == []


def test_the_month_not_yet_ended_is_marked_and_counts_nothing_dated_later(
    api, personas, measured, monkeypatch
):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 5, 10))
    later = make_project(personas, title="Quieter nights")
    involvement.add_record(
        later,
        by=personas.cora,
        stage="focus",
        how="took_part",
        pool_member=None,
        outside_name="Ann Lee",
        started_on=datetime.date(2025, 1, 20),
        ended_on=None,
        evidence="Chose the focus",
    )
    project_services.add_team_member(
        later,
        pool_member=member_for(personas.carl),
        joined_on=datetime.date(2026, 5, 20),
        by=personas.cora,
    )
    points = api.get(personas.sam, "/api/measures/trust").json()["points"]
    *past, current = points
    assert current["month_end"] == "2026-05-31"
    assert current["complete"] is False
    assert all(point["complete"] for point in past)
    assert (current["active"], current["big_i"]) == (3, 1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 5, 20))
    current = api.get(personas.sam, "/api/measures/trust").json()["points"][-1]
    assert (current["active"], current["big_i"], current["complete"]) == (3, 2, False)
