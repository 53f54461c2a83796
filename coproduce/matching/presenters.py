"""What opportunity pages show, with what each viewer may see about pool members."""

from dataclasses import dataclass
from typing import Any

from coproduce.lib.matching import Suggestion
from coproduce.matching.models import Invitation, Opportunity
from coproduce.pool.models import PoolMember

# The parts of a suggestion's reasons a project lead may see: experience relevant to their
# project and what the person is interested in, never the rest of their profile.
LEAD_PARTS = ("Lived experience", "Topics", "Skills")


@dataclass(frozen=True)
class SuggestionRow:
    member_id: int
    name: str
    href: str | None
    total: int
    parts: list[dict[str, Any]]


def suggestion_rows(
    suggestions: list[Suggestion], *, full_view: bool, member_href: Any
) -> list[SuggestionRow]:
    """Rows for the suggestions table. The team sees full names and every reason; a project
    lead sees first names and the reasons about relevant experience only."""
    members = PoolMember.objects.in_bulk([s.member_id for s in suggestions])
    rows = []
    for suggestion in suggestions:
        member = members.get(suggestion.member_id)
        if member is None:
            continue
        parts = [
            {"name": p.name, "points": p.points, "out_of": p.out_of, "reason": p.reason}
            for p in suggestion.parts
            if full_view or p.name in LEAD_PARTS
        ]
        rows.append(
            SuggestionRow(
                member_id=member.pk,
                name=member.full_name if full_view else member.first_name,
                href=member_href(member) if full_view else None,
                total=suggestion.total,
                parts=parts,
            )
        )
    return rows


def invitation_rows(opportunity: Opportunity, user: Any) -> list[dict[str, Any]]:
    rows = []
    for invitation in opportunity.invitations.select_related("member", "sent_by").order_by(
        "sent_at"
    ):
        member = invitation.member
        sees_contact = user.has_perm("matching.view_contact_details", invitation)
        rows.append(
            {
                "invitation": invitation,
                "name": member.full_name if sees_contact else member.first_name,
                "email": member.email if sees_contact else "",
                "phone": member.phone if sees_contact else "",
                "sees_contact": sees_contact,
            }
        )
    return rows


def team_rows(opportunity: Opportunity, user: Any) -> list[dict[str, str]]:
    """Who is on the project's team now. Pool members show by first name unless the viewer may
    see their contact details through an accepted invitation."""
    accepted = {
        inv.member_id: inv
        for inv in Invitation.objects.filter(
            opportunity__project=opportunity.project, status="accepted"
        )
    }
    rows = []
    for row in opportunity.project.team.select_related("user", "pool_member").filter(
        left_on__isnull=True
    ):
        if row.pool_member_id:
            invitation = accepted.get(row.pool_member_id)
            full = user.has_perm("pool.view_member", row.pool_member) or (
                invitation is not None
                and user.has_perm("matching.view_contact_details", invitation)
            )
            name = row.pool_member.full_name if full else row.pool_member.first_name
            who = "Patient or carer"
        elif row.user_id:
            name, who = row.user.full_name, "Staff"
        else:
            name, who = (row.outside_name or "Anonymous patient or carer"), "Patient or carer"
        rows.append(
            {"name": name, "who": who, "role": row.role_on_team, "joined_on": row.joined_on}
        )
    return rows
