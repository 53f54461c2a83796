"""Projects built through the services, so that status history and the measure come with them."""

import datetime
from typing import Any

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
