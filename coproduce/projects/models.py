"""QI projects and their teams."""

from django.conf import settings
from django.db import models


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ON_HOLD = "on_hold", "On hold"
    COMPLETED = "completed", "Completed"
    STOPPED = "stopped", "Stopped"


class Project(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="projects"
    )
    directorate = models.ForeignKey(
        "organisations.Directorate", on_delete=models.PROTECT, related_name="projects"
    )
    service = models.ForeignKey(
        "organisations.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    title = models.CharField(max_length=200)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_projects"
    )
    status = models.CharField(
        max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE, db_index=True
    )
    start_date = models.DateField()
    external_reference = models.CharField(
        max_length=100, blank=True, help_text="The project's reference in another QI system."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return self.title


class TeamMember(models.Model):
    """Someone on a project's team: a member of staff, or a patient or carer.

    Patients and carers come from the pool, or are named (or anonymous) people outside it.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="team_memberships",
        help_text="A member of staff.",
    )
    pool_member = models.ForeignKey(
        "pool.PoolMember",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="team_memberships",
    )
    outside_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="A patient or carer outside the pool; leave empty to record them anonymously.",
    )
    is_patient_or_carer = models.BooleanField(default=False)
    role_on_team = models.CharField(max_length=100, blank=True)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["joined_on", "pk"]

    def __str__(self) -> str:
        if self.user_id:
            return str(self.user)
        if self.pool_member_id:
            return str(self.pool_member)
        return self.outside_name or "Anonymous patient or carer"
