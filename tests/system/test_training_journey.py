"""A patient books QI basics, the facilitator takes attendance, and the completion shows: the
carer who co-facilitated is logged for payment, and the patient can now be matched to an
opportunity that needs QI basics."""

import datetime

import pytest
from django.utils import timezone

from coproduce.matching.models import Opportunity, OpportunityRole
from coproduce.payments.demo import load_policy
from coproduce.payments.models import Activity
from coproduce.pool.tests.factories import member_for
from coproduce.projects.tests.factories import make_project
from coproduce.training.models import Audience, Completion, Course, Facilitator, Session
from tests.system.conftest import axe_check, sign_in_by_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_patient_books_qi_basics_and_completes_it_when_marked_as_attending(page, personas):
    member_for(personas.pat)
    carl = member_for(personas.carl)
    load_policy(personas.trust, by=personas.alice)
    course = Course.objects.create(
        organisation=personas.trust,
        title="QI basics for patients and carers",
        audience=Audience.PATIENTS_AND_CARERS,
        grants="team roles",
        valid_for_months=24,
    )
    starts = timezone.now() + datetime.timedelta(days=5)
    session = Session.objects.create(
        course=course,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        mode="online",
        video_link="https://video.example.org/qi-basics",
        capacity=6,
    )
    Facilitator.objects.create(session=session, user=personas.carl)  # a carer co-facilitates
    opportunity = Opportunity.objects.create(
        organisation=personas.trust,
        project=make_project(personas, title="Kinder discharge"),
        title="Help plan kinder discharges",
        role=OpportunityRole.TEAM_MEMBER,
        hours_per_month=2,
        start_date=timezone.localdate() + datetime.timedelta(days=14),
        posted_by=personas.leo,
    )
    opportunity.required_courses.add(course)
    suggestions = f"/matching/{opportunity.pk}/suggestions/"

    # Before the course, the coordinator is not offered the patient for it.
    page.goto("/")
    sign_in_by_cookie(page, personas.cora)
    page.goto(suggestions)
    axe_check(page)
    assert "Pat Example" not in page.inner_text("main")
    page.context.clear_cookies()

    # The patient finds the course and books a place.
    page.goto("/")
    sign_in_by_cookie(page, personas.pat)
    page.goto("/")
    page.get_by_role("link", name="Training").first.click()
    axe_check(page)
    page.get_by_role("link", name="QI basics for patients and carers").click()
    axe_check(page)
    page.get_by_role(
        "link", name=timezone.localtime(starts).strftime("%-d %B %Y"), exact=False
    ).first.click()
    axe_check(page)
    page.get_by_role("button", name="Book a place").click()
    assert "Your place is booked" in page.inner_text("main")
    assert "You have a place on this session" in page.inner_text("main")
    assert page.get_by_role("link", name="Add this session to your calendar").is_visible()
    axe_check(page)

    # The session takes place.
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )

    # The facilitator takes attendance.
    page.context.clear_cookies()
    page.goto("/")
    sign_in_by_cookie(page, personas.carl)
    page.goto(f"/training/sessions/{session.pk}/")
    axe_check(page)
    page.get_by_role("button", name="Take attendance").click()
    axe_check(page)
    page.get_by_label("Pat Example").check()
    page.get_by_role("button", name="Save attendance").click()
    assert "Attendance saved: 1 person completed" in page.inner_text("main")
    axe_check(page)
    completion = Completion.objects.get(user=personas.pat)
    assert completion.course == course
    # The carer who co-facilitated is logged for payment at the training rate.
    paid = Activity.objects.get(member=carl)
    assert (paid.source, paid.activity_type.code) == ("training", "enhanced")

    # Now the coordinator is offered the patient for the opportunity that needs QI basics.
    page.context.clear_cookies()
    page.goto("/")
    sign_in_by_cookie(page, personas.cora)
    page.goto(suggestions)
    assert "Pat Example" in page.inner_text("main")
    axe_check(page)

    # The patient sees the completion and their certificate.
    page.context.clear_cookies()
    page.goto("/")
    sign_in_by_cookie(page, personas.pat)
    page.goto("/training/mine/")
    main = page.inner_text("main")
    assert "QI basics for patients and carers" in main and "Complete" in main
    axe_check(page)
    certificate = page.context.request.get(f"/training/certificates/{completion.pk}/")
    assert certificate.headers["content-type"] == "application/pdf"
    assert certificate.body().startswith(b"%PDF-")
