"""Workflows for the pool: joining, status changes, profiles, checks, and a person's own data.

Every change is audited in the same transaction. Sensitive values (lived experience,
adjustments, benefits) are never copied into the audit log: only the fact that they changed.
Reminders about checks running out change only the check's record of what was sent, as training
reminders do, and are not audited.
"""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts import services as account_services
from coproduce.accounts.models import Role, User
from coproduce.audit import services as auditor
from coproduce.lib import check_expiry, matching
from coproduce.organisations.contact import team_contact
from coproduce.pool.models import (
    Check,
    CheckKind,
    MemberStatus,
    PoolMember,
    ReminderStage,
    StatusChange,
)

logger = logging.getLogger(__name__)

# Where a person can go from each status. "left" can restart at onboarding if they come back.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    MemberStatus.ENQUIRY: (MemberStatus.ONBOARDING, MemberStatus.ACTIVE, MemberStatus.LEFT),
    MemberStatus.ONBOARDING: (MemberStatus.ACTIVE, MemberStatus.PAUSED, MemberStatus.LEFT),
    MemberStatus.ACTIVE: (MemberStatus.PAUSED, MemberStatus.LEFT),
    MemberStatus.PAUSED: (MemberStatus.ACTIVE, MemberStatus.LEFT),
    MemberStatus.LEFT: (MemberStatus.ONBOARDING,),
}

CONTACT_FIELDS = ("first_name", "last_name", "email", "phone", "kind")
PROFILE_FIELDS = (
    "wants_to_do",
    "about_me",
    "languages",
    "available_days",
    "available_times",
    "in_person",
    "remote",
    "max_hours_per_month",
    "away_until",
    "payment_preference",
)
SENSITIVE_FIELDS = ("experience_notes", "adjustments", "declared_benefits")
M2M_FIELDS = ("services_used", "conditions", "topics", "skills", "travel_areas")
SENSITIVE_M2M = ("services_used", "conditions")


class StatusChangeRefused(Exception):
    """The change is not allowed; the message says why in plain words."""


