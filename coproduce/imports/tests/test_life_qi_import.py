"""Projects from a Life QI export: its headings matched loosely through a preset kept as data,
its project id kept as the reference, and its single involvement value recorded honestly."""

import datetime
from decimal import Decimal

import pytest

from coproduce.imports import kinds, services
from coproduce.imports.models import ImportPreset
from coproduce.imports.tests import lifeqi
from coproduce.involvement import ledger
from coproduce.involvement.models import InvolvementRecord
from coproduce.lib import involvement_levels as levels
from coproduce.lib import tabular
from coproduce.projects.models import Project, ProjectStatus

pytestmark = pytest.mark.django_db


def _import(personas, data: bytes) -> dict[str, int]:
    table = tabular.read(data)
    plan = services.check(personas.trust, table, kinds.get("projects").guess(table.headers))
    assert plan.problems == []
    return services.apply(personas.trust, plan, by=personas.cora)


def test_the_preset_is_data_loaded_by_a_migration():
    preset = ImportPreset.objects.get(name="Life QI project export")
    assert "Group" in preset.headings["directorate"]


def test_life_qi_headings_are_matched_loosely():
    mapping = kinds.get("projects").guess(lifeqi.HEADINGS)
    assert mapping == {
        "external_reference": "PROJECT ID",
        "title": "Project Title",
        "aim": "Aim",
        "status": "Status",
        "lead_email": "Project lead",
        "directorate": "Group ",
        "start_date": "Start Date",
        "progress_score": "IHI Progress Score",
        "involvement": "Service-User Involvement",
        "involvement_notes": "Service user involvement (notes)",
    }


def test_another_platforms_headings_need_only_a_preset():
    headings = ["Ref no.", "Name of project", "Business unit", "Owner email", "Commenced"]
    assert "directorate" not in kinds.get("projects").guess(headings)
    ImportPreset.objects.create(
        name="Another platform",
        headings={
            "external_reference": ["Ref no"],
            "directorate": ["Business unit"],
            "lead_email": ["Owner email"],
            "start_date": ["Commenced"],
            "title": ["Name of project"],
        },
    )
    assert kinds.get("projects").guess(headings) == {
        "external_reference": "Ref no.",
        "title": "Name of project",
        "directorate": "Business unit",
        "lead_email": "Owner email",
        "start_date": "Commenced",
    }


def test_a_re_import_updates_by_the_life_qi_id_and_never_duplicates(personas):
    assert _import(personas, lifeqi.as_csv([lifeqi.project(), lifeqi.project("LQI-1002")])) == {
        "new": 2,
        "changed": 0,
        "unchanged": 0,
    }
    again = lifeqi.as_xlsx(
        [
            lifeqi.project(title="Fewer falls on Willow and Ash", status="Abandoned", score="3"),
            lifeqi.project("LQI-1002"),
        ]
    )
    assert _import(personas, again) == {"new": 0, "changed": 1, "unchanged": 1}
    assert Project.objects.count() == 2
    project = Project.objects.get(external_reference="LQI-1001")
    assert project.title == "Fewer falls on Willow and Ash"
    assert project.status == ProjectStatus.STOPPED  # Life QI's word, from the preset
    assert project.progress_score_override == Decimal("3.0")
    assert project.progress_score_reason == services.PREVIOUS_SYSTEM
    # The one involvement value is recorded once, however often the file comes in.
    assert InvolvementRecord.objects.filter(project=project).count() == 1


def test_a_yes_is_unstaged_involvement_that_counts_as_little_i_only(personas):
    _import(
        personas,
        lifeqi.as_csv([lifeqi.project(), lifeqi.project("LQI-1002", involvement="No", notes="")]),
    )
    yes = Project.objects.get(external_reference="LQI-1001")
    record = InvolvementRecord.objects.get(project=yes)
    assert record.stage == levels.UNSTAGED
    assert record.started_on == datetime.date(2025, 2, 14)
    assert "recorded in the previous system" in record.evidence
    assert "Two carers came to the planning meetings" in record.evidence
    today = datetime.date.today()
    facts = ledger.history(yes).facts
    assert levels.assess(facts, today).level == levels.LITTLE_I
    assert levels.level_and_missing(facts, today)[0] == levels.LITTLE_I
    no = Project.objects.get(external_reference="LQI-1002")
    assert not InvolvementRecord.objects.filter(project=no).exists()
    assert levels.assess(ledger.history(no).facts, today).level == levels.NONE


def test_a_stage_given_by_the_team_is_what_makes_it_count(personas):
    # Even co-led involvement counts for no stage while its stage is unknown.
    facts = levels.ProjectFacts(
        start_date=datetime.date(2025, 1, 1),
        involvement=[
            levels.Involvement(
                stage=levels.UNSTAGED, how=levels.CO_LED, started_on=datetime.date(2025, 1, 1)
            )
        ],
    )
    result = levels.assess(facts, datetime.date(2025, 3, 1))
    assert result.level == levels.LITTLE_I
    assert levels.UNSTAGED not in result.meaningful


def test_bad_life_qi_values_are_refused(personas):
    table = tabular.read(lifeqi.as_csv([lifeqi.project(score="7", involvement="Maybe")]))
    plan = services.check(personas.trust, table, kinds.get("projects").guess(table.headers))
    messages = {(p["column"], p["message"]) for p in plan.problems}
    assert (
        "IHI Progress Score",
        "The IHI progress score must be 0.5 to 5.0, in steps of 0.5, like 2.5",
    ) in messages
    assert (
        "Service-User Involvement",
        "Service user involvement must be Yes or No (or empty)",
    ) in messages


def test_the_ledger_shows_unstaged_involvement_for_the_team_to_confirm(client, personas):
    _import(personas, lifeqi.as_csv([lifeqi.project()]))
    project = Project.objects.get(external_reference="LQI-1001")
    client.force_login(personas.cora)
    page = client.get(f"/involvement/projects/{project.pk}/")
    assert page.status_code == 200
    assert "Stage not yet known (recorded in the previous system)" in page.content.decode()
