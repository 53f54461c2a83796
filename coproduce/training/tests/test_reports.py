"""People trained per month, by staff or patients and carers, and by directorate."""

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.lib.months import add_months, month_start
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


def test_staff_trained_are_split_by_whether_their_project_had_big_i_that_month(
    personas, django_assert_num_queries
):
    import datetime

    from coproduce.involvement import services as involvement
    from coproduce.involvement.models import How, Stage
    from coproduce.pool.tests.factories import member_for
    from coproduce.projects import services as projects
    from coproduce.projects.models import TeamMember
    from coproduce.projects.tests.factories import make_project
    from coproduce.training.reports import staff_by_involvement

    day = datetime.date
    pat = member_for(personas.pat)
    involved = make_project(personas, title="Kinder discharge", start_date=day(2025, 1, 10))
    # Big I from March: a patient joins the team and helps choose the focus.
    projects.add_team_member(involved, pool_member=pat, joined_on=day(2025, 3, 5), by=personas.leo)
    involvement.add_record(
        involved,
        by=personas.leo,
        stage=Stage.FOCUS,
        how=How.TOOK_PART,
        pool_member=pat,
        started_on=day(2025, 3, 5),
    )
    make_project(personas, title="Faster letters", lead=personas.sam, start_date=day(2025, 1, 10))
    projects.add_team_member(
        involved, user=personas.sam, joined_on=day(2025, 3, 10), by=personas.leo
    )
    projects.add_team_member(
        involved, user=personas.alice, joined_on=day(2025, 1, 10), by=personas.leo
    )
    TeamMember.objects.filter(user=personas.alice).update(left_on=day(2025, 2, 1))
    course = CourseFactory(organisation=personas.trust)
    for user, on in (
        (personas.leo, day(2025, 2, 10)),  # leads the project, before it had Big I
        (personas.sam, day(2025, 3, 20)),  # on its team once it had Big I (and leads another)
        (personas.fin, day(2025, 3, 20)),  # on no project
        (personas.alice, day(2025, 3, 20)),  # had left the team by then
        (personas.pat, day(2025, 3, 20)),  # a patient, not staff
    ):
        Completion.objects.create(course=course, user=user, completed_on=on)
    other = CourseFactory(organisation=personas.other_trust)
    Completion.objects.create(course=other, user=personas.olga, completed_on=day(2025, 3, 1))

    with django_assert_num_queries(1):
        split = staff_by_involvement(personas.trust, day(2025, 1, 1), day(2025, 6, 1))
    assert (split.with_big_i, split.without_big_i, split.not_on_a_project) == (1, 1, 2)
    # Only February: the project had no Big I yet.
    split = staff_by_involvement(personas.trust, day(2025, 2, 1), day(2025, 2, 1))
    assert (split.with_big_i, split.without_big_i, split.not_on_a_project) == (0, 1, 0)


def test_the_report_page_shows_staff_by_their_projects_involvement(client, personas):
    course = CourseFactory(organisation=personas.trust)
    Completion.objects.create(course=course, user=personas.fin, completed_on=timezone.localdate())
    client.force_login(personas.cora)
    text = client.get(reverse("training:reports")).content.decode()
    assert "Staff trained, by their projects' involvement" in text
    assert "Not on a project team" in text
