"""The involvement ledger, the organisation's level rule and target, and the monthly measure."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models

from coproduce.lib import involvement_levels as levels


class Stage(models.TextChoices):
    FOCUS = levels.FOCUS, levels.STAGE_NAMES[levels.FOCUS]
    TEAM = levels.TEAM, levels.STAGE_NAMES[levels.TEAM]
    CHANGE_IDEAS = levels.CHANGE_IDEAS, levels.STAGE_NAMES[levels.CHANGE_IDEAS]
    PDSA = levels.PDSA, levels.STAGE_NAMES[levels.PDSA]
    REPORTING = levels.REPORTING, levels.STAGE_NAMES[levels.REPORTING]
    UNSTAGED = levels.UNSTAGED, levels.STAGE_NAMES[levels.UNSTAGED]


class How(models.TextChoices):
    CO_LED = levels.CO_LED, levels.HOW_NAMES[levels.CO_LED]
    TOOK_PART = levels.TOOK_PART, levels.HOW_NAMES[levels.TOOK_PART]
    CONSULTED = levels.CONSULTED, levels.HOW_NAMES[levels.CONSULTED]


class Level(models.TextChoices):
    NONE = levels.NONE, levels.LEVEL_NAMES[levels.NONE]
    LITTLE_I = levels.LITTLE_I, levels.LEVEL_NAMES[levels.LITTLE_I]
    BIG_I = levels.BIG_I, levels.LEVEL_NAMES[levels.BIG_I]


class InvolvementRecord(models.Model):
    """One patient's or carer's involvement in one stage of a project, recorded by hand or by
    accepting an invitation to a role other than the team: who, how, when, and a note of the
    evidence.

    Involvement that follows from the work itself (a patient or carer on the team, a change idea
    one proposed, a PDSA cycle one took part in) is not copied here: the ledger reads it from
    that work, so it can never disagree with it (see `coproduce.involvement.ledger`).
    """

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="involvement_records"
    )
    stage = models.CharField(max_length=12, choices=Stage.choices)
    how = models.CharField(max_length=10, choices=How.choices)
    pool_member = models.ForeignKey(
        "pool.PoolMember",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="involvement_records",
    )
    outside_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="A patient or carer outside the pool; empty for an anonymous one.",
    )
    started_on = models.DateField()
    ended_on = models.DateField(
        null=True, blank=True, help_text="When they left the team (team stage only)."
    )
    evidence = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invitation = models.ForeignKey(
        "matching.Invitation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="involvement_records",
        help_text="The accepted invitation (to a role other than the team) it records.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["started_on", "pk"]
        indexes = [models.Index(fields=["project", "stage", "started_on"])]

    def __str__(self) -> str:
        return f"{self.person_name}: {self.get_stage_display()}"

    @property
    def person_name(self) -> str:
        if self.pool_member_id:
            return str(self.pool_member)
        return self.outside_name or "An anonymous patient or carer"


def default_stages() -> list[str]:
    return list(levels.STAGES)


class InvolvementSettings(models.Model):
    """An organisation's rule for meaningful involvement, and its target for the measure."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="involvement_settings"
    )
    target_percent = models.DecimalField(max_digits=5, decimal_places=1, default=Decimal("80"))
    required_stages = models.JSONField(default=default_stages)
    consultation_counts = models.BooleanField(default=False)
    grace_days = models.PositiveIntegerField(default=0)
    measured_through = models.DateField(
        null=True,
        blank=True,
        help_text="The last month end the stored monthly levels cover.",
    )
    measured_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day the stored levels of the current month were worked out on: anything "
        "dated after it is brought in on the first read after its day comes.",
    )
    measured_rule = models.JSONField(
        null=True,
        blank=True,
        help_text="The rule the stored monthly levels were worked out with; empty until the "
        "first rebuild, when they follow the rule above.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "involvement settings"

    def __str__(self) -> str:
        return f"Involvement settings for {self.organisation}"

    @property
    def rule(self) -> levels.LevelRule:
        return levels.LevelRule(
            required_stages=tuple(s for s in levels.STAGES if s in self.required_stages),
            consultation_counts=self.consultation_counts,
            grace_days=self.grace_days,
        )

    def rule_fields(self) -> dict[str, Any]:
        """The rule as stored in `measured_rule`."""
        rule = self.rule
        return {
            "required_stages": list(rule.required_stages),
            "consultation_counts": rule.consultation_counts,
            "grace_days": rule.grace_days,
        }

    @property
    def measure_rule(self) -> levels.LevelRule:
        """The rule the stored measure follows: the previous rule while a new one waits for its
        rebuild, so that every stored month is worked out under one rule."""
        if not self.measured_rule:
            return self.rule
        return levels.LevelRule(
            required_stages=tuple(
                s for s in levels.STAGES if s in self.measured_rule["required_stages"]
            ),
            consultation_counts=bool(self.measured_rule["consultation_counts"]),
            grace_days=int(self.measured_rule["grace_days"]),
        )

    @property
    def recalculating(self) -> bool:
        """True from saving a new rule until the measure has been rebuilt under it."""
        return bool(self.measured_rule) and self.measure_rule != self.rule


class MonthlyLevel(models.Model):
    """A project's level on one month end when it was active: derived, never edited.

    Rebuilt from the dated records by `coproduce rebuild_involvement_measure`, and refreshed for
    a project whenever its ledger, team, status or stages change. The dashboard's drill-down
    reads it; `MeasureMonth` holds the sums.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="monthly_levels"
    )
    directorate = models.ForeignKey(
        "organisations.Directorate", on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(
        "organisations.Service", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    month_end = models.DateField()
    level = models.CharField(max_length=10, choices=Level.choices)
    missing = models.CharField(max_length=80, blank=True, help_text="Missing stages, in order.")
    first_missing = models.PositiveSmallIntegerField(null=True, blank=True)
    missing_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "month_end"], name="one_level_per_project_month"
            )
        ]
        indexes = [
            models.Index(
                fields=["organisation", "month_end", "first_missing", "missing_count", "project"],
                name="monthlylevel_drilldown",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} on {self.month_end}: {self.level}"

    @property
    def missing_stages(self) -> list[str]:
        return [s for s in self.missing.split(",") if s]


class MeasureMonth(models.Model):
    """How many projects in one service (or directorate, when it has none) were active on a
    month end, and how many of them had Big I or little i involvement. The dashboard sums these
    rows, so its cost does not grow with the number of projects."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    directorate = models.ForeignKey(
        "organisations.Directorate", on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(
        "organisations.Service", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    month_end = models.DateField()
    active = models.IntegerField(default=0)
    big_i = models.IntegerField(default=0)
    little_i = models.IntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "month_end"], name="measuremonth_org_month"),
            models.Index(
                fields=["directorate", "service", "month_end"], name="measuremonth_bucket"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month_end}: {self.big_i} of {self.active}"


