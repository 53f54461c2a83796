"""People trained per month, by staff or patients and carers, and by directorate."""

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.lib.calendar_months import add_months, month_start
from coproduce.organisations.tests.factories import DirectorateFactory
from coproduce.training.models import Completion
from coproduce.training.reports import NO_DIRECTORATE, people_trained
from coproduce.training.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db


def test_people_are_counted_once_a_month_by_group_and_directorate(personas):
    this_month = month_start(timezone.localdate())
    last_month = add_months(this_month, -1)
    one, two = (
        CourseFactory(organisation=personas.trust),
        CourseFactory(organisation=personas.trust),
    )
    community = DirectorateFactory(organisation=personas.trust, name="Community")
    # pat completes two courses this month: one person trained.
    Completion.objects.create(
        course=one, user=personas.pat, completed_on=this_month, directorate=community
    )
    Completion.objects.create(
        course=two, user=personas.pat, completed_on=this_month, directorate=community
    )
    Completion.objects.create(course=one, user=personas.sam, completed_on=last_month)
    Completion.objects.create(
        course=one, user=personas.leo, completed_on=last_month, directorate=personas.directorate
    )
    # Another trust's training never shows.
    other = CourseFactory(organisation=personas.other_trust)
    Completion.objects.create(course=other, user=personas.olga, completed_on=this_month)

    report = people_trained(personas.trust, last_month, this_month)
    assert [(row.month, row.by_group, row.total) for row in report.months] == [
        (last_month, {"Staff": 2, "Patients and carers": 0}, 2),
        (this_month, {"Staff": 0, "Patients and carers": 1}, 1),
    ]
    assert [(row.directorate, row.total) for row in report.directorates] == [
        ("Adult Mental Health", 1),
        ("Community", 1),
        (NO_DIRECTORATE, 1),
    ]
    assert report.total_people == 3


def test_the_report_page_and_csv_are_for_the_involvement_team(client, personas):
    course = CourseFactory(organisation=personas.trust)
    Completion.objects.create(course=course, user=personas.pat, completed_on=timezone.localdate())
    url = reverse("training:reports")
    assert client.get(url).status_code == 302
    client.force_login(personas.pat)
    assert client.get(url).status_code == 403
    client.force_login(personas.cora)
    page = client.get(url)
    assert b"People trained each month" in page.content
    csv = client.get(url + "?format=csv&months=3")
    assert csv["Content-Type"].startswith("text/csv")
    month = timezone.localdate().strftime("%Y-%m")
    assert f"{month},{NO_DIRECTORATE},Patients and carers,1" in csv.content.decode()
