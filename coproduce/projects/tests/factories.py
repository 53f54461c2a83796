"""Projects built through the services, so that status history and the measure come with them."""

import datetime
from typing import Any

from coproduce.pool.models import MemberKind, MemberStatus, PoolMember
from coproduce.projects import services
from coproduce.projects.models import Project


def make_project(
    personas: Any,
    *,
    title: str = "Fewer missed appointments",
    lead: Any = None,
    start_date: datetime.date = datetime.date(2025, 1, 10),
    organisation: Any = None,
    directorate: Any = None,
    service: Any = None,
    **fields: Any,
) -> Project:
    lead = lead or personas.leo
    return services.create_project(
        organisation=organisation or personas.trust,
        directorate=directorate or personas.directorate,
        service=service,
        title=title,
        lead=lead,
        start_date=start_date,
        aim=fields.pop("aim", "Halve missed first appointments by March for adults on the ward"),
        by=lead,
        **fields,
    )


def make_pool_member(user: Any = None, *, organisation: Any = None, **fields: Any) -> PoolMember:
    """A pool member (the personas pat and carl have the role but no pool record)."""
    first = fields.pop("first_name", None)
    if user is not None and first is None:
        first = user.full_name.split()[0]
    return PoolMember.objects.create(
        organisation=organisation or user.organisation,
        user=user,
        first_name=first or "Robin",
        last_name=fields.pop("last_name", "Example"),
        email=getattr(user, "email", ""),
        kind=fields.pop("kind", MemberKind.PATIENT),
        status=fields.pop("status", MemberStatus.ACTIVE),
        **fields,
    )