class Annotation(models.Model):
    """A note on one month of the measure, e.g. "training programme started"."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    directorate = models.ForeignKey(
        "organisations.Directorate",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Empty for a note on the whole trust's chart.",
    )
    month_end = models.DateField()
    text = models.CharField(max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["month_end", "pk"]
        indexes = [models.Index(fields=["organisation", "month_end"])]

    def __str__(self) -> str:
        return self.text


class LimitChangeKind(models.TextChoices):
    RECALCULATE = "recalculate", "Recalculate the limits from this month"
    BASELINE = "baseline", "Fix a baseline from this month"


class LimitChange(models.Model):
    """A month where a chart's process changed, and the limits start again from there: the
    trust's chart, a directorate's, a service's, or one project measure's. With a baseline, the
    first `baseline_points` points from that month set the limits until the next change. Undone
    changes are kept (with `undone_at`) so the history stays readable."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    directorate = models.ForeignKey(
        "organisations.Directorate",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    service = models.ForeignKey(
        "organisations.Service", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    project_measure = models.ForeignKey(
        "projects.ProjectMeasure",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="limit_changes",
    )
    month = models.DateField(
        help_text="The month end (or, on a project measure, the date of the point) it starts at."
    )
    kind = models.CharField(max_length=12, choices=LimitChangeKind.choices)
    baseline_points = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=200)
    warnings = models.JSONField(
        default=list,
        blank=True,
        help_text="The guidance it went against, accepted with the reason.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["month", "pk"]
        indexes = [models.Index(fields=["organisation", "undone_at"])]

    def __str__(self) -> str:
        return f"{self.month:%B %Y}: {self.reason}"

    @property
    def series_name(self) -> str:
        if self.project_measure_id:
            return str(self.project_measure)
        if self.service_id:
            return str(self.service)
        if self.directorate_id:
            return str(self.directorate)
        return "The whole trust"
