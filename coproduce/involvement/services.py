"""Changes to the involvement ledger, the level rule and the measure's annotations.

Ledger changes refresh the project's monthly levels in the same transaction; a change of rule
recomputes the organisation's whole history, because the rule decides every past month too: in
a background task (`coproduce.involvement.tasks`), queued when the change commits.
"""

from typing import Any

from django.db import transaction

from coproduce.audit import services as auditor
from coproduce.involvement import measure, tasks
from coproduce.involvement.models import Annotation, InvolvementRecord, InvolvementSettings

RECORD_FIELDS = [
    "stage",
    "how",
    "pool_member",
    "outside_name",
    "started_on",
    "ended_on",
    "evidence",
]
SETTINGS_FIELDS = ["target_percent", "required_stages", "consultation_counts", "grace_days"]


@transaction.atomic
def add_record(project: Any, *, by: Any, **fields: Any) -> InvolvementRecord:
    record = InvolvementRecord.objects.create(project=project, recorded_by=by, **fields)
    auditor.record(
        "involvement.record_added",
        actor=by,
        target=project,
        changes={name: [None, getattr(record, name)] for name in RECORD_FIELDS},
    )
    measure.refresh_projects([project.pk])
    return record


@transaction.atomic
def update_record(record: InvolvementRecord, *, by: Any, **fields: Any) -> InvolvementRecord:
    before = auditor.snapshot(record, RECORD_FIELDS)
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()
    changes = auditor.diff(before, auditor.snapshot(record, RECORD_FIELDS))
    if changes:
        auditor.record(
            "involvement.record_changed", actor=by, target=record.project, changes=changes
        )
    measure.refresh_projects([record.project_id])
    return record


@transaction.atomic
def remove_record(record: InvolvementRecord, *, by: Any) -> None:
    project = record.project
    auditor.record(
        "involvement.record_removed",
        actor=by,
        target=project,
        changes={name: [getattr(record, name), None] for name in RECORD_FIELDS},
    )
    record.delete()
    measure.refresh_projects([project.pk])


@transaction.atomic
def update_settings(own: InvolvementSettings, *, by: Any, **fields: Any) -> InvolvementSettings:
    """Change the rule or the target. A new rule redraws every month of the measure, in a
    background task; until it has run, the stored measure follows the previous rule."""
    own = InvolvementSettings.objects.select_for_update().get(pk=own.pk)
    if not own.measured_rule:
        own.measured_rule = own.rule_fields()
    before = auditor.snapshot(own, SETTINGS_FIELDS)
    for name, value in fields.items():
        setattr(own, name, value)
    own.save()
    changes = auditor.diff(before, auditor.snapshot(own, SETTINGS_FIELDS))
    # Saved unchanged is a decision too (the defaults were checked and kept): the trust's
    # "Getting started" checklist reads it from the log.
    auditor.record(
        "involvement.settings_changed" if changes else "involvement.settings_confirmed",
        actor=by,
        target=own,
        changes=changes,
        organisation=own.organisation,
    )
    if own.recalculating:
        # Also when saved again unchanged while waiting: that queues a rebuild that had failed.
        tasks.queue_rebuild(own)
    return own


@transaction.atomic
def add_annotation(organisation: Any, *, by: Any, **fields: Any) -> Annotation:
    note = Annotation.objects.create(organisation=organisation, created_by=by, **fields)
    auditor.record(
        "involvement.annotation_added",
        actor=by,
        target=note,
        changes={"month": [None, note.month_end], "note": [None, note.text]},
        organisation=organisation,
    )
    return note


@transaction.atomic
def remove_annotation(note: Annotation, *, by: Any) -> None:
    auditor.record(
        "involvement.annotation_removed",
        actor=by,
        target=note,
        changes={"month": [note.month_end, None], "note": [note.text, None]},
        organisation=note.organisation,
    )
    note.delete()
