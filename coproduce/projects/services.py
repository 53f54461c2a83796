"""Changes to projects and their teams. Each is audited in the same transaction."""

import datetime
from typing import Any

from django.db import transaction

from coproduce.audit import services as auditor
from coproduce.projects.models import Project, TeamMember


@transaction.atomic
def add_team_member(
    project: Project,
    *,
    joined_on: datetime.date,
    by: Any,
    user: Any = None,
    pool_member: Any = None,
    outside_name: str = "",
    is_patient_or_carer: bool | None = None,
    role_on_team: str = "",
) -> TeamMember:
    """Add someone to a project's team: staff (`user`), a pool member, or a patient or carer
    outside the pool (`outside_name`, or nobody named for an anonymous one).

    A pool member joining the team is involvement at the "member of the team" stage, which the
    involvement ledger picks up from this row.
    """
    if user is not None and pool_member is not None:
        raise ValueError("A team member is either staff or a pool member, not both")
    if is_patient_or_carer is None:
        is_patient_or_carer = user is None
    member = TeamMember.objects.create(
        project=project,
        user=user,
        pool_member=pool_member,
        outside_name=outside_name,
        is_patient_or_carer=is_patient_or_carer,
        role_on_team=role_on_team,
        joined_on=joined_on,
    )
    auditor.record(
        "projects.team_member_added",
        actor=by,
        target=project,
        changes={
            "team member": [None, str(member)],
            "role on team": [None, role_on_team],
            "joined on": [None, joined_on],
        },
    )
    return member
