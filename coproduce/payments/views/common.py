"""Lookups every payment view shares, always scoped to the signed-in person's organisation."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from coproduce.accounts.decorators import check_permission
from coproduce.payments.models import Claim
from coproduce.payments.queries import claims_visible_to


def claims_for(request: HttpRequest) -> QuerySet[Claim]:
    """The claims this person can open: guessed ids outside this set are not found (404)."""
    return claims_visible_to(request.user)


def get_claim(request: HttpRequest, pk: int) -> Claim:
    claim = get_object_or_404(claims_for(request), pk=pk)
    check_permission(request, "payments.view_claim", claim)
    return claim


def own_member(request: HttpRequest) -> Any:
    member = getattr(request.user, "pool_member", None)
    if member is None or member.organisation_id != request.user.organisation_id:
        raise Http404("No pool record")
    return member
