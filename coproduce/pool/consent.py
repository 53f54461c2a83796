"""Consent of people brought in from a trust's earlier records.

An imported person is marked "consent to be confirmed" and has no `consented_at`, so matching
never offers them an opportunity. They confirm it themselves through a signed link (single use:
once confirmed, the link only says so), or the involvement team records a confirmation they
received (by phone, letter or in person). Either way the audit log says how.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coproduce.audit import services as auditor
from coproduce.pool.models import MemberStatus, PoolMember

SALT = "pool.consent-link"
# Long enough for a letter to arrive and be read; a new link can always be sent.
LINK_DAYS = 60
BY_TEAM = "told the involvement team"
BY_LINK = "confirmed through the link they were sent"


class ConsentRefused(Exception):
    pass


def token_for(member: PoolMember) -> str:
    return signing.dumps({"member": member.pk}, salt=SALT, compress=True)


def link_for(member: PoolMember) -> str:
    from django.conf import settings

    return settings.SITE_URL + reverse("pool:confirm-consent", args=[token_for(member)])


def member_for(token: str) -> PoolMember | None:
    """The person a link was made for, or None when it is altered, too old or theirs is gone."""
    try:
        data = signing.loads(token, salt=SALT, max_age=datetime.timedelta(days=LINK_DAYS))
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("member"), int):
        return None
    return (
        PoolMember.objects.filter(pk=data["member"], is_anonymised=False)
        .select_related("organisation")
        .first()
    )


@transaction.atomic
def confirm(member: PoolMember, *, how: str, by: Any = None, notice_version: str = "") -> bool:
    """Record their consent. False (and nothing written) when it was already confirmed."""
    from coproduce.pages.views import PRIVACY_NOTICE_VERSION

    member = PoolMember.objects.select_for_update().get(pk=member.pk)
    if member.is_anonymised:
        raise ConsentRefused("This person's details have been deleted")
    if not member.consent_to_confirm:
        return False
    from coproduce.pool import services

    version = notice_version or PRIVACY_NOTICE_VERSION
    member.consent_to_confirm = False
    member.consented_at = timezone.now()
    member.privacy_notice_version = version
    # Someone active in the earlier records gets the sign-in an active member has, as on
    # activation; without an email address (or with one taken) the team sorts it out later.
    if member.status == MemberStatus.ACTIVE and member.user_id is None and member.email:
        try:
            services._give_sign_in(member, by=by)
        except services.StatusChangeRefused:
            member.user = None
    member.save(
        update_fields=["consent_to_confirm", "consented_at", "privacy_notice_version", "user"]
    )
    services.refresh_match_terms(member)
    auditor.record(
        "pool.consent_confirmed",
        actor=by,
        target=member,
        organisation=member.organisation,
        changes={"consent": ["to be confirmed", how], "privacy notice": [None, version]},
    )
    return True


def send_link(member: PoolMember, *, by: Any) -> None:
    """Email them a link to confirm their consent (audited: who sent it, to which address)."""
    from coproduce.pool.services import _plain_email

    if not member.consent_to_confirm or not member.email or member.is_anonymised:
        raise ConsentRefused("There is no email address to send a link to")
    auditor.record(
        "pool.consent_link_sent",
        actor=by,
        target=member,
        organisation=member.organisation,
        changes={"sent to": [None, member.email]},
    )
    context = {"member": member, "link": link_for(member), "days": LINK_DAYS}
    transaction.on_commit(
        lambda: _plain_email(
            "pool/emails/confirm_consent.txt",
            context,
            "Please confirm we may keep your details",
            [member.email],
            organisation=member.organisation,
        )
    )
