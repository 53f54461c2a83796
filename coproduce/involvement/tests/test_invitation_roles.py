"""What an accepted invitation counts for in the ledger: only the team role is the team stage."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.involvement import ledger, measure
from coproduce.involvement.models import InvolvementRecord, Level, MonthlyLevel
from coproduce.involvement.services import add_record
from coproduce.lib import involvement_levels as levels
from coproduce.matching import services as matching
from coproduce.matching.models import Invitation, InvitationStatus, OpportunityRole
from coproduce.matching.tests.factories import OpportunityFactory
from coproduce.projects import services as project_services
from coproduce.projects.models import TeamMember
from coproduce.projects.tests.factories import make_project

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def project(personas, pat_member):
    """A project whose focus a patient chose: with a patient or carer on the team it is Big I."""
    project = make_project(personas, start_date=D(2025, 1, 10))
    add_record(
        project,
        by=personas.cora,
        stage=levels.FOCUS,
        how=levels.TOOK_PART,
        pool_member=pat_member,
        started_on=D(2025, 1, 10),
        evidence="Chose the focus at the first meeting",
    )
    return project


def accept(personas, project, member, role, stages):
    opportunity = OpportunityFactory(
        project=project,
        role=role,
        stages=stages,
        start_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    invitation = Invitation.objects.create(
        opportunity=opportunity, member=member, sent_by=personas.cora
    )
    return matching.reply(invitation, accept=True, reason="", by=member.user)


def test_a_reviewer_counts_for_the_stage_they_serve_not_for_the_team(
    client, personas, project, carl_member
):
    invitation = accept(
        personas, project, carl_member, OpportunityRole.REVIEWER, ["team", "change_ideas"]
    )
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.team_member is None
    assert not TeamMember.objects.filter(pool_member=carl_member).exists()
    [record] = InvolvementRecord.objects.filter(invitation=invitation)
    assert (record.stage, record.how) == (levels.CHANGE_IDEAS, levels.TOOK_PART)
    assert record.pool_member == carl_member
    assert record.started_on == timezone.localdate()
    [entry] = [e for e in ledger.entries_for(project) if e.person == "Carl Example"]
    assert entry.stage == levels.CHANGE_IDEAS
    assert entry.source == ledger.FROM_INVITATION
    assert entry.evidence.startswith("Reviewer: accepted the invitation")
    # Nobody is on the team, so the project is not Big I, on the page or in the measure.
    today = timezone.localdate()
    assessment = levels.assess(ledger.history(project).facts, today)
    assert assessment.level == levels.LITTLE_I
    assert levels.TEAM in assessment.missing
    stored = MonthlyLevel.objects.get(project=project, month_end=measure.current_month_end())
    assert stored.level == Level.LITTLE_I
    assert AuditEvent.objects.filter(action="involvement.record_added").count() == 2
    # The reviewer still sees the project among their own.
    client.force_login(personas.carl)
    page = client.get(reverse("pool:my-projects")).content.decode()
    assert project.title in page and "Reviewer" in page and "Still involved" not in page


def test_a_focus_group_place_is_consultation_which_is_little_i(
    personas, project, carl_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = accept(personas, project, carl_member, OpportunityRole.FOCUS_GROUP, ["focus"])
    [email] = mail.outbox
    assert "They are now on the project team" not in email.body
    assert "(focus group participant) is recorded in the project's involvement ledger" in (
        email.body
    )
    [record] = InvolvementRecord.objects.filter(invitation=invitation)
    assert (record.stage, record.how) == (levels.FOCUS, levels.CONSULTED)
    assert not TeamMember.objects.filter(pool_member=carl_member).exists()


def test_the_team_role_alone_puts_someone_on_the_team(personas, project, carl_member):
    invitation = accept(personas, project, carl_member, OpportunityRole.TEAM_MEMBER, ["pdsa"])
    assert invitation.team_member.pool_member == carl_member
    assert not InvolvementRecord.objects.filter(invitation=invitation).exists()
    today = timezone.localdate()
    assert levels.assess(ledger.history(project).facts, today).level == levels.BIG_I


@pytest.mark.parametrize(
    ("role", "stages", "expected"),
    [
        ("team_member", [], [("team", "took_part")]),
        ("team_member", ["focus", "pdsa"], [("team", "took_part")]),
        (
            "reviewer",
            ["reporting", "change_ideas"],
            [("change_ideas", "took_part"), ("reporting", "took_part")],
        ),
        ("reviewer", ["team"], [("change_ideas", "consulted")]),
        ("focus_group", [], [("focus", "consulted")]),
        ("focus_group", ["focus", "pdsa"], [("focus", "consulted"), ("pdsa", "consulted")]),
        ("co_presenter", [], [("reporting", "consulted")]),
        ("co_presenter", ["reporting"], [("reporting", "took_part")]),
        ("trainer", [], [("focus", "consulted")]),
    ],
)
def test_each_role_maps_to_the_stages_it_serves(role, stages, expected):
    assert matching.ledger_entries(role, stages) == expected


def test_places_written_wrongly_before_are_corrected_from_the_invitation(
    personas, project, carl_member, pat_member
):
    migration = importlib.import_module(
        "coproduce.involvement.migrations.0005_invitation_roles_off_the_team"
    )
    today = timezone.localdate()
    other = make_project(personas, title="Quicker discharge letters")

    def wrongly_accepted(on, member, role, stages):
        opportunity = OpportunityFactory(project=on, role=role, stages=stages)
        place = project_services.add_team_member(
            on,
            pool_member=member,
            joined_on=today - datetime.timedelta(days=40),
            role_on_team=opportunity.get_role_display(),
            by=personas.cora,
        )
        return Invitation.objects.create(
            opportunity=opportunity,
            member=member,
            sent_by=personas.cora,
            status=InvitationStatus.ACCEPTED,
            team_member=place,
        )

    reviewer = wrongly_accepted(project, carl_member, OpportunityRole.REVIEWER, ["reporting"])
    day = measure.current_month_end()
    assert MonthlyLevel.objects.get(project=project, month_end=day).level == Level.BIG_I
    team = wrongly_accepted(other, pat_member, OpportunityRole.TEAM_MEMBER, [])
    # A focus group place whose holder has since taken part in a PDSA cycle stays on the team.
    kept = wrongly_accepted(other, carl_member, OpportunityRole.FOCUS_GROUP, [])
    idea = project_services.add_element(
        other, by=personas.leo, kind="change_idea", text="Text reminders", proposed_on=today
    )
    project_services.add_pdsa(
        idea, by=personas.leo, participants=[kept.team_member], started_on=today
    )
    migration.forwards(apps, None)

    reviewer.refresh_from_db()
    assert reviewer.team_member is None
    assert not TeamMember.objects.filter(project=project, pool_member=carl_member).exists()
    [record] = InvolvementRecord.objects.filter(invitation=reviewer)
    assert (record.stage, record.how, record.pool_member) == ("reporting", "took_part", carl_member)
    assert record.started_on == today - datetime.timedelta(days=40)
    event = AuditEvent.objects.get(action="involvement.invitation_role_corrected")
    assert event.target_id == str(project.pk)
    assert event.changes["role on team"] == ["Reviewer", None]
    team.refresh_from_db()
    kept.refresh_from_db()
    assert team.team_member is not None and kept.team_member is not None
    assert not InvolvementRecord.objects.filter(invitation__in=[team, kept]).exists()
    # The measure is rebuilt on its next read, without the reviewer on the team.
    own = measure.settings_for(personas.trust)
    assert own.measured_through is None
    measure.ensure_current(personas.trust)
    assert MonthlyLevel.objects.get(project=project, month_end=day).level == Level.LITTLE_I