def _plain_email(
    template: str, context: dict[str, Any], subject: str, to: list[str], *, organisation: Any
) -> None:
    """Email about one organisation's pool: the team details in it are that organisation's."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    send_mail(
        subject=subject,
        message=render_to_string(
            template,
            {
                "site_url": settings.SITE_URL,
                "team_email": team_contact(organisation).email,
                **context,
            },
        ),
        from_email=None,
        recipient_list=recipients,
    )


@transaction.atomic
def join(
    *,
    organisation: Any,
    first_name: str,
    last_name: str,
    email: str,
    phone: str,
    kind: str,
    wants_to_do: Iterable[str],
    about_me: str,
    source_service: Any = None,
    privacy_notice_version: str,
) -> PoolMember:
    """Someone expresses interest on the public page: an enquiry, with their consent recorded."""
    now = timezone.now()
    member = PoolMember.objects.create(
        organisation=organisation,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        kind=kind,
        wants_to_do=list(wants_to_do),
        about_me=about_me,
        source_service=source_service,
        status=MemberStatus.ENQUIRY,
        status_changed_at=now,
        consented_at=now,
        privacy_notice_version=privacy_notice_version,
    )
    StatusChange.objects.create(
        member=member,
        from_status="",
        to_status=MemberStatus.ENQUIRY,
        changed_on=timezone.localdate(),
        reason="Expressed interest on the website",
    )
    auditor.record(
        "pool.enquiry_received",
        target=member,
        organisation=organisation,
        changes={
            "consented to privacy notice": [None, privacy_notice_version],
            "came from service": [None, str(source_service or "")],
        },
    )
    refresh_match_terms(member)
    context = {"member": member}
    transaction.on_commit(
        lambda: _plain_email(
            "pool/emails/enquiry_thanks.txt",
            context,
            "Thank you for your interest in getting involved",
            [member.email],
            organisation=organisation,
        )
    )
    transaction.on_commit(
        lambda: _plain_email(
            "pool/emails/enquiry_for_team.txt",
            context,
            "Someone would like to join the involvement pool",
            [team_contact(organisation).email],
            organisation=organisation,
        )
    )
    return member


def allowed_statuses(member: PoolMember) -> tuple[str, ...]:
    return TRANSITIONS.get(member.status, ())


@transaction.atomic
def change_status(
    member: PoolMember, to_status: str, *, changed_on: datetime.date, reason: str, by: Any
) -> StatusChange:
    """Move a member on, recording when and why. Activation gives them a sign-in."""
    member = PoolMember.objects.select_for_update().get(pk=member.pk)
    if to_status not in allowed_statuses(member):
        raise StatusChangeRefused(
            f"{member.first_name} cannot move from {member.get_status_display().lower()} "
            f"to {MemberStatus(to_status).label.lower()}"
        )
    if to_status == MemberStatus.ACTIVE and not member.consented_at:
        raise StatusChangeRefused(
            f"{member.first_name} has not given consent to hold their information yet"
        )
    if to_status == MemberStatus.ACTIVE and member.user_id is None:
        _give_sign_in(member, by=by)
    if member.user_id and to_status in (MemberStatus.LEFT,):
        # People who leave cannot sign in any more; their records stay for reports.
        account_services.update_details(member.user, {"is_active": False}, by=by)
    elif member.user_id and to_status == MemberStatus.ACTIVE and not member.user.is_active:
        account_services.update_details(member.user, {"is_active": True}, by=by)
    change = StatusChange.objects.create(
        member=member,
        from_status=member.status,
        to_status=to_status,
        changed_on=changed_on,
        reason=reason,
        changed_by=by,
    )
    old = member.status
    member.status = to_status
    member.status_changed_at = timezone.now()
    member.save(update_fields=["status", "status_changed_at", "user"])
    auditor.record(
        "pool.member_status_changed",
        actor=by,
        target=member,
        changes={"status": [old, to_status], "on": [None, changed_on], "reason": [None, reason]},
    )
    return change


def _give_sign_in(member: PoolMember, *, by: Any) -> None:
    if not member.email:
        raise StatusChangeRefused(
            f"Add an email address for {member.first_name} before making them active, "
            "so they can sign in"
        )
    existing = User.objects.filter(email__iexact=member.email).first()
    if existing is not None:
        if existing.organisation_id != member.organisation_id:
            raise StatusChangeRefused(
                "Someone else already signs in with this email address. Use a different one."
            )
        if PoolMember.objects.filter(user=existing).exclude(pk=member.pk).exists():
            raise StatusChangeRefused(
                "Another pool member already signs in with this email address"
            )
        account_services.set_roles(existing, set(existing.role_set()) | {Role.POOL_MEMBER}, by=by)
        member.user = existing
        transaction.on_commit(lambda: account_services.send_welcome_email(existing))
        return
    member.user = account_services.create_user(
        organisation=member.organisation,
        full_name=member.full_name,
        email=member.email,
        roles=[Role.POOL_MEMBER],
        by=by,
        send_invite=True,
    )


def _m2m_ids(member: PoolMember) -> dict[str, list[int]]:
    return {name: sorted(getattr(member, name).values_list("pk", flat=True)) for name in M2M_FIELDS}


@transaction.atomic
def update_profile(member: PoolMember, changes: dict[str, Any], *, by: Any) -> list[str]:
    """Save profile changes from the member or the team. Returns the names of fields changed.

    `changes` may hold contact, profile and sensitive fields, and the many-to-many lists as
    iterables of options.
    """
    fields = CONTACT_FIELDS + PROFILE_FIELDS + SENSITIVE_FIELDS
    fresh = PoolMember.objects.select_for_update().get(pk=member.pk)
    before = {**auditor.snapshot(fresh, fields), **_m2m_ids(fresh)}
    for name in fields:
        if name in changes:
            setattr(member, name, changes[name])
    member.save()
    for name in M2M_FIELDS:
        if name in changes:
            getattr(member, name).set(changes[name])
    if member.user_id and member.email and member.email != member.user.email:
        # Their sign-in follows the address they give us, so emails and sign-in agree.
        account_services.update_details(member.user, {"email": member.email}, by=by)
    after = {**auditor.snapshot(member, fields), **_m2m_ids(member)}
    difference = auditor.diff(before, after)
    if difference:
        for name in SENSITIVE_FIELDS + SENSITIVE_M2M:
            if name in difference:
                difference[name] = [auditor.REDACTED, auditor.REDACTED]
        auditor.record("pool.profile_changed", actor=by, target=member, changes=difference)
    refresh_match_terms(member)
    return sorted(difference)


def past_roles(member: PoolMember) -> set[str]:
    from coproduce.matching.models import InvitationStatus

    return set(
        member.invitations.filter(status=InvitationStatus.ACCEPTED).values_list(
            "opportunity__role", flat=True
        )
    )


def refresh_match_terms(member: PoolMember) -> None:
    """Rewrite the one-line summary that ranking reads (see docs/adr/0201)."""
    if member.pk is None:
        return
    services = list(member.services_used.values_list("pk", "directorate_id"))
    terms = matching.terms_for(
        services=[pk for pk, _ in services],
        directorates=[d for _, d in services],
        conditions=member.conditions.values_list("pk", flat=True),
        topics=member.topics.values_list("pk", flat=True),
        skills=member.skills.values_list("pk", flat=True),
        areas=member.travel_areas.values_list("pk", flat=True),
        days=member.available_days or [],
        times=member.available_times or [],
        in_person=member.in_person,
        remote=member.remote,
        past_roles=past_roles(member),
        wants_roles=member.wants_to_do or [],
    )
    PoolMember.objects.filter(pk=member.pk).update(match_terms=terms)
    member.match_terms = terms


def _check_name(kind: str, name: str) -> str:
    """An other check's name, in single spaces; the named kinds need none."""
    return " ".join(name.split()) if kind == CheckKind.OTHER else ""


