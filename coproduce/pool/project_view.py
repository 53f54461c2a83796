"""A pool member's own view of a project they are on: what it is, their part in it, who to ask
and the dates known. Never the team's working papers: no other team members, no ledger, no
progress score (those are on the staff project page)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from coproduce.involvement.models import InvolvementRecord
from coproduce.matching.models import Invitation, InvitationStatus, Opportunity
from coproduce.organisations.contact import TeamContact, team_contact
from coproduce.pool.models import TIMES_OF_DAY, WEEKDAYS, PoolMember
from coproduce.projects.models import Project, TeamMember

DAY_NAMES = dict(WEEKDAYS)
TIME_NAMES = dict(TIMES_OF_DAY)


@dataclass
class KnownDate:
    on: datetime.date
    what: str
    coming_up: bool


@dataclass
class Part:
    """One spell of taking part: a place on the team, or the ledger entries of a place taken
    through an invitation for another role (a reviewer, a focus group), with its opportunity."""

    role: str
    started_on: datetime.date
    ended_on: datetime.date | None
    opportunity: Opportunity | None
    on_team: bool = True
    stages: tuple[str, ...] = ()

    @classmethod
    def on_the_team(cls, membership: TeamMember, opportunity: Opportunity | None) -> "Part":
        return cls(
            membership.role_on_team or "Member of the project team",
            membership.joined_on,
            membership.left_on,
            opportunity,
        )

    @property
    def when(self) -> str:
        if self.ended_on and self.ended_on != self.started_on:
            return f"From {self.started_on:%-d %B %Y} to {self.ended_on:%-d %B %Y}"
        if self.ended_on:
            return f"On {self.started_on:%-d %B %Y}"
        return f"From {self.started_on:%-d %B %Y}"

    @property
    def usual_times(self) -> str:
        if self.opportunity is None:
            return ""
        days = [DAY_NAMES.get(code, code) for code in self.opportunity.days or []]
        times = [TIME_NAMES.get(code, code).lower() for code in self.opportunity.times or []]
        if days and times:
            return f"{', '.join(days)}; {', '.join(times)}"
        return ", ".join(days) or ", ".join(times).capitalize()

    @property
    def where(self) -> str:
        if self.opportunity is None:
            return ""
        mode = self.opportunity.get_mode_display()
        return f"{mode}, {self.opportunity.place}" if self.opportunity.place else mode


@dataclass
class MemberProjectView:
    project: Project
    parts: list[Part]
    contact: TeamContact
    dates: list[KnownDate] = field(default_factory=list)

    @property
    def still_involved(self) -> bool:
        return any(part.ended_on is None for part in self.parts)


def member_project_view(
    member: PoolMember,
    memberships: list[TeamMember],
    records: list[InvolvementRecord] | None = None,
    today: datetime.date | None = None,
) -> MemberProjectView:
    """The project of `memberships` and `records` (all the member's own, on one project) as the
    member sees it."""
    today = today or timezone.localdate()
    records = records or []
    project = memberships[0].project if memberships else records[0].project
    accepted = {
        invitation.team_member_id: invitation.opportunity
        for invitation in Invitation.objects.filter(
            member=member,
            status=InvitationStatus.ACCEPTED,
            team_member__in=memberships,
        ).select_related("opportunity")
    }
    parts = [
        Part.on_the_team(membership, accepted.get(membership.pk)) for membership in memberships
    ]
    grouped: dict[tuple[str, int], list[InvolvementRecord]] = {}
    for record in records:
        key = ("invitation", record.invitation_id) if record.invitation_id else ("", record.pk)
        grouped.setdefault(key, []).append(record)
    for group in grouped.values():
        first = group[0]
        opportunity = first.invitation.opportunity if first.invitation_id else None
        ends = [record.ended_on or record.started_on for record in group]
        parts.append(
            Part(
                opportunity.get_role_display() if opportunity else first.get_stage_display(),
                min(record.started_on for record in group),
                max(ends),
                opportunity,
                on_team=False,
                stages=tuple(record.get_stage_display() for record in group),
            )
        )
    dates: list[tuple[datetime.date, str]] = [(project.start_date, "The project started")]
    for part in parts:
        if part.on_team:
            dates.append((part.started_on, f"You joined the team ({part.role.lower()})"))
            if part.ended_on:
                dates.append((part.ended_on, "You left the team"))
        else:
            dates.append((part.started_on, f"You took part ({part.role.lower()})"))
        opportunity = part.opportunity
        if opportunity is not None and opportunity.start_date != part.started_on:
            dates.append((opportunity.start_date, f"{opportunity.title} starts"))
        if opportunity is not None and opportunity.end_date:
            dates.append((opportunity.end_date, f"{opportunity.title} ends"))
    if project.findings_shared_on:
        dates.append((project.findings_shared_on, "The project first reported what it found"))
    known = [KnownDate(on, what, on > today) for on, what in sorted(set(dates))]
    return MemberProjectView(
        project=project, parts=parts, contact=team_contact(project.organisation), dates=known
    )
