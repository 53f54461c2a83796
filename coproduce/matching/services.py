"""Ranking pool members for an opportunity, inviting them, and their replies.

Hard rules (active, consented, free in the period, training done, hours left) are filters in the
database; the scoring of whoever is left happens in coproduce.lib.matching.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import (
    Case,
    DateField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coproduce.audit import services as auditor
from coproduce.involvement import services as involvement_services
from coproduce.involvement.models import InvolvementRecord
from coproduce.lib import involvement_levels as levels
from coproduce.lib import matching
from coproduce.lib.durations import hours_text
from coproduce.matching.models import (
    Invitation,
    InvitationStatus,
    Opportunity,
    OpportunityRole,
    OpportunityStatus,
)
from coproduce.organisations.models import Service
from coproduce.outreach import services as outreach
from coproduce.pool import services as pool_services
from coproduce.pool.models import MemberStatus, PoolMember, ProfileOption
from coproduce.projects import services as project_services
from coproduce.projects.models import TeamMember
from coproduce.training.models import Completion

SHOWN_SUGGESTIONS = 20


class InvitationRefused(Exception):
    """The invitation or reply cannot go ahead; the message says why in plain words."""


def needs_for(opportunity: Opportunity) -> matching.Needs:
    project = opportunity.project
    return matching.Needs(
        role=opportunity.role,
        service=project.service_id,
        directorate=project.directorate_id,
        conditions=frozenset(opportunity.preferred_conditions.values_list("pk", flat=True)),
        topics=frozenset(opportunity.preferred_topics.values_list("pk", flat=True)),
        skills=frozenset(opportunity.preferred_skills.values_list("pk", flat=True)),
        area=opportunity.area_id,
        days=frozenset(opportunity.days or []),
        times=frozenset(opportunity.times or []),
        mode=opportunity.mode,
    )


def _overlapping_commitments(opportunity: Opportunity) -> QuerySet[Invitation]:
    """Accepted invitations whose dates overlap this opportunity's."""
    overlapping = Invitation.objects.filter(
        status=InvitationStatus.ACCEPTED,
        opportunity__organisation_id=opportunity.organisation_id,
    ).filter(
        Q(opportunity__end_date__isnull=True) | Q(opportunity__end_date__gte=opportunity.start_date)
    )
    if opportunity.end_date is not None:
        overlapping = overlapping.filter(opportunity__start_date__lte=opportunity.end_date)
    return overlapping.exclude(opportunity=opportunity)


def _over_their_hours(opportunity: Opportunity) -> list[int]:
    """People whose accepted opportunities at the same time leave too few hours for this one.

    Two small queries rather than one subquery: joining commitments to the whole pool to read
    each person's limit led PostgreSQL to scan every member (see docs/adr/0201).
    """
    committed = dict(
        _overlapping_commitments(opportunity)
        .order_by()
        .values("member_id")
        .annotate(total=Sum("opportunity__hours_per_month"))
        .values_list("member_id", "total")
    )
    if not committed:
        return []
    limits = PoolMember.objects.filter(pk__in=list(committed)).values_list(
        "pk", "max_hours_per_month"
    )
    return [pk for pk, most in limits if committed[pk] + opportunity.hours_per_month > most]


def eligible_members(opportunity: Opportunity) -> QuerySet[PoolMember]:
    """Everyone who could take the opportunity up, by the hard rules, in one query."""
    start = opportunity.start_date
    members = PoolMember.objects.filter(
        organisation_id=opportunity.organisation_id,
        status=MemberStatus.ACTIVE,
        is_anonymised=False,
        consented_at__isnull=False,
        user__isnull=False,
        max_hours_per_month__gte=opportunity.hours_per_month,
    ).filter(Q(away_until__isnull=True) | Q(away_until__lte=start))
    for course_id in opportunity.required_courses.values_list("pk", flat=True):
        members = members.filter(
            Exists(
                Completion.objects.filter(
                    user_id=OuterRef("user_id"), course_id=course_id, completed_on__lte=start
                ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=start))
            )
        )
    over_their_hours = _over_their_hours(opportunity)
    already_invited = Invitation.objects.filter(opportunity=opportunity).values("member_id")
    return members.exclude(pk__in=over_their_hours).exclude(pk__in=already_invited)