def _first_stage(expires_on: datetime.date | None, today: datetime.date) -> int:
    """The reminder stage of a check whose date is newly recorded or corrected: none are owed for
    a date that has already passed (whoever records it knows), and any still to come are due."""
    if expires_on is not None and expires_on < today:
        return ReminderStage.EXPIRED
    return ReminderStage.NONE


@transaction.atomic
def record_check(
    member: PoolMember,
    *,
    kind: str,
    checked_on: datetime.date,
    expires_on: datetime.date | None,
    reference: str,
    by: Any,
    name: str = "",
) -> Check:
    check = Check.objects.create(
        member=member,
        kind=kind,
        name=_check_name(kind, name),
        checked_on=checked_on,
        expires_on=expires_on,
        reference=reference,
        recorded_by=by,
        reminder_stage=_first_stage(expires_on, timezone.localdate()),
    )
    auditor.record(
        "pool.check_recorded",
        actor=by,
        target=member,
        changes={
            "check": [None, check.title],
            "checked on": [None, checked_on],
            "expires on": [None, expires_on],
        },
    )
    return check


@transaction.atomic
def correct_check(
    check: Check,
    *,
    kind: str,
    checked_on: datetime.date,
    expires_on: datetime.date | None,
    reference: str,
    by: Any,
    name: str = "",
) -> list[str]:
    """Put right a check recorded with a mistake. Returns the names of the fields changed."""
    check = Check.objects.select_for_update().get(pk=check.pk)
    fields = ["kind", "name", "checked_on", "expires_on", "reference"]
    before = auditor.snapshot(check, fields)
    check.kind, check.checked_on, check.expires_on = kind, checked_on, expires_on
    check.name = _check_name(kind, name)
    check.reference = reference
    difference = auditor.diff(before, auditor.snapshot(check, fields))
    if not difference:
        return []
    if "expires_on" in difference:
        check.reminder_stage = _first_stage(check.expires_on, timezone.localdate())
        check.last_reminded_on = None
    check.save()
    if "reference" in difference:
        difference["reference"] = [auditor.REDACTED, auditor.REDACTED]
    auditor.record(
        "pool.check_corrected",
        actor=by,
        target=check.member,
        changes={"check": [None, check.title], **difference},
    )
    return sorted(difference)


