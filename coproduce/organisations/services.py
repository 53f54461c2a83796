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


ORGANISATION_FIELDS = ("name", "short_name", "ods_code")


class OrganisationExists(Exception):
    """Setting up would touch a trust that is already here, which setting up never does."""


def find_existing(name: str, ods_code: str) -> Any:
    """A trust already here under this name or ODS code, or None."""
    from django.db.models import Q

    from coproduce.organisations.models import Organisation

    match = Q(name__iexact=name.strip())
    if ods_code:
        match |= Q(ods_code__iexact=ods_code)
    return Organisation.objects.filter(match).first()


@transaction.atomic
def create_organisation(
    *, name: str, ods_code: str, short_name: str = "", administrator: Any = None, by: Any = None
) -> Any:
    """Create a trust and make `administrator` (who belongs to no trust yet) its administrator.

    Raises OrganisationExists when a trust with this name or ODS code is already here.
    """
    from coproduce.accounts.models import Role, RoleGrant
    from coproduce.organisations.models import Organisation

    if find_existing(name, ods_code) is not None:
        raise OrganisationExists(name)
    organisation = Organisation.objects.create(
        name=name.strip(), short_name=short_name.strip(), ods_code=ods_code
    )
    actor = by or administrator
    auditor.record(
        "organisations.organisation_created",
        actor=actor,
        target=organisation,
        organisation=organisation,
        changes={f: [None, getattr(organisation, f)] for f in ORGANISATION_FIELDS},
    )
    # A new trust starts from the current published rates and benefit limits, which its
    # administrators then check and change.
    from coproduce.payments import figures

    figures.install(organisation, by=actor)
    if administrator is not None:
        if administrator.organisation_id is not None:
            raise OrganisationExists(str(administrator.organisation))
        administrator.organisation = organisation
        administrator.save(update_fields=["organisation"])
        RoleGrant.objects.get_or_create(
            user=administrator, role=Role.ADMINISTRATOR, defaults={"granted_by": actor}
        )
        administrator.forget_roles()
        auditor.record(
            "account.details_changed",
            actor=actor,
            target=administrator,
            organisation=organisation,
            changes={"organisation": [None, str(organisation)]},
        )
    return organisation
