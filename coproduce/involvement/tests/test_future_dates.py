"""Nothing dated after today counts, and the month not yet ended is shown as "so far"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.involvement import ledger, measure
from coproduce.involvement.models import InvolvementSettings, Level, MonthlyLevel
from coproduce.involvement.services import add_record
from coproduce.lib import involvement_levels as levels
from coproduce.projects import presenters as project_presenters
from coproduce.projects import services as project_services
from coproduce.projects.models import ProjectStatus
from coproduce.projects.tests.factories import make_project

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def day(monkeypatch):
    """Set today's date for everything that asks `timezone.localdate()`."""

    def set_day(on: datetime.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: on)

    set_day(D(2026, 5, 10))
    return set_day


@pytest.fixture
def project(personas, pat_member):
    """Running since January, its focus chosen by a patient: Big I once one is on the team."""
    project = make_project(personas, start_date=D(2026, 1, 10))
    add_record(
        project,
        by=personas.cora,
        stage=levels.FOCUS,
        how=levels.TOOK_PART,
        pool_member=pat_member,
        started_on=D(2026, 1, 10),
        evidence="Chose the focus",
    )
    return project


def stored(project, month_end):
    return MonthlyLevel.objects.get(project=project, month_end=month_end).level


def test_a_join_later_this_month_counts_only_from_its_day(
    client, personas, day, project, carl_member
):
    project_services.add_team_member(
        project, pool_member=carl_member, joined_on=D(2026, 5, 20), by=personas.cora
    )
    measure.rebuild(personas.trust)
    # On the 10th, the join on the 20th does not count: the stored month, the series, the
    # project page and the ledger all say little i.
    assert stored(project, D(2026, 5, 31)) == Level.LITTLE_I
    [may] = [f for f in measure.trust_series(personas.trust) if f.month_end == D(2026, 5, 31)]
    assert (may.active, may.big_i, may.complete) == (1, 0, False)
    assert project_presenters.involvement_summary(project)["assessment"].level == levels.LITTLE_I
    [joined] = [e for e in ledger.entries_for(project) if e.stage == levels.TEAM]
    assert joined.is_future
    client.force_login(personas.sam)
    page = client.get(reverse("involvement:dashboard")).content.decode()
    assert "May 2026 so far" in page
    assert "Target 80%: not met yet" in page
    assert page.count("May 2026 so far") >= 3  # the headline, the chart and its table
    ledger_page = client.get(reverse("involvement:ledger", args=[project.pk])).content.decode()
    assert "Not counted until then" in ledger_page

    # On the 20th the join counts: the first read of the day brings it in, with nothing
    # written meanwhile.
    day(D(2026, 5, 20))
    page = client.get(reverse("involvement:dashboard")).content.decode()
    assert stored(project, D(2026, 5, 31)) == Level.BIG_I
    assert "Target 80%: met so far" in page
    assert project_presenters.involvement_summary(project)["assessment"].level == levels.BIG_I
    assert measure.settings_for(personas.trust).measured_on == D(2026, 5, 20)

    # Once May has ended it is complete, and June is the month so far.
    day(D(2026, 6, 1))
    measure.ensure_current(personas.trust)
    series = {f.month_end: f for f in measure.trust_series(personas.trust)}
    assert series[D(2026, 5, 31)].complete and not series[D(2026, 6, 30)].complete
    assert series[D(2026, 6, 30)].big_i == 1


def test_a_stop_dated_ahead_leaves_the_project_counted_until_its_day(personas, day, project):
    project_services.change_status(
        project,
        status=ProjectStatus.COMPLETED,
        changed_on=D(2026, 5, 25),
        note="Finished",
        by=personas.leo,
    )
    measure.ensure_current(personas.trust)
    assert stored(project, D(2026, 5, 31)) == Level.LITTLE_I  # still running today
    day(D(2026, 5, 26))
    measure.ensure_current(personas.trust)
    assert not MonthlyLevel.objects.filter(project=project, month_end=D(2026, 5, 31)).exists()
    assert measure.trust_series(personas.trust)[-1].month_end == D(2026, 4, 30)


def test_a_grace_period_ending_is_brought_in_when_it_ends(personas, day, project, carl_member):
    own = measure.settings_for(personas.trust)
    InvolvementSettings.objects.filter(pk=own.pk).update(grace_days=10)
    project_services.add_team_member(
        project, pool_member=carl_member, joined_on=D(2026, 1, 10), by=personas.cora
    )
    project_services.add_element(
        project,
        by=personas.leo,
        kind="change_idea",
        text="Text reminders",
        proposed_on=D(2026, 5, 5),
    )
    measure.rebuild(personas.trust)
    # Change ideas began on the 5th; nobody formed them with patients, but the grace lasts
    # until the 15th.
    assert stored(project, D(2026, 5, 31)) == Level.BIG_I
    day(D(2026, 5, 16))
    measure.ensure_current(personas.trust)
    assert stored(project, D(2026, 5, 31)) == Level.LITTLE_I


def test_levels_stored_before_the_day_was_recorded_are_worked_out_again(
    personas, day, project, carl_member
):
    project_services.add_team_member(
        project, pool_member=carl_member, joined_on=D(2026, 5, 20), by=personas.cora
    )
    measure.rebuild(personas.trust)
    # As the measure was stored before: May counted at its end, with no day recorded.
    MonthlyLevel.objects.filter(project=project, month_end=D(2026, 5, 31)).update(
        level=Level.BIG_I, missing="", first_missing=None, missing_count=0
    )
    InvolvementSettings.objects.filter(organisation=personas.trust).update(measured_on=None)
    measure.ensure_current(personas.trust)
    assert stored(project, D(2026, 5, 31)) == Level.LITTLE_I
    assert measure.trust_series(personas.trust)[-1].big_i == 0
