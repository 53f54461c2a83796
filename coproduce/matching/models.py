"""Involvement opportunities, and the invitations that fill them."""

from django.conf import settings
from django.db import models

from coproduce.lib.durations import time_commitment_text


class OpportunityRole(models.TextChoices):
    TEAM_MEMBER = "team_member", "Project team member"
    FOCUS_GROUP = "focus_group", "Focus group participant"
    REVIEWER = "reviewer", "Reviewer"
    CO_PRESENTER = "co_presenter", "Co-presenter"
    TRAINER = "trainer", "Trainer"


class Stage(models.TextChoices):
    """The five stages of Big I involvement (DOMAIN.md section 1)."""

    FOCUS = "focus", "Choosing the focus of the project"
    TEAM = "team", "Being a member of the project team"
    CHANGE_IDEAS = "change_ideas", "Coming up with change ideas"
    PDSA = "pdsa", "Testing changes (PDSA cycles)"
    REPORTING = "reporting", "Reporting the findings"


class Mode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    REMOTE = "remote", "Remote (online or by phone)"
    EITHER = "either", "In person or remote"


class OpportunityStatus(models.TextChoices):
    OPEN = "open", "Open"
    FILLED = "filled", "Filled"
    CLOSED = "closed", "Closed"


class Opportunity(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="opportunities"
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="opportunities"
    )
    title = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=OpportunityRole.choices)
    stages = models.JSONField(default=list, blank=True, help_text="Stage codes it covers.")
    description = models.TextField(blank=True)
    time_commitment = models.CharField(max_length=200, blank=True)
    hours_per_month = models.PositiveSmallIntegerField(default=2)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    days = models.JSONField(default=list, blank=True)
    times = models.JSONField(default=list, blank=True)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.EITHER)
    place = models.CharField(max_length=200, blank=True)
    area = models.ForeignKey(
        "pool.ProfileOption",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opportunities_in_area",
    )
    required_courses = models.ManyToManyField(
        "training.Course", blank=True, related_name="opportunities"
    )
    preferred_conditions = models.ManyToManyField(
        "pool.ProfileOption", blank=True, related_name="opportunities_wanting_condition"
    )
    preferred_topics = models.ManyToManyField(
        "pool.ProfileOption", blank=True, related_name="opportunities_wanting_topic"
    )
    preferred_skills = models.ManyToManyField(
        "pool.ProfileOption", blank=True, related_name="opportunities_wanting_skill"
    )
    preferred_experience = models.TextField(
        blank=True, help_text="Anything else about the experience that would help."
    )
    places = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=10,
        choices=OpportunityStatus.choices,
        default=OpportunityStatus.OPEN,
        db_index=True,
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posted_opportunities"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_date", "title"]
        verbose_name_plural = "opportunities"
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return self.title

    def time_text(self) -> str:
        """What it asks of someone's time, said once: "A 2-hour meeting once a month (about
        2 hours a month)"."""
        return time_commitment_text(self.time_commitment, self.hours_per_month)

    def stage_labels(self) -> list[str]:
        return [Stage(code).label for code in self.stages if code in Stage.values]


class InvitationStatus(models.TextChoices):
    SENT = "sent", "Waiting for a reply"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Invitation(models.Model):
    """An invitation to one pool member, with the score and reasons that led to it.

    When the coordinator invites someone the ranking did not put next (or someone the hard
    filters left out), `override_reason` says why; the override is also in the audit log.
    """

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="invitations"
    )
    member = models.ForeignKey(
        "pool.PoolMember", on_delete=models.PROTECT, related_name="invitations"
    )
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.SENT
    )
    message = models.TextField(blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    rank = models.PositiveIntegerField(null=True, blank=True)
    breakdown = models.JSONField(default=list, blank=True)
    override_reason = models.TextField(blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sent_invitations"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    reply_reason = models.TextField(blank=True)
    team_member = models.ForeignKey(
        "projects.TeamMember",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "member"], name="one_invitation_per_member_per_opportunity"
            )
        ]
        indexes = [models.Index(fields=["member", "status"])]

    def __str__(self) -> str:
        return f"{self.member} invited to {self.opportunity}"

    @property
    def is_open(self) -> bool:
        return self.status == InvitationStatus.SENT
