"""A new rule is worked into the measure by a background task. Until the task has run, every
stored month keeps following the previous rule, and the pages say the figures are being
recalculated."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.tasks import default_task_backend
from django.test import override_settings
from django.urls import reverse

from coproduce.involvement import measure, services, tasks
from coproduce.involvement.models import How, MonthlyLevel, Stage
from coproduce.involvement.tests.test_measure_refresh import plain_levels, stored_levels
from coproduce.lib import involvement_levels as levels
from coproduce.projects import services as project_services
from coproduce.projects.tests.factories import make_project

D = datetime.date
JANUARY = D(2025, 1, 31)
pytestmark = pytest.mark.django_db
NOTICE = "The figures are being recalculated because the involvement rule has changed"
DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def consulted_project(personas, member, title="Consulted on the focus"):
    """Big I only when consultation counts: a patient on the team who was consulted."""
    measure.ensure_current(personas.trust)  # as the dashboard's first visit does
    project = make_project(personas, title=title, start_date=D(2025, 1, 10))
    project_services.add_team_member(
        project, pool_member=member, joined_on=D(2025, 1, 10), by=personas.leo
    )
    services.add_record(
        project,
        by=personas.leo,
        stage=Stage.FOCUS,
        how=How.CONSULTED,
        pool_member=member,
        started_on=D(2025, 1, 10),
    )
    return project


def big_i_in_january(organisation):
    return {f.month_end: f for f in measure.trust_series(organisation)}[JANUARY].big_i


def settings_of(personas):
    return measure.settings_for(personas.trust)


def test_a_new_rule_waits_for_its_task_and_the_measure_keeps_the_previous_rule_meanwhile(
    personas, pat_member, carl_member, django_capture_on_commit_callbacks
):
    consulted_project(personas, pat_member)
    with django_capture_on_commit_callbacks() as queued:
        services.update_settings(settings_of(personas), by=personas.cora, consultation_counts=True)
    own = settings_of(personas)
    assert own.recalculating
    assert own.rule.consultation_counts
    assert not own.measure_rule.consultation_counts
    assert big_i_in_january(personas.trust) == 0

    # A change meanwhile is measured under the previous rule too, so no month mixes two rules.
    consulted_project(personas, carl_member, title="Second")
    assert big_i_in_january(personas.trust) == 0
    assert stored_levels(personas.trust) == plain_levels(personas.trust)

    assert len(queued) == 1
    queued[0]()  # the worker picks the task up
    own = settings_of(personas)
    assert not own.recalculating
    assert own.measured_rule == own.rule_fields()
    assert big_i_in_january(personas.trust) == 2
    assert stored_levels(personas.trust) == plain_levels(personas.trust)


@override_settings(TASKS=DUMMY_TASKS)
def test_the_rebuild_is_queued_by_organisation_once_the_rule_is_committed(
    personas, django_capture_on_commit_callbacks
):
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.update_settings(settings_of(personas), by=personas.cora, grace_days=30)
        assert default_task_backend.results == []
    for callback in queued:
        callback()
    [queued_task] = default_task_backend.results
    assert queued_task.task.name == tasks.rebuild_measure.name
    assert queued_task.args == [personas.trust.pk]


def test_a_new_target_alone_queues_no_rebuild(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        services.update_settings(settings_of(personas), by=personas.cora, target_percent=60)
    assert queued == []
    assert not settings_of(personas).recalculating


def test_saving_again_while_waiting_queues_the_rebuild_again(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        services.update_settings(settings_of(personas), by=personas.cora, grace_days=30)
    with django_capture_on_commit_callbacks() as queued:
        services.update_settings(settings_of(personas), by=personas.cora, grace_days=30)
    assert len(queued) == 1
    # The previous rule is still the one measured, not the one saved in between.
    assert settings_of(personas).measure_rule == levels.LevelRule()


def test_a_task_with_nothing_left_to_do_changes_nothing(personas, pat_member):
    project = consulted_project(personas, pat_member)
    before = stored_levels(personas.trust)
    MonthlyLevel.objects.filter(project=project).update(level="big_i")
    assert tasks.rebuild_measure.call(personas.trust.pk) == 0
    assert stored_levels(personas.trust) != before  # not rebuilt: no new rule was waiting


def test_the_pages_say_the_figures_are_being_recalculated_and_show_the_previous_ones(
    client, personas, pat_member, django_capture_on_commit_callbacks
):
    consulted_project(personas, pat_member)
    client.force_login(personas.cora)
    form = {
        "target_percent": "80",
        "required_stages": list(levels.STAGES),
        "consultation_counts": "on",
        "grace_days": "0",
    }
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("involvement:settings"), form, follow=True)
    text = response.content.decode()
    assert "The settings have been saved. The figures are being recalculated" in text
    assert NOTICE in text
    assert '<p class="nhsuk-heading-xl nhsuk-u-margin-bottom-2" id="headline-figure">0.0%' in text
    assert "These figures still follow the previous rule" in text
    assert "is little i involvement: it is recorded but does not count towards Big I" in text
    for name, args in [
        ("involvement:directorate", [personas.directorate.pk]),
        ("involvement:not-yet-meaningful", []),
    ]:
        assert NOTICE in client.get(reverse(name, args=args)).content.decode(), name

    queued[0]()
    text = client.get(reverse("involvement:dashboard")).content.decode()
    assert NOTICE not in text
    assert 'id="headline-figure">100.0%' in text
    assert "Being consulted, for example in a survey, counts towards a stage." in text


@pytest.mark.django_db(transaction=True)
def test_with_the_immediate_backend_the_new_figures_are_there_after_saving(
    client, personas, pat_member
):
    # A real commit, so the task runs when the rule is saved, as in `make run`.
    consulted_project(personas, pat_member)
    client.force_login(personas.alice)
    form = {
        "target_percent": "80",
        "required_stages": list(levels.STAGES),
        "consultation_counts": "on",
        "grace_days": "0",
    }
    response = client.post(reverse("involvement:settings"), form, follow=True)
    text = response.content.decode()
    assert "The settings have been saved and the figures recalculated" in text
    assert NOTICE not in text
    assert 'id="headline-figure">100.0%' in text


def test_people_who_may_not_change_the_rule_queue_nothing(
    client, personas, django_capture_on_commit_callbacks
):
    form = {"target_percent": "80", "required_stages": ["team"], "grace_days": "0"}
    for person in (personas.leo, personas.sam, personas.fin):
        client.force_login(person)
        with django_capture_on_commit_callbacks() as queued:
            assert client.post(reverse("involvement:settings"), form).status_code == 403
        assert queued == []
    assert not settings_of(personas).recalculating


@override_settings(TASKS=DUMMY_TASKS)
def test_the_hourly_job_works_in_a_rule_whose_task_was_lost(
    personas, pat_member, django_capture_on_commit_callbacks
):
    consulted_project(personas, pat_member)
    with django_capture_on_commit_callbacks(execute=True):  # queued, but no worker ever runs it
        services.update_settings(settings_of(personas), by=personas.cora, consultation_counts=True)
    assert settings_of(personas).recalculating
    out = io.StringIO()

    call_command("rebuild_involvement_measure", "--pending", stdout=out)

    assert "1 organisation(s) were waiting" in out.getvalue()
    assert not settings_of(personas).recalculating
    assert big_i_in_january(personas.trust) == 1
    assert stored_levels(personas.trust) == plain_levels(personas.trust)
    again = io.StringIO()
    call_command("rebuild_involvement_measure", "--pending", stdout=again)
    assert "0 organisation(s) were waiting" in again.getvalue()