def why_not_eligible(opportunity: Opportunity, member: PoolMember) -> list[str]:
    """The hard rules a person does not meet, in plain words (empty when they meet them all)."""
    reasons = []
    start = opportunity.start_date
    if member.status != MemberStatus.ACTIVE:
        reasons.append(f"Their status is {member.get_status_display().lower()}, not active")
    if not member.consented_at:
        reasons.append("They have not given consent to hold their information")
    if member.user_id is None:
        reasons.append("They do not have a sign-in yet")
    if member.away_until and member.away_until > start:
        reasons.append(f"They are away until {member.away_until:%-d %B %Y}")
    if member.max_hours_per_month < opportunity.hours_per_month:
        reasons.append(
            f"It needs {hours_text(opportunity.hours_per_month)} a month; their most is "
            f"{hours_text(member.max_hours_per_month)}"
        )
    else:
        committed = (
            _overlapping_commitments(opportunity)
            .filter(member=member)
            .aggregate(total=Sum("opportunity__hours_per_month"))["total"]
            or 0
        )
        if committed + opportunity.hours_per_month > member.max_hours_per_month:
            reasons.append(
                f"They already give {hours_text(committed)} a month at that time; this would "
                f"take them over their most of {hours_text(member.max_hours_per_month)}"
            )
    for course in opportunity.required_courses.all():
        done = (
            member.user_id is not None
            and Completion.objects.filter(
                user_id=member.user_id, course=course, completed_on__lte=start
            )
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=start))
            .exists()
        )
        if not done:
            reasons.append(
                f"They have not completed {course.title} (or it runs out before the start)"
            )
    return reasons


def _last_involved_queries(today: datetime.date, members: Q | None = None) -> list[Any]:
    """Grouped queries of (pool member id, the last day they were involved), for fairness.

    The last day a person was actually involved, not the day they joined: a place on a team
    they have not left (or leave after today) counts as today; a place they have left, the day
    they left; any other involvement in the ledger, its end or else its date, never later than
    today. Two queries, one per source; the caller keeps the later of the two."""
    on = Value(today, output_field=DateField())
    team = TeamMember.objects.filter(pool_member__isnull=False).annotate(
        until=Case(
            When(Q(left_on__isnull=True) | Q(left_on__gt=today), then=on),
            default=F("left_on"),
            output_field=DateField(),
        )
    )
    records = InvolvementRecord.objects.filter(pool_member__isnull=False).annotate(
        until=Least(Coalesce("ended_on", "started_on"), on, output_field=DateField())
    )
    if members is not None:
        team, records = team.filter(members), records.filter(members)
    return [
        rows.order_by()
        .values("pool_member_id")
        .annotate(last=Max("until"))
        .values_list("pool_member_id", "last")
        for rows in (team, records)
    ]


def _as_date(value: datetime.date | str | None) -> datetime.date | None:
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    return value


def last_involved(today: datetime.date, members: Q | None = None) -> dict[int, datetime.date]:
    """When each pool member was last involved (see `_last_involved_queries`), read straight
    from the cursor: tens of thousands of rows for a large pool (see docs/adr/0201)."""
    last: dict[int, datetime.date] = {}
    with connection.cursor() as cursor:
        for query in _last_involved_queries(today, members):
            cursor.execute(*query.query.sql_with_params())
            for member_id, value in cursor.fetchall():
                when = _as_date(value)
                if when is not None and (member_id not in last or when > last[member_id]):
                    last[member_id] = when
    return last


def last_involved_on(
    member: PoolMember, today: datetime.date | None = None
) -> datetime.date | None:
    """When the member was last involved in a project (the fairness part of the score)."""
    today = today or timezone.localdate()
    return last_involved(today, Q(pool_member_id=member.pk)).get(member.pk)


def labels_for(organisation_id: int) -> dict[str, dict]:
    labels: dict[str, dict] = {"conditions": {}, "topics": {}, "skills": {}, "areas": {}}
    kinds = {"condition": "conditions", "topic": "topics", "skill": "skills", "area": "areas"}
    for pk, kind, name in ProfileOption.objects.filter(organisation_id=organisation_id).values_list(
        "pk", "kind", "name"
    ):
        labels[kinds[kind]][pk] = name
    labels["services"] = dict(
        Service.objects.filter(directorate__organisation_id=organisation_id).values_list(
            "pk", "name"
        )
    )
    labels["roles"] = dict(OpportunityRole.choices)
    return labels


def rank(
    opportunity: Opportunity,
    *,
    limit: int | None = SHOWN_SUGGESTIONS,
    today: datetime.date | None = None,
) -> list[matching.Suggestion]:
    """The best eligible people for the opportunity, best first, each with reasons."""
    today = today or timezone.localdate()
    last = last_involved(today)
    # Tens of thousands of (id, terms) pairs: read them straight from the cursor, skipping the
    # per-row work of Django's iterator (see docs/adr/0201).
    query = eligible_members(opportunity).order_by().values_list("pk", "match_terms").query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return matching.rank_terms(
        rows,
        needs_for(opportunity),
        today,
        last_involved=last,
        limit=limit,
        labels=labels_for(opportunity.organisation_id),
    )


