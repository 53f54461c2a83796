"""The involvement team changes the rule for Big I. Where a worker runs the recalculation, the
dashboard says plainly that the figures are being recalculated and keeps showing the previous
figures until it is done; where tasks run at once (`make run`), the new figures are there."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from coproduce.involvement import services, tasks
from coproduce.involvement.models import How, Stage
from coproduce.pool.tests.factories import member_for
from coproduce.projects import services as project_services
from coproduce.projects.tests.factories import make_project
from tests.system.conftest import axe_check, sign_in_by_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOTICE = "The figures are being recalculated because the involvement rule has changed"


def consulted_project(personas):
    pat = member_for(personas.pat)
    start = timezone.localdate() - datetime.timedelta(days=40)
    project = make_project(personas, title="Calmer evenings on the ward", start_date=start)
    project_services.add_team_member(project, pool_member=pat, joined_on=start, by=personas.leo)
    services.add_record(
        project,
        by=personas.leo,
        stage=Stage.FOCUS,
        how=How.CONSULTED,
        pool_member=pat,
        started_on=start,
    )


def count_consultation(page):
    page.goto("/involvement/settings/")
    axe_check(page)
    page.get_by_label("Count being consulted (for example a survey) as involvement").check()
    page.get_by_role("button", name="Save and recalculate").click()
    page.get_by_role("heading", level=1, name="Involvement dashboard").wait_for()


def test_a_worker_recalculates_while_the_dashboard_shows_the_previous_figures(page, personas):
    consulted_project(personas)
    page.goto("/account/sign-in/")
    sign_in_by_cookie(page, personas.cora)
    page.goto("/involvement/")
    assert page.locator("#headline-figure").inner_text() == "0.0%"
    assert page.locator("#recalculating").count() == 0

    dummy = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):  # queued for a worker that has not run yet
        count_consultation(page)
        assert "The figures are being recalculated under the new rule" in page.content()
        assert NOTICE in page.locator("#recalculating").inner_text()
        assert page.locator("#headline-figure").inner_text() == "0.0%"
        axe_check(page)

    tasks.rebuild_measure.call(personas.trust.pk)  # the worker runs it
    page.reload()
    assert page.locator("#recalculating").count() == 0
    assert page.locator("#headline-figure").inner_text() == "100.0%"
    axe_check(page)


def test_with_tasks_run_at_once_the_new_figures_show_after_saving(page, personas):
    consulted_project(personas)
    page.goto("/account/sign-in/")
    sign_in_by_cookie(page, personas.alice)
    page.goto("/involvement/")
    assert page.locator("#headline-figure").inner_text() == "0.0%"
    count_consultation(page)
    assert "The settings have been saved and the figures recalculated" in page.content()
    assert page.locator("#recalculating").count() == 0
    assert page.locator("#headline-figure").inner_text() == "100.0%"
