"""Which claims a person may see, and the claims list's filter.

The claims pages, their downloads and the API's claims read through here, so a page, a download and
the API always show the same claims (`payments.view_claim` in `accounts/rules.py` agrees)."""

from collections.abc import Mapping
from typing import Any

from django.db.models import Q, QuerySet

from coproduce.payments.models import Claim, ClaimStatus


def claims_visible_to(user: Any) -> QuerySet[Claim]:
    """Everyone's claims in the trust for the involvement team and finance; otherwise the claims
    of projects the person leads and their own claims as a pool member."""
    claims = Claim.objects.filter(organisation=user.organisation_id).select_related(
        "activity__activity_type", "activity__project__directorate", "member", "policy"
    )
    if user.has_perm("payments.view_all_claims"):
        return claims
    return claims.filter(Q(activity__project__lead=user) | Q(member__user=user))


def filtered_claims(user: Any, params: Mapping[str, str]) -> tuple[QuerySet[Claim], str]:
    """The claims the list shows for this status (the page and its downloads share it)."""
    status = str(params.get("status", ClaimStatus.SUBMITTED))
    claims = claims_visible_to(user).order_by("-activity__activity_date", "-pk")
    if status in ClaimStatus.values:
        claims = claims.filter(status=status)
    else:
        status = ""
    return claims, status