@transaction.atomic
def remove_check(check: Check, *, by: Any) -> None:
    """Take away a check recorded by mistake (for the wrong person, or twice)."""
    check = Check.objects.select_for_update().select_related("member").get(pk=check.pk)
    auditor.record(
        "pool.check_removed",
        actor=by,
        target=check.member,
        changes={
            "check": [check.title, None],
            "checked on": [check.checked_on, None],
            "expires on": [check.expires_on, None],
        },
    )
    check.delete()


@transaction.atomic
def request_deletion(member: PoolMember, *, by: Any) -> None:
    if member.deletion_requested_at:
        return
    member.deletion_requested_at = timezone.now()
    member.save(update_fields=["deletion_requested_at"])
    auditor.record("pool.deletion_requested", actor=by, target=member, changes={})
    context = {"member": member}
    transaction.on_commit(
        lambda: _plain_email(
            "pool/emails/deletion_requested.txt",
            context,
            "A pool member has asked for their information to be deleted",
            [team_contact(member.organisation).email],
            organisation=member.organisation,
        )
    )


ANONYMOUS_NAME = "Former member"


@transaction.atomic
def anonymise(member: PoolMember, *, by: Any) -> None:
    """Remove everything that identifies a person, keeping the row so that involvement records,
    measures and payments that point at it stay whole."""
    member = PoolMember.objects.select_for_update().get(pk=member.pk)
    if member.is_anonymised:
        return
    user = member.user
    identifiers = [str(member), member.email, member.phone]
    if user is not None:
        identifiers += [user.full_name, user.email]
    for name in M2M_FIELDS:
        getattr(member, name).clear()
    member.first_name = ANONYMOUS_NAME
    member.last_name = ""
    member.email = ""
    member.phone = ""
    member.about_me = ""
    member.experience_notes = ""
    member.adjustments = ""
    member.languages = ""
    member.declared_benefits = []
    member.wants_to_do = []
    member.available_days = []
    member.available_times = []
    member.away_until = None
    member.source_service = None
    member.match_terms = ""
    member.is_anonymised = True
    old_status = member.status
    member.status = MemberStatus.LEFT
    member.status_changed_at = timezone.now()
    member.save()
    member.status_changes.update(reason="")
    member.checks.update(reference="")
    member.invitations.update(reply_reason="", message="")
    from coproduce.outreach import services as outreach

    outreach.forget(member)
    if old_status != MemberStatus.LEFT:
        StatusChange.objects.create(
            member=member,
            from_status=old_status,
            to_status=MemberStatus.LEFT,
            changed_on=timezone.localdate(),
            reason="",
            changed_by=by,
        )
    if user is not None:
        user.email = f"former-member-{user.pk}@invalid.example"
        user.full_name = ANONYMOUS_NAME
        user.preferred_name = ""
        user.job_title = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        user.role_grants.all().delete()
    forgotten = auditor.forget(
        identifiers=identifiers,
        targets=[member] + ([user] if user is not None else []),
        actor=user,
        actor_label=user.email if user is not None else auditor.FORGOTTEN,
    )
    auditor.record(
        "pool.member_anonymised",
        actor=by,
        target=member,
        target_label=f"Pool member {member.pk}",
        changes={
            "name": [auditor.REDACTED, ANONYMOUS_NAME],
            "audit events anonymised": [None, forgotten],
        },
    )


