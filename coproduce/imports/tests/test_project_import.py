"""Importing projects from a spreadsheet: added, updated by reference, unchanged on a re-import,
refused whole with row-level messages, and the measure and audit kept right."""

import datetime

import pytest

from coproduce.audit.models import AuditEvent
from coproduce.imports import columns, services
from coproduce.imports.tests.factories import HEADINGS, csv_bytes, row, xlsx_bytes
from coproduce.involvement.models import InvolvementRecord, MonthlyLevel
from coproduce.lib import tabular
from coproduce.pool.tests.factories import member_for
from coproduce.projects.models import Project, ProjectStatus, StatusChange, TeamMember

pytestmark = pytest.mark.django_db


def import_file(personas, data: bytes, by=None) -> dict[str, int]:
    table = tabular.read(data)
    plan = services.check(personas.trust, table, columns.guess(table.headers))
    assert plan.problems == []
    return services.apply(personas.trust, plan, by=by or personas.cora)


def counts() -> tuple[int, ...]:
    return (
        Project.objects.count(),
        TeamMember.objects.count(),
        StatusChange.objects.count(),
        InvolvementRecord.objects.count(),
        AuditEvent.objects.count(),
        MonthlyLevel.objects.count(),
    )


def test_the_usual_headings_are_matched_without_help():
    mapping = columns.guess(HEADINGS)
    assert mapping["external_reference"] == "Project ID"
    assert mapping["title"] == "Project name"
    assert mapping["lead_email"] == "Lead email"
    assert mapping["staff_team"] == "Staff"
    assert mapping["involved_in_focus_on"] == "Involved in choosing the focus from"


def test_an_import_adds_projects_with_their_team_involvement_history_and_audit(personas):
    pool_member = member_for(personas.pat)
    data = xlsx_bytes(
        [
            row(people=f"{personas.pat.email}; Jo Bloggs; Anonymous"),
            row(ref="QI-002", title="Safer discharge", status="Completed", staff="", people=""),
        ]
    )
    result = import_file(personas, data)

    assert result == {"new": 2, "changed": 0, "unchanged": 0}
    project = Project.objects.get(external_reference="QI-001")
    assert project.lead == personas.leo
    assert project.service == personas.service
    assert project.start_date == datetime.date(2025, 1, 10)
    team = {str(m): m.is_patient_or_carer for m in project.team.all()}
    assert team == {
        "Leo Example": False,
        "Sam Example": False,
        str(pool_member): True,
        "Jo Bloggs": True,
        "Anonymous patient or carer": True,
    }
    record = project.involvement_records.get()
    assert (record.stage, record.started_on) == ("focus", datetime.date(2025, 2, 1))
    # The monthly measure knows about the new projects without a rebuild.
    assert MonthlyLevel.objects.filter(project=project).exists()
    finished = Project.objects.get(external_reference="QI-002")
    assert finished.status == ProjectStatus.COMPLETED
    assert list(finished.status_changes.values_list("status", flat=True)) == [
        "active",
        "completed",
    ]
    actions = list(
        AuditEvent.objects.filter(target_id=str(project.pk)).values_list("action", flat=True)
    )
    assert "projects.project_created" in actions
    assert actions.count("projects.team_member_added") == 4
    assert AuditEvent.objects.filter(action="imports.projects_imported").count() == 1


def test_a_re_import_of_the_same_file_changes_nothing(personas):
    member_for(personas.pat)
    data = csv_bytes([row(people=f"{personas.pat.email}; Jo Bloggs"), row(ref="QI-002")])
    import_file(personas, data)
    before = counts()

    result = import_file(personas, data)

    assert result == {"new": 0, "changed": 0, "unchanged": 2}
    assert counts() == before


def test_a_project_already_here_is_updated_by_its_reference_not_duplicated(personas):
    import_file(personas, csv_bytes([row()]))
    project = Project.objects.get()

    result = import_file(
        personas,
        csv_bytes([row(ref="qi-001", title="Fewer missed first appointments", status="On hold")]),
    )

    assert result == {"new": 0, "changed": 1, "unchanged": 0}
    project.refresh_from_db()
    assert Project.objects.count() == 1
    assert project.title == "Fewer missed first appointments"
    assert project.status == ProjectStatus.ON_HOLD
    change = AuditEvent.objects.filter(action="projects.project_changed").get()
    assert change.changes == {
        "title": ["Fewer missed appointments", "Fewer missed first appointments"]
    }
    assert AuditEvent.objects.filter(action="projects.status_changed").count() == 1


