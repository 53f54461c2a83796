"""Workflows for the pool: joining, status changes, profiles, checks, and a person's own data.

Every change is audited in the same transaction. Sensitive values (lived experience,
adjustments, benefits) are never copied into the audit log: only the fact that they changed.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from coproduce.accounts import services as account_services
from coproduce.accounts.models import Role, User
from coproduce.audit import services as auditor
from coproduce.lib import matching
from coproduce.pool.models import Check, MemberStatus, PoolMember, StatusChange

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


def _plain_email(template: str, context: dict[str, Any], subject: str, to: list[str]) -> None:
    recipients = [address for address in to if address]
    if not recipients:
        return
    send_mail(
        subject=subject,
        message=render_to_string(
            template,
            {
                "site_url": settings.SITE_URL,
                "team_email": settings.INVOLVEMENT_TEAM_EMAIL,
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
        )
    )
    transaction.on_commit(
        lambda: _plain_email(
            "pool/emails/enquiry_for_team.txt",
            context,
            "Someone would like to join the involvement pool",
            [settings.INVOLVEMENT_TEAM_EMAIL],
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
    )
    PoolMember.objects.filter(pk=member.pk).update(match_terms=terms)
    member.match_terms = terms


@transaction.atomic
def record_check(
    member: PoolMember,
    *,
    kind: str,
    checked_on: datetime.date,
    expires_on: datetime.date | None,
    reference: str,
    by: Any,
) -> Check:
    check = Check.objects.create(
        member=member,
        kind=kind,
        checked_on=checked_on,
        expires_on=expires_on,
        reference=reference,
        recorded_by=by,
    )
    auditor.record(
        "pool.check_recorded",
        actor=by,
        target=member,
        changes={
            "check": [None, check.get_kind_display()],
            "checked on": [None, checked_on],
            "expires on": [None, expires_on],
        },
    )
    return check


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
            [settings.INVOLVEMENT_TEAM_EMAIL],
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