# Checks running out -------------------------------------------------------------------------

# People whose checks the team follows up: not those who have left or whose details are deleted.
FOLLOWED_UP_STATUSES = (
    MemberStatus.ENQUIRY,
    MemberStatus.ONBOARDING,
    MemberStatus.ACTIVE,
    MemberStatus.PAUSED,
)
# People who get a note of their own: those taking part now. Someone paused asked for a break, so
# only the team hears, and decides when to raise it.
NOTED_STATUSES = (MemberStatus.ONBOARDING, MemberStatus.ACTIVE)

# How a check is named to its holder, and whether it is one thing or several ("it", "them").
CHECK_NAMES_FOR_MEMBER: dict[str, tuple[str, bool]] = {
    CheckKind.DBS: ("DBS check", False),
    CheckKind.REFERENCES: ("references", True),
    CheckKind.CONFIDENTIALITY: ("confidentiality agreement", False),
    CheckKind.OTHER: ("check", False),
}


@dataclass
class CheckReminders:
    """What one run of the reminders did."""

    checks: int = 0
    member_notes: int = 0
    team_summaries: int = 0
    organisations_without_team: int = 0


def current_checks() -> QuerySet[Check]:
    """Checks not renewed by a newer one (see CheckQuerySet.current)."""
    return Check.objects.current()


def checks_running_out(
    organisation: Any,
    today: datetime.date | None = None,
    within_days: int = check_expiry.HORIZON_DAYS,
) -> QuerySet[Check]:
    """The team's list: current checks of people still with the pool that run out within 60 days
    (or `within_days`, for a shorter list) or have run out, soonest first."""
    today = today or timezone.localdate()
    return (
        current_checks()
        .filter(
            member__organisation=organisation,
            member__is_anonymised=False,
            member__status__in=FOLLOWED_UP_STATUSES,
            expires_on__lte=today + datetime.timedelta(days=within_days),
        )
        .select_related("member")
        .order_by("expires_on", "member__first_name", "member__last_name", "pk")
    )


def _reminder_due(today: datetime.date) -> Q:
    """Checks whose most urgent stage today is beyond the one last sent (lib/check_expiry)."""
    due = Q(expires_on__lt=today, reminder_stage__lt=ReminderStage.EXPIRED)
    start = today
    for stage, within in check_expiry.REMINDERS_BEFORE:
        end = today + datetime.timedelta(days=within)
        due |= Q(expires_on__gte=start, expires_on__lte=end, reminder_stage__lt=stage)
        start = end + datetime.timedelta(days=1)
    return due


