"""The demo's charts tell the truth: recalculated where its process changed, and no icon that
contradicts the latest six months (checked from the API, as a board member's tool would)."""

import pytest
from django.core.management import call_command
from django.test import Client

from coproduce.accounts.models import User
from coproduce.api.tests.conftest import Caller
from coproduce.involvement.models import LimitChange
from coproduce.organisations.models import Organisation
from coproduce.spc import RECENT_POINTS_FOR_ASSURANCE

pytestmark = pytest.mark.django_db


def _contradicts(series):
    target = float(series["target_percent"])
    recent = [p["value"] for p in series["points"][-RECENT_POINTS_FOR_ASSURANCE:]]
    met = [value >= target for value in recent]
    return (series["assurance_icon"] == "fail" and all(met)) or (
        series["assurance_icon"] == "pass" and not any(met)
    )


def test_the_demo_records_its_recalculations_and_no_icon_contradicts_the_last_six_months(db):
    call_command("demo", "--quiet")
    call_command("demo", "--quiet")  # run twice, recorded once
    trust = Organisation.objects.get(is_demo=True)
    coordinators = LimitChange.objects.filter(
        organisation=trust, reason="Involvement coordinators in post", directorate=None
    )
    assert coordinators.count() == 1
    reader = User.objects.get(email="staff@example.org")  # QI staff
    api = Caller(Client())
    whole = api.get(reader, "/api/measures/trust").json()
    directorates = api.get(reader, "/api/measures/directorates").json()
    assert len(directorates) >= 3
    for series in [whole, *directorates]:
        assert len(series["points"]) >= 13
        assert not _contradicts(series), (series["name"], series["assurance_icon"])
        assert any(p["limits_recalculated"] for p in series["points"]), series["name"]
    camhs = next(s for s in directorates if s["name"] == "Child and Adolescent Mental Health")
    assert all(p["value"] >= 80 for p in camhs["points"][-6:])
    assert camhs["assurance_icon"] != "fail"
