"""How each pool member would like to hear from the team, and every message sent to anyone."""

from django.conf import settings
from django.db import models


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    LETTER = "letter", "Letter"
    CALL = "call", "A phone call from the team"


class Topic(models.TextChoices):
    INVITATIONS = "invitations", "Invitations to get involved"
    TRAINING = "training", "Training"
    PAYMENTS = "payments", "Payments"
    NEWS = "news", "News from the team"
    # Sign-in links and other account messages: always sent, on a channel the person gave.
    ACCOUNT = "account", "Your account"


CHOOSABLE_TOPICS = [Topic.INVITATIONS, Topic.TRAINING, Topic.PAYMENTS, Topic.NEWS]


class ContactPreference(models.Model):
    """What a member chose, and when: channels in the order they prefer them."""

    member = models.OneToOneField(
        "pool.PoolMember", on_delete=models.CASCADE, related_name="contact_preference"
    )
    channels = models.JSONField(default=list, blank=True, help_text="Codes from Channel.")
    topics = models.JSONField(default=list, blank=True, help_text="Codes from Topic.")
    postal_address = models.TextField(
        blank=True, help_text="Lines of the address for letters, the postcode last."
    )
    chosen_at = models.DateTimeField()
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Contact choices of {self.member}"

    def channel_labels(self) -> list[str]:
        return [Channel(code).label for code in self.channels if code in Channel.values]

    def topic_labels(self) -> list[str]:
        return [Topic(code).label for code in self.topics if code in Topic.values]


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to send"
    RETRYING = "retrying", "Waiting to try again"
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Could not be delivered"
    TO_CALL = "to_call", "Call to make"
    CALLED = "called", "Called"
    CANNOT_REACH = "cannot_reach", "Cannot be reached"


class Message(models.Model):
    """One message to one person on one channel, with what happened to it."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    member = models.ForeignKey(
        "pool.PoolMember", null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    template = models.CharField(max_length=60)
    topic = models.CharField(max_length=20, choices=Topic.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    to = models.TextField(blank=True, help_text="Email address, phone number or postal address.")
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    status = models.CharField(
        max_length=15, choices=MessageStatus.choices, default=MessageStatus.QUEUED, db_index=True
    )
    provider_reference = models.CharField(max_length=100, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who made the call, for a call to make.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.template} by {self.channel or 'no channel'} ({self.status})"
