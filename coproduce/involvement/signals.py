"""A safety net for team rows written outside the project services.

The services refresh a project's monthly levels themselves. A `TeamMember` saved or deleted some
other way (an import, another part of the product using the ORM directly) still reaches the
ledger, which reads the team at query time; this makes sure it reaches the measure too, once
the change is committed. Bulk writes send no signals and need `rebuild_involvement_measure`.
"""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from coproduce.projects.models import TeamMember


@receiver([post_save, post_delete], sender=TeamMember, dispatch_uid="involvement-team-refresh")
def refresh_after_team_change(sender: Any, instance: TeamMember, **kwargs: Any) -> None:
    if not instance.is_patient_or_carer:
        return
    from coproduce.involvement import measure

    project_id = instance.project_id
    transaction.on_commit(lambda: measure.refresh_projects([project_id]))