def test_a_broken_file_is_refused_with_a_message_for_each_bad_cell_and_nothing_changes(personas):
    import_file(personas, csv_bytes([row()]))
    before = counts()
    data = csv_bytes(
        [
            row(ref="QI-002"),
            row(ref="QI-003", directorate="Nowhere", start="31/02/2025"),
            row(ref="QI-004", lead="fin@example.org", staff="nobody@example.org"),
            row(ref="QI-002", title=""),
        ]
    )
    table = tabular.read(data)
    plan = services.check(personas.trust, table, columns.guess(table.headers))

    assert plan.problems == [
        {
            "row": 3,
            "column": "Directorate",
            "message": "There is no directorate called Nowhere; check the spelling or add it",
        },
        {
            "row": 3,
            "column": "Start date",
            "message": "Enter start date as a date, like 31/03/2024",
        },
        {
            "row": 4,
            "column": "Lead email",
            "message": "No project lead or QI staff member here has the email address "
            "fin@example.org",
        },
        {
            "row": 4,
            "column": "Staff",
            "message": "No member of staff here has the email address nobody@example.org",
        },
        {"row": 5, "column": "Project name", "message": "Enter the project's title"},
        {
            "row": 5,
            "column": "Project ID",
            "message": "The reference QI-002 is also on row 2; each project must appear once",
        },
    ]
    with pytest.raises(services.ImportRefused):
        services.apply(personas.trust, plan, by=personas.cora)
    assert counts() == before


def test_a_failure_part_way_through_leaves_nothing_half_imported(personas, monkeypatch):
    before = counts()
    table = tabular.read(csv_bytes([row(), row(ref="QI-002")]))
    plan = services.check(personas.trust, table, columns.guess(table.headers))

    def broken(project_ids):
        raise RuntimeError("the measure could not be refreshed")

    monkeypatch.setattr(services.measure, "refresh_projects", broken)
    with pytest.raises(RuntimeError):
        services.apply(personas.trust, plan, by=personas.cora)
    assert counts() == before


def test_another_trusts_projects_are_never_matched_by_reference(personas):
    from coproduce.organisations.tests.factories import DirectorateFactory
    from coproduce.projects.tests.factories import make_project

    elsewhere = DirectorateFactory(organisation=personas.other_trust, name="Adult Mental Health")
    make_project(
        personas,
        organisation=personas.other_trust,
        directorate=elsewhere,
        lead=personas.olga,
        external_reference="QI-001",
    )
    result = import_file(personas, csv_bytes([row()]))
    assert result["new"] == 1
    assert Project.objects.filter(external_reference="QI-001").count() == 2


def test_an_empty_file_and_a_file_that_is_not_a_table_are_refused(personas):
    with pytest.raises(tabular.UnreadableFile):
        tabular.read(b"%PDF-1.7")
    table = tabular.read(csv_bytes([]))
    plan = services.check(personas.trust, table, columns.guess(table.headers))
    assert plan.problems == [{"row": 2, "column": "", "message": "The file has no rows to import"}]


def test_a_large_import_rebuilds_the_measure_once_and_gets_the_same_figures(personas, monkeypatch):
    from coproduce.involvement import measure

    rebuilt: list[object] = []
    real = measure.rebuild
    monkeypatch.setattr(services, "REBUILD_FROM", 2)
    monkeypatch.setattr(measure, "rebuild", lambda org, *a: rebuilt.append(org) or real(org, *a))
    import_file(personas, csv_bytes([row(ref=f"QI-{n}") for n in range(4)]))
    assert rebuilt == [personas.trust]
    stored = set(MonthlyLevel.objects.values_list("project_id", "month_end", "level"))
    real(personas.trust)
    assert set(MonthlyLevel.objects.values_list("project_id", "month_end", "level")) == stored
    assert stored
