"""The resource library's changes: adding resources and new versions, and posters into the library.

Each change is audited; a file's type comes from its content (lib.filetypes), never its name.
"""

from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from coproduce.audit import services as auditor
from coproduce.lib.filetypes import FileType
from coproduce.resources import posters
from coproduce.resources.models import (
    RecruitmentPoster,
    Resource,
    ResourceAudience,
    ResourceKind,
    ResourceVersion,
)

RESOURCE_FIELDS = ("title", "kind", "audience", "summary", "is_public")


@transaction.atomic
def add_version(
    resource: Resource,
    *,
    data: bytes,
    file_type: FileType,
    original_name: str,
    by: Any,
    notes: str = "",
) -> ResourceVersion:
    # Lock the resource so two uploads at once cannot take the same version number.
    Resource.objects.select_for_update().filter(pk=resource.pk).first()
    number = (resource.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = ResourceVersion(
        resource=resource,
        number=number,
        original_name=original_name[:255],
        file_type=file_type.code,
        size=len(data),
        notes=notes,
        uploaded_by=by,
    )
    version.file.save("upload", ContentFile(data), save=False)
    version.save()
    auditor.record(
        "resources.version_added",
        actor=by,
        target=resource,
        changes={"version": [number - 1 or None, number], "file": [None, original_name]},
    )
    return version


@transaction.atomic
def create_resource(
    resource: Resource, *, data: bytes, file_type: FileType, original_name: str, by: Any
) -> Resource:
    resource.created_by = by
    resource.save()
    auditor.record(
        "resources.resource_added",
        actor=by,
        target=resource,
        changes={field: [None, getattr(resource, field)] for field in RESOURCE_FIELDS},
    )
    add_version(resource, data=data, file_type=file_type, original_name=original_name, by=by)
    return resource


@transaction.atomic
def update_resource(resource: Resource, *, by: Any) -> dict[str, list[Any]]:
    before = auditor.snapshot(Resource.objects.get(pk=resource.pk), RESOURCE_FIELDS)
    resource.save()
    changes = auditor.diff(before, auditor.snapshot(resource, RESOURCE_FIELDS))
    if changes:
        auditor.record("resources.resource_changed", actor=by, target=resource, changes=changes)
    return changes


@transaction.atomic
def create_poster(poster: RecruitmentPoster, *, by: Any) -> RecruitmentPoster:
    poster.created_by = by
    poster.save()
    auditor.record(
        "resources.poster_made",
        actor=by,
        target=poster,
        changes={"headline": [None, poster.headline], "service": [None, str(poster.service)]},
    )
    return poster


@transaction.atomic
def add_poster_to_library(poster: RecruitmentPoster, *, by: Any) -> Resource:
    """Keep a poster in the library (signed-in only), as a new version if it is there already."""
    from coproduce.lib.filetypes import PDF

    poster = RecruitmentPoster.objects.select_for_update().get(pk=poster.pk)
    pdf = posters.poster_pdf(poster)
    name = posters.poster_filename(poster, "pdf")
    if poster.resource_id:
        add_version(poster.resource, data=pdf, file_type=PDF, original_name=name, by=by)
        return poster.resource
    resource = Resource(
        organisation=poster.organisation,
        title=f"Recruitment poster: {poster.headline}",
        kind=ResourceKind.POSTER,
        audience=ResourceAudience.EVERYONE,
        summary=(
            f"A printable A4 poster for {poster.service.name}, with a QR code that leads to "
            "joining the involvement pool."
        ),
        is_public=False,
    )
    create_resource(resource, data=pdf, file_type=PDF, original_name=name, by=by)
    poster.resource = resource
    poster.save(update_fields=["resource"])
    return resource
