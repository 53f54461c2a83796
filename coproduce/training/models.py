"""Training courses, their sessions, who booked, who came, and who has completed them."""

from django.conf import settings
from django.db import models


class Audience(models.TextChoices):
    STAFF = "staff", "Staff"
    PATIENTS_AND_CARERS = "patients_carers", "Patients and carers"
    BOTH = "both", "Everyone"


class Course(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    description = models.TextField(blank=True)
    grants = models.CharField(
        max_length=200,
        blank=True,
        help_text='What completing it makes someone eligible for, e.g. "team roles".',
    )
    valid_for_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty if it never needs a refresher."
    )
    is_active = models.BooleanField(
        default=True, help_text="Courses no longer run are hidden from the course list."
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class SessionMode(models.TextChoices):
    ONLINE = "online", "Online, by video"
    IN_PERSON = "in_person", "In person, at a venue"


class Session(models.Model):
    """One date on which a course runs, online or at a venue, with a number of places."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    mode = models.CharField(max_length=10, choices=SessionMode.choices)
    video_link = models.URLField(blank=True)
    venue = models.CharField(max_length=300, blank=True)
    access_information = models.TextField(
        blank=True, help_text="Step-free access, hearing loops, parking, quiet rooms."
    )
    capacity = models.PositiveSmallIntegerField()
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Facilitator", related_name="facilitated_sessions"
    )
    is_cancelled = models.BooleanField(default=False)
    attendance_taken_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.course} on {self.starts_at:%d %b %Y}"

    @property
    def organisation(self):  # type: ignore[no-untyped-def]
        return self.course.organisation

    @property
    def organisation_id(self) -> int:
        return self.course.organisation_id

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class Facilitator(models.Model):
    """Someone who runs a session: staff, or a patient or carer from the pool (who is paid)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="facilitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitations"
    )
    paid_activity_id = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text="The payments activity logged for a pool member's facilitation.",
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="unique_facilitator")
        ]

    def __str__(self) -> str:
        return f"{self.user} facilitates {self.session}"


class EnrolmentStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"
    ATTENDED = "attended", "Attended"
    ABSENT = "absent", "Did not attend"


class Enrolment(models.Model):
    """One person's place on a session, or their place in its waiting list.

    The waiting list is ordered by `waiting_since`, so someone who cancels and rejoins goes to the
    back of the queue.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_enrolments"
    )
    status = models.CharField(max_length=10, choices=EnrolmentStatus.choices, db_index=True)
    enrolled_at = models.DateTimeField()
    waiting_since = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["enrolled_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="unique_enrolment")]

    def __str__(self) -> str:
        return f"{self.user} - {self.session} ({self.get_status_display()})"


class Completion(models.Model):
    """A person completed a course on a date; it may expire."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_completions"
    )
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="completions"
    )
    directorate = models.ForeignKey(
        "organisations.Directorate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The directorate the person worked in when they completed it, for reports.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    refresher_reminder_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-completed_on"]
        indexes = [models.Index(fields=["user", "course", "expires_on"])]

    def __str__(self) -> str:
        return f"{self.user} completed {self.course} on {self.completed_on}"

    @property
    def organisation_id(self) -> int:
        return self.course.organisation_id
