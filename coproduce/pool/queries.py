"""Which pool members the team's list shows (the page, its downloads and the API share it)."""

from collections.abc import Mapping
from typing import Any

from django.db.models import Q, QuerySet

from coproduce.pool.models import MemberKind, MemberStatus, PoolMember


def members_of(user: Any) -> QuerySet[PoolMember]:
    """The pool of the person's own trust."""
    return PoolMember.objects.filter(organisation=user.organisation_id)


def filtered_members(
    user: Any, params: Mapping[str, str]
) -> tuple[QuerySet[PoolMember], tuple[str, str, str]]:
    """The members the list shows for these filters (the page and its downloads share it)."""
    members = members_of(user).select_related("source_service")
    query = str(params.get("q", "")).strip()
    status = str(params.get("status", ""))
    kind = str(params.get("kind", ""))
    if query:
        members = members.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    if status in MemberStatus.values:
        members = members.filter(status=status)
    if kind in MemberKind.values:
        members = members.filter(kind=kind)
    return members.order_by("first_name", "last_name", "pk"), (query, status, kind)
