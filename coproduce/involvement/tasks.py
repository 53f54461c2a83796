"""Background work for the measure, through Django's tasks framework.

A new involvement rule redraws every past month of the organisation's measure. That takes
seconds for a large trust, so it runs as a task: with the default immediate backend (`make run`,
the tests) inside the request that saved the rule, once it commits; in production in
`coproduce db_worker`. Until it finishes, the stored measure keeps following the previous rule
and the dashboard says that the figures are being recalculated.
"""

from django.db import transaction
from django.tasks import task

from coproduce.involvement import measure
from coproduce.involvement.models import InvolvementSettings


@task
def rebuild_measure(organisation_id: int) -> int:
    """Rebuild the measure under the current rule, unless an earlier task already did."""
    with transaction.atomic():
        own = InvolvementSettings.objects.select_for_update().get(organisation_id=organisation_id)
        if not own.recalculating:
            return 0
        return measure.rebuild(own.organisation)


def queue_rebuild(own: InvolvementSettings) -> None:
    # Queue once the new rule is committed, so the worker reads it.
    organisation_id = own.organisation_id
    transaction.on_commit(lambda: rebuild_measure.enqueue(organisation_id))