@dataclass(frozen=True)
class Placing:
    """Where a person stands for an opportunity when the coordinator invites them."""

    eligible: bool
    rank: int | None
    suggestion: matching.Suggestion | None
    not_eligible_because: list[str]

    @property
    def is_override(self) -> bool:
        return not self.eligible or self.rank is None or self.rank > SHOWN_SUGGESTIONS


def placing(opportunity: Opportunity, member: PoolMember) -> Placing:
    ranked = rank(opportunity, limit=None)
    for position, suggestion in enumerate(ranked, start=1):
        if suggestion.member_id == member.pk:
            return Placing(True, position, suggestion, [])
    today = timezone.localdate()
    candidate = matching.candidate_from_terms(
        member.pk, member.match_terms, last_involved_on(member)
    )
    explained = matching.explain(
        candidate, needs_for(opportunity), today, labels_for(opportunity.organisation_id)
    )
    return Placing(False, None, explained, why_not_eligible(opportunity, member))


def _breakdown(suggestion: matching.Suggestion | None) -> list[dict[str, Any]]:
    if suggestion is None:
        return []
    return [
        {"name": p.name, "points": p.points, "out_of": p.out_of, "reason": p.reason}
        for p in suggestion.parts
    ]


def _email(template: str, context: dict[str, Any], subject: str, to: list[str]) -> None:
    recipients = [address for address in to if address]
    if recipients:
        send_mail(
            subject=subject,
            message=render_to_string(template, {"site_url": settings.SITE_URL, **context}),
            from_email=None,
            recipient_list=recipients,
        )


@transaction.atomic
def invite(
    opportunity: Opportunity,
    member: PoolMember,
    *,
    by: Any,
    message: str = "",
    override_reason: str = "",
) -> Invitation:
    """Invite one person. Inviting someone the ranking did not suggest needs a reason, and the
    override is recorded with the score and reasons as they stood."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.status != OpportunityStatus.OPEN:
        raise InvitationRefused("This opportunity is not open, so nobody can be invited")
    if member.organisation_id != opportunity.organisation_id or member.is_anonymised:
        raise InvitationRefused("This person cannot be invited")
    if member.user_id is None:
        raise InvitationRefused(
            f"{member.first_name} does not have a sign-in yet, so cannot reply. Make them active "
            "first."
        )
    if Invitation.objects.filter(opportunity=opportunity, member=member).exists():
        raise InvitationRefused(f"{member.first_name} has already been invited")
    where = placing(opportunity, member)
    override_reason = override_reason.strip()
    if where.is_override and not override_reason:
        raise InvitationRefused(
            f"Say why you are inviting {member.first_name}: they are not among the suggestions"
        )
    invitation = Invitation.objects.create(
        opportunity=opportunity,
        member=member,
        message=message,
        score=where.suggestion.total if where.suggestion else None,
        rank=where.rank,
        breakdown=_breakdown(where.suggestion),
        override_reason=override_reason if where.is_override else "",
        sent_by=by,
    )
    auditor.record(
        "matching.member_invited",
        actor=by,
        target=opportunity,
        changes={
            "invited": [None, str(member)],
            "score": [None, invitation.score],
            "rank": [None, invitation.rank],
        },
    )
    if invitation.override_reason:
        auditor.record(
            "matching.suggestion_overridden",
            actor=by,
            target=opportunity,
            changes={
                "invited": [None, str(member)],
                "reason": [None, invitation.override_reason],
                "not eligible because": [None, where.not_eligible_because],
            },
        )
    # Reached the way they chose: an email, a text, a letter or a call from the team.
    outreach.send(
        "invitation",
        member=member,
        context={"invitation": invitation, "member": member, "opportunity": opportunity},
    )
    return invitation


# Where a role other than the team shows in the ledger when the opportunity names no stage
# (other than the team) it serves: as consultation there, which is little i.
ROLE_STAGE = {
    OpportunityRole.FOCUS_GROUP: levels.FOCUS,
    OpportunityRole.REVIEWER: levels.CHANGE_IDEAS,
    OpportunityRole.CO_PRESENTER: levels.REPORTING,
    OpportunityRole.TRAINER: levels.FOCUS,
}


def ledger_entries(role: str, stages: list[str]) -> list[tuple[str, str]]:
    """What accepting a place in this role counts for in the involvement ledger, as (stage,
    how) pairs. Only the team role is the team stage. Another role counts for each stage the
    opportunity serves (a focus group only as consultation, little i: DOMAIN.md 1); with none
    named, as consultation at the stage the role usually serves."""
    if role == OpportunityRole.TEAM_MEMBER:
        return [(levels.TEAM, levels.TOOK_PART)]
    served = [stage for stage in levels.STAGES if stage in stages and stage != levels.TEAM]
    if not served:
        return [(ROLE_STAGE.get(role, levels.FOCUS), levels.CONSULTED)]
    how = levels.CONSULTED if role == OpportunityRole.FOCUS_GROUP else levels.TOOK_PART
    return [(stage, how) for stage in served]


def _record_involvement(invitation: Invitation, *, by: Any) -> None:
    """Write what an accepted invitation counts for (the one place that maps a role to the
    ledger): a place on the team for the team role, ledger entries at the stages it serves for
    any other role. Both refresh the project's monthly levels."""
    opportunity = invitation.opportunity
    member = invitation.member
    starts_on = max(timezone.localdate(), opportunity.start_date)
    role = opportunity.get_role_display()
    entries = ledger_entries(opportunity.role, list(opportunity.stages or []))
    if entries == [(levels.TEAM, levels.TOOK_PART)]:
        invitation.team_member = project_services.add_team_member(
            opportunity.project, pool_member=member, joined_on=starts_on, role_on_team=role, by=by
        )
        return
    for stage, how in entries:
        involvement_services.add_record(
            opportunity.project,
            by=by,
            stage=stage,
            how=how,
            pool_member=member,
            started_on=starts_on,
            evidence=f"{role}: accepted the invitation to \u201c{opportunity.title}\u201d",
            invitation=invitation,
        )


