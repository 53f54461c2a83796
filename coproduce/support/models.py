"""Requests for support with involvement, and how the involvement team handles them."""

from django.conf import settings
from django.db import models


class HelpKind(models.TextChoices):
    CALL = "call", "A video call with someone from the involvement team"
    FINDING_PEOPLE = "finding_people", "Finding patients and carers to involve"
    TRAINING = "training", "Training"
    PAYMENT_ADVICE = "payment_advice", "Advice on paying patients and carers"
    OTHER = "other", "Something else"


class RequesterRole(models.TextChoices):
    STAFF = "staff", "I work for the trust"
    PATIENT = "patient", "I am a patient or service user"
    CARER = "carer", "I am a carer"


class RequestStatus(models.TextChoices):
    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    CALL_BOOKED = "call_booked", "Call booked"
    DONE = "done", "Done"


class SupportRequest(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="support_requests"
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_requests",
    )
    project_description = models.CharField(
        max_length=300, blank=True, help_text="The project in the person's words, if not listed."
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_requests",
        help_text="Empty when someone asked without signing in.",
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    requester_role = models.CharField(max_length=10, choices=RequesterRole.choices)
    help_wanted = models.JSONField(default=list, help_text="Codes from HelpKind.")
    other_help = models.CharField(max_length=300, blank=True)
    details = models.TextField(blank=True)
    availability = models.CharField(max_length=300, help_text="When suits them for contact.")
    consent_to_contact = models.BooleanField(default=False)
    status = models.CharField(
        max_length=12, choices=RequestStatus.choices, default=RequestStatus.NEW, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    first_contacted_at = models.DateTimeField(null=True, blank=True)
    call_at = models.DateTimeField(null=True, blank=True)
    video_link = models.URLField(blank=True)
    outcome = models.TextField(blank=True)
    follow_up = models.TextField(blank=True)
    follow_up_on = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    last_reminder_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"Support request {self.pk} from {self.name}"

    @property
    def reference(self) -> str:
        return f"SR-{self.pk:05d}"

    def help_labels(self) -> list[str]:
        labels = [HelpKind(code).label for code in self.help_wanted if code in HelpKind.values]
        if self.other_help and HelpKind.OTHER in self.help_wanted:
            labels[-1] = f"{HelpKind.OTHER.label}: {self.other_help}"
        return labels


class SupportNote(models.Model):
    """What happened on a request: a note, a status change, a call booked."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    status_after = models.CharField(max_length=12, choices=RequestStatus.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Note on {self.request}"
