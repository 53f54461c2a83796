"""A pool member's own view of a project they are on: what it is, their part in it, who to ask
and the dates known. Never the team's working papers: no other team members, no ledger, no
progress score (those are on the staff project page)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

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
    """One spell on the team, and the opportunity it came from if it came through an invitation."""

    membership: TeamMember
    opportunity: Opportunity | None

    @property
    def role(self) -> str:
        return self.membership.role_on_team or "Member of the project team"

    @property
    def when(self) -> str:
        start = self.membership.joined_on
        if self.membership.left_on:
            return f"From {start:%-d %B %Y} to {self.membership.left_on:%-d %B %Y}"
        return f"From {start:%-d %B %Y}"

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
        return any(part.membership.left_on is None for part in self.parts)


def member_project_view(
    member: PoolMember, memberships: list[TeamMember], today: datetime.date | None = None
) -> MemberProjectView:
    """The project of `memberships` (all the member's own, on one project) as the member sees it."""
    today = today or timezone.localdate()
    project = memberships[0].project
    accepted = {
        invitation.team_member_id: invitation.opportunity
        for invitation in Invitation.objects.filter(
            member=member,
            status=InvitationStatus.ACCEPTED,
            team_member__in=memberships,
        ).select_related("opportunity")
    }
    parts = [Part(membership, accepted.get(membership.pk)) for membership in memberships]
    dates: list[tuple[datetime.date, str]] = [(project.start_date, "The project started")]
    for part in parts:
        dates.append((part.membership.joined_on, f"You joined the team ({part.role.lower()})"))
        if part.membership.left_on:
            dates.append((part.membership.left_on, "You left the team"))
        opportunity = part.opportunity
        if opportunity is not None and opportunity.start_date != part.membership.joined_on:
            dates.append((opportunity.start_date, f"{opportunity.title} starts"))
        if opportunity is not None and opportunity.end_date:
            dates.append((opportunity.end_date, f"{opportunity.title} ends"))
    if project.findings_shared_on:
        dates.append((project.findings_shared_on, "The project first reported what it found"))
    known = [KnownDate(on, what, on > today) for on, what in sorted(set(dates))]
    return MemberProjectView(
        project=project, parts=parts, contact=team_contact(project.organisation), dates=known
    )
