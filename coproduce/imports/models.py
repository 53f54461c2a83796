"""Imports of projects from spreadsheets: each upload, its progress and problems, and the
named column mappings a trust saves for files it imports again and again."""

from django.conf import settings
from django.db import models


class ImportMapping(models.Model):
    """Which column of a trust's usual spreadsheet holds which field, saved under a name."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="import_mappings"
    )
    name = models.CharField(max_length=100)
    columns = models.JSONField(default=dict, help_text="Field name to column heading.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="unique_import_mapping_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class JobStatus(models.TextChoices):
    UPLOADED = "uploaded", "Waiting for the columns to be matched"
    CHECKING = "checking", "Checking the rows"
    CHECKED = "checked", "Checked"
    IMPORTING = "importing", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Not imported"
    STOPPED = "stopped", "Stopped before it finished"


RUNNING = (JobStatus.CHECKING, JobStatus.IMPORTING)


def upload_path(job: "ImportJob", filename: str) -> str:
    # The name people gave the file is kept in `file_name`; the stored name carries no detail.
    return f"imports/{job.organisation_id}/{job.created_at:%Y/%m}/{job.uid}.upload"


class ImportJob(models.Model):
    """One uploaded file on its way in: matched, checked (the preview), then imported."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="import_jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    uid = models.CharField(max_length=32, unique=True, editable=False)
    # What the file holds: see coproduce/imports/kinds.py.
    kind = models.CharField(max_length=20, default="projects", db_index=True)
    file = models.FileField(upload_to=upload_path, max_length=200)
    file_name = models.CharField(max_length=255)
    file_kind = models.CharField(max_length=4)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict, help_text="Field name to column heading.")
    mapping_name = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        max_length=10, choices=JobStatus.choices, default=JobStatus.UPLOADED, db_index=True
    )
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    problems = models.JSONField(
        default=list, help_text="Each problem as {row, column, message}, in row order."
    )
    summary = models.JSONField(default=dict, help_text="What the import would do, or did.")
    preview = models.JSONField(default=list, help_text="The first rows, as the import reads them.")
    error = models.CharField(max_length=500, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # While the rows are checked or imported, the worker renews its lease; a job whose lease ran
    # out lost its worker. The token names the attempt, so a lost one can never finish a newer.
    lease_token = models.CharField(max_length=32, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    stopped_while = models.CharField(
        max_length=10, choices=JobStatus.choices, blank=True, help_text="What a lost job was doing."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "created_at"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING

    @property
    def is_lost(self) -> bool:
        """Running, but its worker has stopped renewing the lease."""
        from django.utils import timezone

        return self.is_running and (
            self.lease_expires_at is None or self.lease_expires_at < timezone.now()
        )

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, self.done_rows * 100 // self.total_rows)


class ImportPreset(models.Model):
    """How another platform's export is laid out: the headings it may use for each field and
    the words it uses for values, kept as data (loaded from coproduce/imports/presets/*.json) so
    a platform can be added without code."""

    kind = models.CharField(max_length=20, default="projects")
    name = models.CharField(max_length=100, unique=True)
    headings = models.JSONField(default=dict, help_text="Field name to the headings it may have.")
    values = models.JSONField(default=dict, help_text="The platform's words for values.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
