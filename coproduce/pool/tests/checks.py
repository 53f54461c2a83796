"""One set of checks for the team's "Checks running out" list, shared by the tests of the page and
of the API so that both are held to the same rows."""

import datetime
from typing import Any

from django.utils import timezone

from coproduce.pool.models import Check, CheckKind, MemberStatus, PoolMember, ReminderStage
from coproduce.pool.tests.factories import CheckFactory, PoolMemberFactory, member_for

# Pat's DBS reference number, which neither the page nor the API may show.
SECRET = "PAT-DBS-SECRET-REF"


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def running_out(personas: Any, pat: PoolMember | None = None) -> dict[str, Check]:
    """Rita's references ran out 3 days ago (reminded when they ran out); paused Pam's agreement
    runs out in 5 days; Pat's DBS in 40. Nothing else of this trust is listed: a check 61 days
    away, one that never runs out, a renewed one, those of people who left or were forgotten.
    Olive's runs out in 3 days, in another trust. `pat` is Pat's pool record, if made already."""
    pat = pat or member_for(personas.pat)
    rita = PoolMemberFactory(organisation=personas.trust, first_name="Rita", last_name="Singh")
    pam = PoolMemberFactory(
        organisation=personas.trust,
        first_name="Pam",
        last_name="Okafor",
        status=MemberStatus.PAUSED,
    )
    left = PoolMemberFactory(
        organisation=personas.trust, first_name="Len", last_name="Left", status=MemberStatus.LEFT
    )
    gone = PoolMemberFactory(
        organisation=personas.trust, first_name="Former member", is_anonymised=True
    )
    outsider = PoolMemberFactory(
        organisation=personas.other_trust, first_name="Olive", last_name="Outside"
    )
    renewed = PoolMemberFactory(organisation=personas.trust, first_name="Ravi", last_name="Renewed")
    rows = {
        "rita": CheckFactory(
            member=rita,
            kind=CheckKind.REFERENCES,
            expires_on=in_days(-3),
            reminder_stage=ReminderStage.EXPIRED,
            last_reminded_on=in_days(-2),
        ),
        "pam": CheckFactory(member=pam, kind=CheckKind.CONFIDENTIALITY, expires_on=in_days(5)),
        "pat": CheckFactory(member=pat, expires_on=in_days(40), reference=SECRET),
    }
    CheckFactory(member=pat, kind=CheckKind.REFERENCES, expires_on=in_days(61))
    CheckFactory(member=pat, kind=CheckKind.CONFIDENTIALITY, expires_on=None)
    CheckFactory(member=left, expires_on=in_days(3))
    CheckFactory(member=gone, expires_on=in_days(3))
    rows["outsider"] = CheckFactory(member=outsider, expires_on=in_days(3))
    # Ravi's DBS check runs out in 10 days, but a newer one has been recorded.
    CheckFactory(member=renewed, checked_on=in_days(-900), expires_on=in_days(10))
    CheckFactory(member=renewed, checked_on=in_days(-5), expires_on=in_days(1090))
    return rows