def team_addresses(organisation: Any) -> list[str]:
    """The involvement team of one organisation: the addresses of its active coordinators."""
    return sorted(
        set(
            User.objects.filter(
                organisation=organisation,
                is_active=True,
                role_grants__role=Role.INVOLVEMENT_TEAM,
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def _own_team_email(organisation: Any) -> list[str]:
    """The team address the organisation set for itself, for when it has no coordinator with a
    sign-in. Never the installation's address, which in a shared installation is not theirs."""
    return [organisation.team_email] if organisation.team_email else []


def _when(check: Check, today: datetime.date) -> str:
    """ "runs out on 3 March 2027 (in 30 days)", "ran out on 3 March 2027"."""
    on = f"{check.expires_on:%-d %B %Y}"
    left = check_expiry.days_left(check.expires_on, today)
    if left < 0:
        return f"ran out on {on}"
    if left == 0:
        return f"runs out today, {on}"
    return f"runs out on {on} (in {left} day{'' if left == 1 else 's'})"


def _member_url(member: PoolMember) -> str:
    return settings.SITE_URL + reverse("pool:member-detail", args=[member.pk])


def _send_team_summary(
    organisation: Any, to: list[str], told: list[Check], today: datetime.date
) -> None:
    count = len(told)
    _plain_email(
        "pool/emails/checks_for_team.txt",
        {
            "rows": [
                {
                    "name": check.member.full_name,
                    "check": check.title,
                    "when": _when(check, today),
                    "link": _member_url(check.member),
                }
                for check in told
            ],
            "list_url": settings.SITE_URL + reverse("pool:checks"),
        },
        f"{count} check{'' if count == 1 else 's'} to renew in the involvement pool",
        to,
        organisation=organisation,
    )


def _check_sentence(check: Check, today: datetime.date) -> tuple[str, bool]:
    """ "Your DBS check runs out on 3 March 2027.", and whether the name is plural."""
    name, plural = CHECK_NAMES_FOR_MEMBER.get(check.kind, ("check", False))
    if check.kind == CheckKind.OTHER and check.name:
        name = check.name
    on = f"{check.expires_on:%-d %B %Y}"
    if check.expires_on < today:
        return f"Your {name} ran out on {on}.", plural
    return f"Your {name} {'run' if plural else 'runs'} out on {on}.", plural


def _send_member_note(checks: list[Check], today: datetime.date) -> None:
    """One calm note to a person, however many of their checks are due in this run."""
    member = checks[0].member
    sentences = [_check_sentence(check, today) for check in checks]
    if len(checks) == 1:
        subject = sentences[0][0].rstrip(".")
        it = "them" if sentences[0][1] else "it"
    else:
        subject = "Some of your checks need renewing soon"
        it = "them"
    _plain_email(
        "pool/emails/check_note.txt",
        {"member": member, "sentence": " ".join(text for text, _ in sentences), "it": it},
        subject,
        [member.email],
        organisation=member.organisation,
    )


def send_check_reminders(today: datetime.date | None = None) -> CheckReminders:
    """Tell the involvement team, and the person, about checks running out: 60, 30 and 7 days
    before, and once when a check has run out.

    Each stage goes at most once per check however often this runs: a stage is claimed with a
    conditional update before anything is sent, so two runs at once cannot both send it. A run
    after missed days sends only the most urgent stage due. A renewed check sends nothing more.
    Each organisation's team gets one summary per run, to its own coordinators only (or, if it
    has none, to the team email address the organisation set for itself); its claims
    and emails share one transaction, so a failed email leaves them due for the next run.
    """
    today = today or timezone.localdate()
    result = CheckReminders()
    due = (
        current_checks()
        .filter(
            _reminder_due(today),
            expires_on__isnull=False,
            member__is_anonymised=False,
            member__status__in=FOLLOWED_UP_STATUSES,
        )
        .select_related("member__organisation")
        .order_by("member__organisation_id", "expires_on", "pk")
    )
    for _, group in groupby(due, key=lambda check: check.member.organisation_id):
        checks = list(group)
        organisation = checks[0].member.organisation
        with transaction.atomic():
            told = []
            for check in checks:
                stage = check_expiry.stage_due(check.expires_on, today)
                claimed = (
                    current_checks()
                    .filter(pk=check.pk, reminder_stage__lt=stage)
                    .update(reminder_stage=stage, last_reminded_on=today)
                )
                if claimed:  # otherwise another run got there first, or it was just renewed
                    told.append(check)
            if not told:
                continue
            team = team_addresses(organisation) or _own_team_email(organisation)
            if team:
                _send_team_summary(organisation, team, told, today)
                result.team_summaries += 1
            else:
                result.organisations_without_team += 1
                logger.warning(
                    "%s has no active involvement team or team email address to tell about "
                    "%s check(s) running out",
                    organisation,
                    len(told),
                )
            for _, theirs in groupby(
                sorted(told, key=lambda c: c.member_id), lambda c: c.member_id
            ):
                mine = list(theirs)
                member = mine[0].member
                if member.status in NOTED_STATUSES and member.email:
                    _send_member_note(mine, today)
                    result.member_notes += 1
            result.checks += len(told)
    return result
