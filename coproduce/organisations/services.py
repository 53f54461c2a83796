"""Changes to the organisation structure, each written to the audit log."""

from typing import Any

from django.db import models, transaction

from coproduce.audit import services as auditor


@transaction.atomic
def save_unit(form: Any, *, by: Any, organisation: Any = None) -> models.Model:
    """Save a directorate or service form, recording what changed."""
    instance = form.instance
    created = instance.pk is None
    fields = list(form.Meta.fields)
    before = {} if created else auditor.snapshot(type(instance).objects.get(pk=instance.pk), fields)
    saved = form.save(commit=False)
    if created and hasattr(saved, "organisation_id") and organisation is not None:
        saved.organisation = organisation
    saved.save()
    kind = saved._meta.model_name
    auditor.record(
        f"organisations.{kind}_{'created' if created else 'changed'}",
        actor=by,
        target=saved,
        organisation=organisation,
        changes=auditor.diff(before, auditor.snapshot(saved, fields)),
    )
    return saved


TEAM_CONTACT_FIELDS = ("team_name", "team_email", "team_phone")


@transaction.atomic
def save_team_contact(form: Any, *, by: Any) -> Any:
    """Save the involvement team's contact details of one organisation, recording what changed."""
    organisation = form.instance
    before = auditor.snapshot(
        type(organisation).objects.get(pk=organisation.pk), TEAM_CONTACT_FIELDS
    )
    saved = form.save()
    auditor.record(
        "organisations.team_contact_changed",
        actor=by,
        target=saved,
        organisation=saved,
        changes=auditor.diff(before, auditor.snapshot(saved, TEAM_CONTACT_FIELDS)),
    )
    return saved
