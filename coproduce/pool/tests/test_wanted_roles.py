"""The ways of being involved a person ticks on the join page ("Reviewer", ...) are kept with
them: shown on their profile, edited by them and the team (in the audit log), in their data
download, and used by matching, with the reason shown."""

import csv
import io
import json

import pytest
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.matching import services as matching_services
from coproduce.matching.models import OpportunityRole
from coproduce.matching.tests.factories import OpportunityFactory
from coproduce.pool.models import PoolMember
from coproduce.pool.tests.factories import member_for
from coproduce.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db

JOIN = reverse("pool:join")


def _details(member: PoolMember, **overrides) -> dict:  # type: ignore[no-untyped-def]
    data = {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "kind": member.kind,
        "remote": "on",
        "max_hours_per_month": str(member.max_hours_per_month),
        "payment_preference": member.payment_preference,
    }
    data.update(overrides)
    return data


def test_what_they_ticked_on_joining_is_on_the_teams_view_and_the_edit_forms(client, personas):
    client.post(
        f"{JOIN}?service={personas.service.pk}",
        {
            "first_name": "Carol",
            "email": "carol.new@example.org",
            "kind": "carer",
            "wants_to_do": ["reviewer", "trainer"],
            "consent": "on",
        },
    )
    member = PoolMember.objects.get(email="carol.new@example.org")
    assert member.wants_to_do == ["reviewer", "trainer"]
    assert "w:reviewer" in member.match_terms.split()

    client.force_login(personas.cora)
    detail = client.get(reverse("pool:member-detail", args=[member.pk])).content.decode()
    assert "Would like to be involved as" in detail
    assert "Reviewer, Trainer" in detail
    edit = client.get(reverse("pool:member-edit", args=[member.pk])).content.decode()
    assert 'value="reviewer" checked' in edit
    assert 'value="trainer" checked' in edit
    assert 'value="team_member" checked' not in edit


def test_a_member_sees_and_changes_what_they_would_like_to_do(client, personas):
    member = member_for(personas.pat, wants_to_do=["team_member"])
    client.force_login(personas.pat)
    page = client.get(reverse("pool:my-details")).content.decode()
    assert "Ways you would like to be involved" in page
    assert 'value="team_member" checked' in page
    assert "Help train staff by sharing your experience." in page  # the join page's hints

    response = client.post(
        reverse("pool:my-details"), _details(member, wants_to_do=["trainer", "focus_group"])
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.wants_to_do == ["focus_group", "trainer"]  # in the join page's order
    assert {"w:focus_group", "w:trainer"} <= set(member.match_terms.split())
    assert "w:team_member" not in member.match_terms.split()
    event = AuditEvent.objects.get(action="pool.profile_changed")
    assert event.actor == personas.pat
    assert event.changes["wants_to_do"] == [["team_member"], ["focus_group", "trainer"]]


def test_the_team_changes_them_and_the_change_is_audited(client, personas):
    member = member_for(personas.pat, wants_to_do=["reviewer"])
    client.force_login(personas.cora)
    response = client.post(
        reverse("pool:member-edit", args=[member.pk]), _details(member, wants_to_do=[])
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.wants_to_do == []
    event = AuditEvent.objects.get(action="pool.profile_changed")
    assert event.actor == personas.cora
    assert event.changes["wants_to_do"] == [["reviewer"], []]


def test_a_way_of_being_involved_not_offered_is_refused_and_changes_nothing(client, personas):
    member = member_for(personas.pat, wants_to_do=["reviewer"])
    client.force_login(personas.pat)
    body = client.post(
        reverse("pool:my-details"), _details(member, wants_to_do=["astronaut"])
    ).content.decode()
    assert "Select only the ways of being involved listed" in body
    assert 'href="#id_wants_to_do"' in body  # the error summary links to the question
    member.refresh_from_db()
    assert member.wants_to_do == ["reviewer"]
    assert not AuditEvent.objects.filter(action="pool.profile_changed").exists()


def test_a_project_lead_cannot_change_them(client, personas):
    member = member_for(personas.pat, wants_to_do=["reviewer"])
    client.force_login(personas.leo)
    response = client.post(
        reverse("pool:member-edit", args=[member.pk]), _details(member, wants_to_do=[])
    )
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.wants_to_do == ["reviewer"]


def test_they_are_in_the_members_data_download(client, personas):
    member_for(personas.pat, wants_to_do=["focus_group", "co_presenter"])
    client.force_login(personas.pat)
    data = json.loads(client.get(reverse("pool:my-data-download", args=["json"])).content)
    assert data["details"]["ways_i_would_like_to_be_involved"] == [
        "Focus group participant",
        "Co-presenter",
    ]
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("pool:my-data-download", args=["csv"])).content.decode())
        )
    )
    assert ["details", "ways_i_would_like_to_be_involved[2]", "Co-presenter"] in rows


def test_matching_ranks_someone_who_would_like_the_role_higher_and_says_why(personas):
    project = make_project(personas, service=personas.service, title="Clearer letters")
    opportunity = OpportunityFactory(project=project, role=OpportunityRole.REVIEWER)
    keen = member_for(personas.pat, wants_to_do=["reviewer"])
    elsewhere = member_for(personas.carl, wants_to_do=["team_member"])

    by_id = {s.member_id: s for s in matching_services.rank(opportunity, limit=None)}
    assert by_id[keen.pk].total > by_id[elsewhere.pk].total
    assert "Said they would like to be a reviewer" in by_id[keen.pk].reasons
    assert (
        "No matching skills recorded yet. Said they would like to be a project team member, "
        "not a reviewer"
    ) in by_id[elsewhere.pk].reasons


def test_people_who_joined_before_get_their_roles_into_matching_by_the_migration(personas):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "coproduce.pool.migrations.0006_wanted_roles_in_match_terms"
    )
    member = member_for(personas.pat, wants_to_do=["trainer", "reviewer"])
    others = member_for(personas.carl)
    PoolMember.objects.filter(pk=member.pk).update(match_terms="in_person remote w:stale")
    before = PoolMember.objects.get(pk=others.pk).match_terms

    migration.add_wanted_roles(apps, None)
    assert PoolMember.objects.get(pk=member.pk).match_terms == (
        "in_person remote w:reviewer w:trainer"
    )
    assert PoolMember.objects.get(pk=others.pk).match_terms == before
    migration.remove_wanted_roles(apps, None)
    assert PoolMember.objects.get(pk=member.pk).match_terms == "in_person remote"
