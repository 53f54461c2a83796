"""Lookups every payment view shares, always scoped to the signed-in person's organisation."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from coproduce.accounts.decorators import check_permission
from coproduce.payments.models import Claim


def claims_for(request: HttpRequest) -> QuerySet[Claim]:
    """The claims this person can open: guessed ids outside this set are not found (404)."""
    return claims_visible_to(request.user)


def claims_visible_to(user: Any) -> QuerySet[Claim]:
    claims = Claim.objects.filter(organisation=user.organisation).select_related(
        "activity__activity_type", "activity__project__directorate", "member", "policy"
    )
    if user.has_perm("payments.view_all_claims"):
        return claims
    return claims.filter(Q(activity__project__lead=user) | Q(member__user=user))


def get_claim(request: HttpRequest, pk: int) -> Claim:
    claim = get_object_or_404(claims_for(request), pk=pk)
    check_permission(request, "payments.view_claim", claim)
    return claim


def own_member(request: HttpRequest) -> Any:
    member = getattr(request.user, "pool_member", None)
    if member is None or member.organisation_id != request.user.organisation_id:
        raise Http404("No pool record")
    return member
