"""Training courses and who has completed them."""

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

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Completion(models.Model):
    """A person completed a course on a date; it may expire."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_completions"
    )
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-completed_on"]
        indexes = [models.Index(fields=["user", "course", "expires_on"])]

    def __str__(self) -> str:
        return f"{self.user} completed {self.course} on {self.completed_on}"
