"""Accepted invitations to roles other than the team (a reviewer, a focus group place) used to
put the person on the project team, so they counted at the "member of the project team" stage.
The role is on the invitation, so each such place becomes what it really was: ledger entries
at the stages the opportunity served (a focus group as consultation), with the team place
removed and the change in the audit log. A place its holder has used as a team member (a PDSA
cycle they took part in, a change idea they proposed) is left on the team.

The stored monthly measure of each trust affected is marked as not yet worked out, so the next
visit to the dashboard (or `coproduce rebuild_involvement_measure`) rebuilds it.
"""

from django.db import migrations

TEAM_MEMBER = "team_member"
FOCUS_GROUP = "focus_group"
STAGES = ("focus", "team", "change_ideas", "pdsa", "reporting")
# The mapping of `coproduce.matching.services.ledger_entries` as it stood, frozen here.
ROLE_STAGE = {
    "focus_group": "focus",
    "reviewer": "change_ideas",
    "co_presenter": "reporting",
    "trainer": "focus",
}
ROLE_NAMES = {
    "focus_group": "Focus group participant",
    "reviewer": "Reviewer",
    "co_presenter": "Co-presenter",
    "trainer": "Trainer",
}


def _entries(role, stages):
    served = [stage for stage in STAGES if stage in (stages or []) and stage != "team"]
    if not served:
        return [(ROLE_STAGE.get(role, "focus"), "consulted")]
    how = "consulted" if role == FOCUS_GROUP else "took_part"
    return [(stage, how) for stage in served]


def forwards(apps, schema_editor):
    Invitation = apps.get_model("matching", "Invitation")
    InvolvementRecord = apps.get_model("involvement", "InvolvementRecord")
    InvolvementSettings = apps.get_model("involvement", "InvolvementSettings")
    DriverElement = apps.get_model("projects", "DriverElement")
    PdsaCycle = apps.get_model("projects", "PdsaCycle")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Participation = PdsaCycle.participants.through
    affected = set()
    wrong = (
        Invitation.objects.filter(status="accepted", team_member__isnull=False)
        .exclude(opportunity__role=TEAM_MEMBER)
        .select_related("opportunity__project", "team_member")
        .order_by("pk")
    )
    for invitation in wrong:
        place = invitation.team_member
        used = (
            Participation.objects.filter(teammember_id=place.pk).exists()
            or DriverElement.objects.filter(proposed_by_id=place.pk).exists()
        )
        if used:
            continue
        opportunity = invitation.opportunity
        role = ROLE_NAMES.get(opportunity.role, opportunity.role)
        entries = _entries(opportunity.role, opportunity.stages)
        for stage, how in entries:
            InvolvementRecord.objects.create(
                project_id=place.project_id,
                stage=stage,
                how=how,
                pool_member_id=place.pool_member_id or invitation.member_id,
                started_on=place.joined_on,
                evidence=f"{role}: accepted the invitation to \u201c{opportunity.title}\u201d",
                invitation_id=invitation.pk,
            )
        invitation.team_member = None
        invitation.save(update_fields=["team_member"])
        AuditEvent.objects.create(
            actor_label="system",
            action="involvement.invitation_role_corrected",
            target_type="projects.project",
            target_id=str(place.project_id),
            target_label=str(opportunity.project.title)[:255],
            changes={
                "team member": [f"pool member {place.pool_member_id}", None],
                "role on team": [place.role_on_team, None],
                "joined on": [place.joined_on.isoformat(), None],
                "ledger entries": [None, [f"{stage}: {how}" for stage, how in entries]],
            },
            organisation_id=opportunity.organisation_id,
        )
        place.delete()
        affected.add(opportunity.organisation_id)
    InvolvementSettings.objects.filter(organisation_id__in=affected).update(measured_through=None)


class Migration(migrations.Migration):
    dependencies = [
        ("involvement", "0004_record_from_invitation"),
        ("matching", "0002_initial"),
        ("projects", "0003_project_list_order_index"),
        ("audit", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
