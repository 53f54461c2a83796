"""The pool of patients and carers who want to be involved in quality improvement."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.db.models.lookups import Exact

from coproduce.lib import check_expiry

WEEKDAYS = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
]
TIMES_OF_DAY = [("morning", "Mornings"), ("afternoon", "Afternoons"), ("evening", "Evenings")]


class MemberKind(models.TextChoices):
    PATIENT = "patient", "Patient or service user"
    CARER = "carer", "Carer"
    BOTH = "both", "Both"


class MemberStatus(models.TextChoices):
    ENQUIRY = "enquiry", "Enquiry"
    ONBOARDING = "onboarding", "Onboarding"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    LEFT = "left", "Left"


class PaymentPreference(models.TextChoices):
    PAID = "paid", "Paid in full"
    VOUCHER = "voucher", "Voucher"
    REDUCED = "reduced", "A reduced amount"
    CHARITY = "charity", "Paid to a charity"
    DECLINED = "declined", "I do not want to be paid"


# The choices above are worded by the member ("I ..."); the involvement team's pages word them so.
PAYMENT_PREFERENCE_OF_THEM = {PaymentPreference.DECLINED: "They do not want to be paid"}


class Benefit(models.TextChoices):
    """Benefits a member may choose to declare, only so that payments can warn them."""

    ESA = "esa", "Employment and Support Allowance (ESA)"
    CARERS_ALLOWANCE = "carers_allowance", "Carer's Allowance"
    UNIVERSAL_CREDIT_HOUSING = (
        "uc_housing",
        "Universal Credit, with housing costs included",
    )
    UNIVERSAL_CREDIT = "uc_no_housing", "Universal Credit, without housing costs"
    OTHER = "other", "Another benefit"


class OptionKind(models.TextChoices):
    CONDITION = "condition", "Conditions and experiences"
    TOPIC = "topic", "Topics of interest"
    SKILL = "skill", "Skills"
    AREA = "area", "Areas people can travel to"


class ProfileOption(models.Model):
    """One entry in an organisation's own lists of conditions, topics, skills and areas.

    Lists are edited by the involvement team; an entry no longer wanted is switched off rather
    than deleted, so profiles that chose it keep their meaning.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="profile_options"
    )
    kind = models.CharField(max_length=12, choices=OptionKind.choices)
    name = models.CharField(max_length=120)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "name"], name="unique_profile_option_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PoolMember(models.Model):
    """A patient or carer, from their first enquiry until they leave.

    Health-related details (lived experience, adjustments, benefits) are seen only by the member
    and the involvement team (see accounts/rules.py).
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="pool_members"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pool_member",
        help_text="Their sign-in, created when they become active.",
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    postal_address = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=MemberKind.choices)
    status = models.CharField(
        max_length=12, choices=MemberStatus.choices, default=MemberStatus.ENQUIRY, db_index=True
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    payment_preference = models.CharField(
        max_length=10, choices=PaymentPreference.choices, default=PaymentPreference.PAID
    )
    declared_benefits = models.JSONField(
        default=list,
        blank=True,
        help_text="Codes from Benefit, declared by the member only to get payment warnings.",
    )
    is_anonymised = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    # Joining: consent, and where the enquiry came from (a service's poster, by its QR code).
    consented_at = models.DateTimeField(null=True, blank=True)
    privacy_notice_version = models.CharField(max_length=20, blank=True)
    # Brought in from the trust's earlier records: their consent to be held here is still to be
    # confirmed, by them through a link or by the team recording what they were told. Until
    # then `consented_at` is empty, so they are never matched or invited (matching.services).
    consent_to_confirm = models.BooleanField(default=False)
    imported_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Training recorded in the previous system, kept as it was written (they have no sign-in
    # yet, so it cannot be a completion of one of the trust's courses).
    earlier_training = models.TextField(blank=True)
    source_service = models.ForeignKey(
        "organisations.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pool_enquiries",
        help_text="The service whose poster they came from.",
    )
    wants_to_do = models.JSONField(
        default=list, blank=True, help_text="Kinds of involvement they would like (role codes)."
    )
    about_me = models.TextField(blank=True, help_text="In their words, what they would like to do.")

    # Lived experience: sensitive, seen by the member and the involvement team only.
    services_used = models.ManyToManyField(
        "organisations.Service", blank=True, related_name="pool_members_with_experience"
    )
    conditions = models.ManyToManyField(
        ProfileOption, blank=True, related_name="members_with_condition"
    )
    experience_notes = models.TextField(blank=True)
    adjustments = models.TextField(blank=True)

    topics = models.ManyToManyField(ProfileOption, blank=True, related_name="members_with_topic")
    skills = models.ManyToManyField(ProfileOption, blank=True, related_name="members_with_skill")
    languages = models.CharField(max_length=200, blank=True)
    travel_areas = models.ManyToManyField(
        ProfileOption, blank=True, related_name="members_with_area"
    )

    available_days = models.JSONField(default=list, blank=True)
    available_times = models.JSONField(default=list, blank=True)
    in_person = models.BooleanField(default=True)
    remote = models.BooleanField(default=True)
    max_hours_per_month = models.PositiveSmallIntegerField(default=8)
    away_until = models.DateField(
        null=True, blank=True, help_text="Not available for anything starting before this date."
    )

    # Kept in step with the profile by pool.services so ranking thousands of people needs one
    # query and no joins (see docs/adr/0201).
    match_terms = models.TextField(blank=True, editable=False)

    deletion_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["first_name", "last_name"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            # Ranking reads only these columns for everyone active: with them all in one index
            # the database never has to visit the table (see docs/adr/0201).
            models.Index(
                fields=[
                    "organisation",
                    "status",
                    "max_hours_per_month",
                    "consented_at",
                    "is_anonymised",
                    "user",
                    "away_until",
                    "match_terms",
                ],
                name="pool_member_matching_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def full_name(self) -> str:
        return str(self)

    @property
    def has_consented(self) -> bool:
        return self.consented_at is not None


class StatusChange(models.Model):
    """One move along enquiry -> onboarding -> active -> paused -> left, with when and why."""

    member = models.ForeignKey(PoolMember, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=MemberStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=MemberStatus.choices)
    changed_on = models.DateField()
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_to_status_display()} on {self.changed_on}"


class CheckKind(models.TextChoices):
    DBS = "dbs", "DBS check"
    REFERENCES = "references", "References"
    CONFIDENTIALITY = "confidentiality", "Confidentiality agreement"
    OTHER = "other", "Other check"


class ReminderStage(models.IntegerChoices):
    """The last reminder sent about a check running out, in order of urgency (lib/check_expiry)."""

    NONE = check_expiry.NONE, "None sent"
    DAYS_60 = check_expiry.DAYS_60, "60 days before"
    DAYS_30 = check_expiry.DAYS_30, "30 days before"
    DAYS_7 = check_expiry.DAYS_7, "7 days before"
    EXPIRED = check_expiry.EXPIRED, "When it ran out"


class CheckQuerySet(models.QuerySet["Check"]):
    def current(self) -> "CheckQuerySet":
        """Checks not renewed: no newer check of the same kind is recorded for the same member
        (for an "Other check", of the same name, in any case).

        Newer means done later, or done the same day and recorded later."""
        newer = Check.objects.filter(
            Exact(Lower("name"), Lower(models.OuterRef("name"))),
            member=models.OuterRef("member"),
            kind=models.OuterRef("kind"),
        ).filter(
            models.Q(checked_on__gt=models.OuterRef("checked_on"))
            | models.Q(checked_on=models.OuterRef("checked_on"), pk__gt=models.OuterRef("pk"))
        )
        return self.filter(~models.Exists(newer))


class Check(models.Model):
    """A check such as DBS, with the date it was done and when it runs out.

    A newer check of the same kind for the same member renews it: the older one is then left
    out of reminders and of the team's list of checks running out. "Other check" is any number of
    kinds, told apart by their names: only a newer check of the same name renews one.
    """

    member = models.ForeignKey(PoolMember, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(max_length=20, choices=CheckKind.choices)
    # What an "Other check" is ("Occupational health clearance"); blank for the named kinds.
    name = models.CharField(max_length=80, blank=True)
    reference = models.CharField(max_length=100, blank=True)
    checked_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Each reminder goes once: the job claims a stage by moving this on with a conditional update.
    reminder_stage = models.PositiveSmallIntegerField(
        choices=ReminderStage.choices, default=ReminderStage.NONE, editable=False
    )
    last_reminded_on = models.DateField(null=True, blank=True, editable=False)

    objects = CheckQuerySet.as_manager()

    class Meta:
        ordering = ["-checked_on"]
        indexes = [models.Index(fields=["expires_on"], name="pool_check_expires_idx")]

    def __str__(self) -> str:
        return f"{self.title} on {self.checked_on}"

    @property
    def title(self) -> str:
        """What the check is called on pages and in emails: its kind, or an other check's name."""
        if self.kind == CheckKind.OTHER and self.name:
            return self.name
        return self.get_kind_display()
