"""The resource library (toolkits, guidance, posters, training materials) and recruitment posters.

Files live in Django's default storage (MEDIA_ROOT under var/ by default) and are only ever served
through a view that checks who may see them, never as public static files.
"""

from django.conf import settings
from django.db import models


class ResourceKind(models.TextChoices):
    TOOLKIT = "toolkit", "Toolkit"
    GUIDANCE = "guidance", "Guidance"
    POSTER = "poster", "Poster"
    TRAINING_MATERIAL = "training_material", "Training material"


class ResourceAudience(models.TextChoices):
    STAFF = "staff", "Staff"
    PATIENTS_AND_CARERS = "patients_carers", "Patients and carers"
    EVERYONE = "everyone", "Everyone"


class Resource(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="resources"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ResourceKind.choices, db_index=True)
    audience = models.CharField(max_length=20, choices=ResourceAudience.choices)
    summary = models.TextField()
    is_public = models.BooleanField(
        default=False, help_text="Public resources can be seen without signing in."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["organisation", "kind"])]

    def __str__(self) -> str:
        return self.title

    def current_version(self) -> "ResourceVersion | None":
        return self.versions.order_by("-number").first()


def _version_path(instance: "ResourceVersion", filename: str) -> str:
    # The stored name never uses the uploader's file name: only ids and the sniffed extension.
    return f"resources/{instance.resource_id}/v{instance.number}.{instance.file_type}"


class ResourceVersion(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=_version_path, max_length=300)
    original_name = models.CharField(max_length=255)
    file_type = models.CharField(max_length=10, help_text="Code from lib.filetypes, by content.")
    size = models.PositiveBigIntegerField()
    notes = models.CharField(max_length=300, blank=True, help_text="What changed.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="unique_resource_version")
        ]

    def __str__(self) -> str:
        return f"{self.resource} version {self.number}"

    @property
    def organisation_id(self) -> int:
        return self.resource.organisation_id


class RecruitmentPoster(models.Model):
    """A printable poster inviting patients and carers to join the pool, for one service."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="posters"
    )
    service = models.ForeignKey(
        "organisations.Service", on_delete=models.PROTECT, related_name="posters"
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posters",
    )
    headline = models.CharField(max_length=80)
    message = models.TextField(max_length=600)
    contact_name = models.CharField(max_length=100)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_email = models.EmailField(blank=True)
    resource = models.ForeignKey(
        Resource,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posters",
        help_text="Set once the poster has been added to the library.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.headline