@transaction.atomic
def reply(invitation: Invitation, *, accept: bool, reason: str, by: Any) -> Invitation:
    """The member accepts or declines. Accepting records their involvement: a place on the
    project team for the team role, ledger entries for any other (`ledger_entries`)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != InvitationStatus.SENT:
        raise InvitationRefused("You have already replied to this invitation")
    opportunity = invitation.opportunity
    member = invitation.member
    if accept:
        if opportunity.status != OpportunityStatus.OPEN:
            raise InvitationRefused(
                "Sorry, this opportunity has closed. The involvement team will be in touch."
            )
        _record_involvement(invitation, by=by)
    invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.responded_at = timezone.now()
    invitation.reply_reason = reason.strip()
    invitation.save()
    auditor.record(
        "matching.invitation_accepted" if accept else "matching.invitation_declined",
        actor=by,
        target=opportunity,
        changes={"member": [None, str(member)], "status": ["sent", invitation.status]},
    )
    if accept:
        pool_services.refresh_match_terms(member)
        accepted = opportunity.invitations.filter(status=InvitationStatus.ACCEPTED).count()
        if accepted >= opportunity.places:
            Opportunity.objects.filter(pk=opportunity.pk).update(status=OpportunityStatus.FILLED)
            auditor.record(
                "matching.opportunity_filled",
                actor=by,
                target=opportunity,
                changes={"status": [OpportunityStatus.OPEN, OpportunityStatus.FILLED]},
            )
    context = {
        "invitation": invitation,
        "member": member,
        "opportunity": opportunity,
        "link": settings.SITE_URL + reverse("matching:opportunity-detail", args=[opportunity.pk]),
    }
    staff = {invitation.sent_by.email, opportunity.project.lead.email}
    transaction.on_commit(
        lambda: _email(
            "matching/emails/reply.txt",
            context,
            f"{member.first_name} has {'accepted' if accept else 'declined'} an invitation",
            sorted(staff),
        )
    )
    return invitation


@transaction.atomic
def withdraw(invitation: Invitation, *, by: Any) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != InvitationStatus.SENT:
        raise InvitationRefused("Only invitations still waiting for a reply can be withdrawn")
    invitation.status = InvitationStatus.WITHDRAWN
    invitation.save(update_fields=["status"])
    auditor.record(
        "matching.invitation_withdrawn",
        actor=by,
        target=invitation.opportunity,
        changes={"member": [None, str(invitation.member)], "status": ["sent", "withdrawn"]},
    )
    return invitation


def send_reminders(*, after_days: int = 5, now: datetime.datetime | None = None) -> int:
    """Remind people once about invitations they have not answered. Returns how many were sent."""
    now = now or timezone.now()
    due = Invitation.objects.filter(
        status=InvitationStatus.SENT,
        reminded_at__isnull=True,
        sent_at__lte=now - datetime.timedelta(days=after_days),
        opportunity__status=OpportunityStatus.OPEN,
        member__is_anonymised=False,
    ).select_related("member", "opportunity")
    sent = 0
    for invitation in due:
        with transaction.atomic():
            claimed = Invitation.objects.filter(pk=invitation.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            _email(
                "matching/emails/reminder.txt",
                {
                    "invitation": invitation,
                    "member": invitation.member,
                    "opportunity": invitation.opportunity,
                },
                "A reminder: you have an invitation waiting",
                [invitation.member.email],
            )
            sent += 1
    return sent
