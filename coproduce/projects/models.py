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
    aim = models.TextField(
        blank=True, help_text="What you will improve, by how much, by when and for whom."
    )
    problem = models.TextField(blank=True)
    topics = models.ManyToManyField("Topic", blank=True, related_name="projects")
    findings_shared_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the team first reported its findings: the reporting stage begins.",
    )
    progress_score_override = models.DecimalField(
        max_digits=2, decimal_places=1, null=True, blank=True
    )
    progress_score_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "directorate"]),
            models.Index(fields=["organisation", "lead"]),
            # The project list's order (API and pages): a page is read straight off the index
            # instead of sorting every project of the trust (see docs/adr/0604).
            models.Index(fields=["organisation", "title", "id"], name="project_org_title_id"),
        ]

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
        indexes = [models.Index(fields=["project", "is_patient_or_carer"])]

    def __str__(self) -> str:
        if self.user_id:
            return str(self.user)
        if self.pool_member_id:
            return str(self.pool_member)
        return self.outside_name or "Anonymous patient or carer"


class Topic(models.Model):
    """A tag that groups projects across directorates, e.g. "restrictive practice"."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="project_topics"
    )
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="unique_topic_name_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name


class StatusChange(models.Model):
    """Each change of a project's status, with the date it took effect.

    The monthly measure asks which projects were active on each month end, so the history is
    kept rather than only the current status.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=12, choices=ProjectStatus.choices)
    changed_on = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "pk"]
        indexes = [models.Index(fields=["project", "changed_on"])]

    def __str__(self) -> str:
        return f"{self.get_status_display()} from {self.changed_on}"


class ElementKind(models.TextChoices):
    PRIMARY = "primary", "Primary driver"
    SECONDARY = "secondary", "Secondary driver"
    CHANGE_IDEA = "change_idea", "Change idea"


# Which kind of element may sit under which: the aim (no parent) takes primary drivers.
PARENT_KIND = {
    ElementKind.PRIMARY: None,
    ElementKind.SECONDARY: ElementKind.PRIMARY,
    ElementKind.CHANGE_IDEA: ElementKind.SECONDARY,
}


class DriverElement(models.Model):
    """A primary driver, secondary driver or change idea on a project's driver diagram.

    The aim is the project's own aim, so primary drivers have no parent. Each element records
    who proposed it: someone on the team (staff, patient or carer) or a name typed in.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="driver_elements")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    kind = models.CharField(max_length=12, choices=ElementKind.choices)
    text = models.CharField(max_length=300)
    proposed_by = models.ForeignKey(
        TeamMember,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposed_elements",
    )
    proposed_by_other = models.CharField(max_length=200, blank=True)
    proposed_on = models.DateField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["project", "kind", "proposed_on"])]

    def __str__(self) -> str:
        return self.text

    @property
    def proposer_name(self) -> str:
        if self.proposed_by_id:
            return str(self.proposed_by)
        return self.proposed_by_other or "Not recorded"

    @property
    def proposed_by_patient_or_carer(self) -> bool:
        return bool(self.proposed_by_id and self.proposed_by.is_patient_or_carer)


class ActDecision(models.TextChoices):
    ADOPT = "adopt", "Adopt"
    ADAPT = "adapt", "Adapt"
    ABANDON = "abandon", "Abandon"


class PdsaCycle(models.Model):
    """One Plan-Do-Study-Act cycle testing a change idea; cycles are numbered in sequence."""

    change_idea = models.ForeignKey(
        DriverElement, on_delete=models.CASCADE, related_name="pdsa_cycles"
    )
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pdsa_cycles")
    number = models.PositiveIntegerField()
    objective = models.TextField()
    prediction = models.TextField(blank=True)
    plan = models.TextField(blank=True, help_text="Who, what, where and when.")
    do_notes = models.TextField(blank=True)
    study_notes = models.TextField(blank=True)
    act_decision = models.CharField(max_length=8, choices=ActDecision.choices, blank=True)
    act_notes = models.TextField(blank=True)
    started_on = models.DateField()
    finished_on = models.DateField(null=True, blank=True)
    participants = models.ManyToManyField(TeamMember, blank=True, related_name="pdsa_cycles")

    class Meta:
        ordering = ["change_idea", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["change_idea", "number"], name="unique_pdsa_number_per_change_idea"
            )
        ]
        indexes = [models.Index(fields=["project", "started_on"])]

    def __str__(self) -> str:
        return f"PDSA {self.number}: {self.objective[:60]}"


class Improvement(models.TextChoices):
    UP = "up", "Higher is better"
    DOWN = "down", "Lower is better"
    NEITHER = "neither", "Neither"


class MeasureKind(models.TextChoices):
    OUTCOME = "outcome", "Outcome measure"
    PROCESS = "process", "Process measure"
    BALANCING = "balancing", "Balancing measure"


class ProjectMeasure(models.Model):
    """A named series of dated values the team collects, drawn as a run chart or SPC chart."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=MeasureKind.choices)
    improvement = models.CharField(max_length=8, choices=Improvement.choices)
    unit = models.CharField(max_length=50, blank=True)
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MeasureValue(models.Model):
    measure = models.ForeignKey(ProjectMeasure, on_delete=models.CASCADE, related_name="values")
    recorded_for = models.DateField()
    value = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["recorded_for", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "recorded_for"], name="unique_measure_value_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recorded_for}: {self.value}"
