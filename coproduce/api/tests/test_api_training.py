import datetime

import pytest
from django.utils import timezone

from coproduce.api.tests.helpers import assert_refused, ids, problem_fields
from coproduce.training.models import Audience, SessionMode
from coproduce.training.tests.factories import (
    CourseFactory,
    EnrolmentFactory,
    FacilitatorFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(personas):
    def make(audience, days, **fields):
        course = CourseFactory(organisation=personas.trust, audience=audience)
        starts = timezone.now() + datetime.timedelta(days=days)
        return SessionFactory(
            course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), **fields
        )

    return {
        "everyone": make(Audience.BOTH, 3),
        "staff": make(Audience.STAFF, 5),
        "patients": make(Audience.PATIENTS_AND_CARERS, 7),
    }


def test_each_person_sees_the_sessions_for_their_audience(api, personas, sessions):
    everyone, staff, patients = sessions["everyone"], sessions["staff"], sessions["patients"]
    assert ids(api.get(personas.sam, "/api/training/sessions")) == [everyone.pk, staff.pk]
    assert ids(api.get(personas.pat, "/api/training/sessions")) == [everyone.pk, patients.pk]
    assert ids(api.get(personas.cora, "/api/training/sessions")) == [
        everyone.pk,
        staff.pk,
        patients.pk,
    ]
    assert_refused(api.get(personas.pat, f"/api/training/sessions/{staff.pk}"), 404)
    assert_refused(api.get(personas.fin, "/api/training/sessions"), 403)


def test_the_video_link_comes_with_a_place(api, personas, sessions):
    session = sessions["everyone"]
    path = f"/api/training/sessions/{session.pk}"
    assert api.get(personas.sam, path).json()["video_link"] is None
    EnrolmentFactory(session=session, user=personas.sam)
    body = api.get(personas.sam, path).json()
    assert body["my_booking"] == "booked"
    assert body["video_link"] == session.video_link
    assert body["booked"] == 1 and body["places_left"] == session.capacity - 1


def test_only_the_team_and_facilitators_see_who_booked(api, personas, sessions):
    session = sessions["everyone"]
    EnrolmentFactory(session=session, user=personas.pat)
    path = f"/api/training/sessions/{session.pk}"
    assert api.get(personas.sam, path).json()["people"] is None
    assert [p["name"] for p in api.get(personas.cora, path).json()["people"]] == ["Pat Example"]
    FacilitatorFactory(session=session, user=personas.sam)
    body = api.get(personas.sam, path).json()
    assert body["facilitators"] == ["Sam Example"]
    assert [p["status"] for p in body["people"]] == ["booked"]


def test_sessions_filter_by_course_date_and_cancellation(api, personas, sessions):
    everyone = sessions["everyone"]
    cancelled = SessionFactory(course=everyone.course, is_cancelled=True, mode=SessionMode.ONLINE)
    cora = personas.cora
    assert ids(api.get(cora, "/api/training/sessions", course=everyone.course_id)) == [everyone.pk]
    assert cancelled.pk in ids(
        api.get(cora, "/api/training/sessions", course=everyone.course_id, include_cancelled=True)
    )
    day = timezone.localdate(everyone.starts_at).isoformat()
    assert ids(api.get(cora, "/api/training/sessions", starts_from=day, starts_to=day)) == [
        everyone.pk
    ]
    assert "starts_from" in problem_fields(
        api.get(cora, "/api/training/sessions", starts_from="31/12/2026")
    )


def test_another_trusts_sessions_are_not_found(api, personas, sessions):
    assert_refused(api.get(personas.olga, f"/api/training/sessions/{sessions['everyone'].pk}"), 404)
    assert ids(api.get(personas.olga, "/api/training/sessions")) == []


def test_the_session_list_costs_the_same_queries_however_long_the_page(api, personas, sessions):
    few = api.queries(personas.cora, "/api/training/sessions", limit=1)
    for _ in range(10):
        SessionFactory(course=sessions["everyone"].course)
    assert api.queries(personas.cora, "/api/training/sessions", limit=12) == few
