import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.matching.models import Invitation, InvitationStatus, OpportunityStatus
from coproduce.pool.models import MemberStatus
from coproduce.projects.models import TeamMember

pytestmark = pytest.mark.django_db


def test_the_coordinator_invites_suggested_people_with_their_scores_recorded(
    client, personas, opportunity, pat_member, carl_member, django_capture_on_commit_callbacks
):
    client.force_login(personas.cora)
    page = client.get(reverse("matching:suggestions", args=[opportunity.pk])).content.decode()
    assert "Pat Example" in page and "Carl Example" in page
    assert "Has not been involved in a project yet" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("matching:suggestions", args=[opportunity.pk]),
            {"members": [str(carl_member.pk)], "message": "We would love your view as a carer."},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.member == carl_member
    assert invitation.sent_by == personas.cora
    assert invitation.rank in (1, 2) and invitation.score is not None
    assert [part["name"] for part in invitation.breakdown][0] == "Lived experience"
    assert invitation.override_reason == ""
    [email] = mail.outbox
    assert email.to == [carl_member.email]
    assert "We would love your view as a carer." in email.body
    assert reverse("pool:my-invitation", args=[invitation.pk]) in email.body
    assert AuditEvent.objects.filter(action="matching.member_invited").exists()
    assert not AuditEvent.objects.filter(action="matching.suggestion_overridden").exists()


def test_inviting_with_nobody_selected_shows_an_error(client, personas, opportunity, pat_member):
    client.force_login(personas.cora)
    body = client.post(
        reverse("matching:suggestions", args=[opportunity.pk]), {"members": []}
    ).content.decode()
    assert "Select at least one person to invite" in body
    assert not Invitation.objects.exists()


def test_inviting_someone_the_rules_left_out_needs_a_reason_which_is_recorded(
    client, personas, opportunity, pat_member
):
    pat_member.status = MemberStatus.PAUSED
    pat_member.save()
    client.force_login(personas.cora)
    url = reverse("matching:invite-other", args=[opportunity.pk])
    body = client.post(url, {"member": str(pat_member.pk), "reason": ""}).content.decode()
    assert "Enter why you are inviting them" in body
    assert not Invitation.objects.exists()
    client.post(url, {"member": str(pat_member.pk), "reason": "Asked to be considered for this"})
    invitation = Invitation.objects.get()
    assert invitation.override_reason == "Asked to be considered for this"
    assert invitation.rank is None
    event = AuditEvent.objects.get(action="matching.suggestion_overridden")
    assert event.changes["reason"] == [None, "Asked to be considered for this"]
    assert event.changes["not eligible because"][1] == ["Their status is paused, not active"]


def test_accepting_puts_the_member_on_the_project_team_and_tells_the_staff(
    client, personas, opportunity, carl_member, django_capture_on_commit_callbacks
):
    invitation = Invitation.objects.create(
        opportunity=opportunity, member=carl_member, sent_by=personas.cora
    )
    client.force_login(personas.carl)
    page = client.get(reverse("pool:my-involvement")).content.decode()
    assert opportunity.title in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("pool:my-invitation", args=[invitation.pk]),
            {"answer": "accept", "reason": "Happy to help"},
        )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    team_row = TeamMember.objects.get(project=opportunity.project, pool_member=carl_member)
    assert invitation.team_member == team_row
    assert team_row.is_patient_or_carer
    assert team_row.role_on_team == "Project team member"
    assert team_row.joined_on == max(timezone.localdate(), opportunity.start_date)
    assert AuditEvent.objects.filter(action="projects.team_member_added").exists()
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.FILLED  # one place, now taken
    [email] = mail.outbox
    assert sorted(email.to) == ["cora@example.org", "leo@example.org"]
    assert "Carl has accepted" in email.subject
    carl_member.refresh_from_db()
    assert "r:team_member" in carl_member.match_terms.split()
    # The member can no longer reply twice.
    body = client.post(
        reverse("pool:my-invitation", args=[invitation.pk]), {"answer": "decline"}
    ).content.decode()
    assert "Send my reply" not in body
    # The lead is on the team from the start; only one patient or carer joined.
    assert TeamMember.objects.filter(pool_member__isnull=False).count() == 1


def test_declining_with_or_without_a_reason_leaves_the_team_alone(
    client, personas, opportunity, pat_member
):
    invitation = Invitation.objects.create(
        opportunity=opportunity, member=pat_member, sent_by=personas.cora
    )
    client.force_login(personas.pat)
    body = client.post(reverse("pool:my-invitation", args=[invitation.pk]), {}).content.decode()
    assert "Select yes or no" in body
    client.post(reverse("pool:my-invitation", args=[invitation.pk]), {"answer": "decline"})
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert invitation.reply_reason == ""
    assert not TeamMember.objects.filter(pool_member__isnull=False).exists()


def test_reminders_go_once_to_people_who_have_not_replied(
    personas, opportunity, pat_member, carl_member
):
    old = Invitation.objects.create(
        opportunity=opportunity, member=pat_member, sent_by=personas.cora
    )
    Invitation.objects.filter(pk=old.pk).update(sent_at=timezone.now() - datetime.timedelta(days=6))
    Invitation.objects.create(opportunity=opportunity, member=carl_member, sent_by=personas.cora)
    call_command("remind_invitations")
    assert [m.to for m in mail.outbox] == [[pat_member.email]]
    assert "reminder" in mail.outbox[0].subject
    call_command("remind_invitations")
    assert len(mail.outbox) == 1


def test_the_coordinator_can_withdraw_an_invitation(client, personas, opportunity, pat_member):
    invitation = Invitation.objects.create(
        opportunity=opportunity, member=pat_member, sent_by=personas.cora
    )
    client.force_login(personas.cora)
    client.post(reverse("matching:invitation-withdraw", args=[opportunity.pk, invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN
    client.force_login(personas.pat)
    body = client.post(
        reverse("pool:my-invitation", args=[invitation.pk]), {"answer": "accept"}
    ).content.decode()
    assert "Send my reply" not in body
    assert not TeamMember.objects.filter(pool_member__isnull=False).exists()
