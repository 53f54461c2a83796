"""Paying patients and carers: the policy, activities, claims, payments and finance batches.

Money is Decimal throughout (see coproduce/lib/money.py for the one rounding rule). An activity has
at most one claim, and a claim at most one payment: both are unique constraints in the database,
so nothing can be paid twice even if two people press a button at the same moment.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from coproduce.lib.benefits import Period
from coproduce.lib.money import Choice, PayBasis, UnitRounding
from coproduce.pool.models import Benefit


class PolicyVersion(models.Model):
    """The payment policy from a date: rates, expenses and caps. Claims use the one in force on
    the activity's date. A version that a claim has used is never edited: add a new one."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="payment_policies"
    )
    effective_from = models.DateField()
    monthly_hours_cap = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text="Most hours paid to one person in a calendar month. Leave empty for no cap.",
    )
    vouchers_offered = models.BooleanField(default=True)
    fee_code = models.CharField(
        "fee ledger code", max_length=30, help_text="Finance code for fees on exports."
    )
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "effective_from"], name="one_policy_per_start_date"
            )
        ]

    def __str__(self) -> str:
        return f"Payment policy from {self.effective_from:%-d %B %Y}"


class ActivityType(models.Model):
    """A kind of involvement that is paid at its own rate, e.g. a meeting or chairing."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="activity_types"
    )
    code = models.SlugField(
        max_length=40, help_text="A short fixed name other parts of Coproduce use, e.g. enhanced."
    )
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="unique_activity_type_name"
            ),
            models.UniqueConstraint(
                fields=["organisation", "code"], name="unique_activity_type_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ActivityRate(models.Model):
    policy = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="rates")
    activity_type = models.ForeignKey(ActivityType, on_delete=models.PROTECT, related_name="rates")
    basis = models.CharField(
        max_length=10,
        choices=[(PayBasis.HOURLY, "Per hour"), (PayBasis.SESSION, "Per session")],
        default=PayBasis.HOURLY,
    )
    amount = models.DecimalField(
        max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    unit_minutes = models.PositiveSmallIntegerField(
        default=15,
        validators=[MinValueValidator(1)],
        help_text="Hourly rates count time in units of this many minutes.",
    )
    rounding = models.CharField(
        max_length=10,
        choices=[
            (UnitRounding.UP, "Part of a unit counts as a whole unit"),
            (UnitRounding.NEAREST, "To the nearest unit"),
            (UnitRounding.DOWN, "Whole units only"),
            (UnitRounding.EXACT, "To the minute"),
        ],
        default=UnitRounding.UP,
    )

    class Meta:
        ordering = ["activity_type__order", "activity_type__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "activity_type"], name="one_rate_per_activity_type"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_type}: £{self.amount} {self.get_basis_display().lower()}"


class ExpenseKind(models.TextChoices):
    CAR = "car", "Mileage by car"
    BICYCLE = "bicycle", "Mileage by bicycle"
    PUBLIC_TRANSPORT = "public_transport", "Public transport"
    PARKING = "parking", "Parking"
    CARE = "care", "Care costs"


MILEAGE_KINDS = frozenset({ExpenseKind.CAR, ExpenseKind.BICYCLE})


class ExpenseRate(models.Model):
    """How one kind of expense is paid under a policy: per mile, or against receipts."""

    policy = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="expenses")
    kind = models.CharField(max_length=20, choices=ExpenseKind.choices)
    per_mile = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text="For mileage only, in pounds, e.g. 0.45.",
    )
    finance_code = models.CharField("expense code", max_length=30)
    source = models.CharField(
        max_length=300, blank=True, help_text="Where the rate comes from, such as HMRC's rates."
    )
    lapses_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last day the published rate is for; after it, the rate needs checking.",
    )

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "kind"], name="one_rate_per_expense_kind")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class BenefitLimit(models.Model):
    """An earnings limit for a benefit, from a date. Warnings use the one in force."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="benefit_limits"
    )
    benefit = models.CharField(max_length=20, choices=Benefit.choices)
    name = models.CharField(max_length=120, help_text="For example, permitted work higher limit.")
    amount = models.DecimalField(
        max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    period = models.CharField(
        max_length=5, choices=[(Period.WEEK, "A week"), (Period.MONTH, "A month")]
    )
    effective_from = models.DateField()
    explanation = models.CharField(
        max_length=300, blank=True, help_text="Shown to the member beside the figures."
    )
    source = models.CharField(
        max_length=300, blank=True, help_text="Where the figure comes from, such as GOV.UK."
    )
    lapses_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last day the published figure is for; after it, the figure needs checking.",
    )

    class Meta:
        ordering = ["benefit", "name", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "benefit", "name", "effective_from"],
                name="one_benefit_limit_per_start_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_benefit_display()}: {self.name}"


class Activity(models.Model):
    """Something a pool member did for the trust: a meeting, a PDSA session, training..."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="activities"
    )
    member = models.ForeignKey(
        "pool.PoolMember", on_delete=models.PROTECT, related_name="activities"
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    activity_type = models.ForeignKey(
        ActivityType, on_delete=models.PROTECT, related_name="activities"
    )
    activity_date = models.DateField(db_index=True)
    duration_minutes = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    description = models.CharField(max_length=300, blank=True)
    source = models.CharField(
        max_length=50, blank=True, help_text="Where it was logged from, e.g. training."
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-activity_date", "-pk"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["member", "activity_date"])]

    def __str__(self) -> str:
        return f"{self.activity_type} on {self.activity_date:%-d %B %Y}"

    @property
    def duration_text(self) -> str:
        hours, minutes = divmod(self.duration_minutes, 60)
        parts = []
        if hours:
            parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
        if minutes:
            parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
        return " ".join(parts) or "0 minutes"


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Not approved"
    PAID = "paid", "Paid"
    DECLINED = "declined", "Payment declined"


CHOICE_LABELS = {
    Choice.PAID: "Paid in full",
    Choice.REDUCED: "A reduced amount",
    Choice.VOUCHER: "A voucher",
    Choice.CHARITY: "Paid to a charity",
    Choice.DECLINED: "Not paid (declined)",
}


class Claim(models.Model):
    """A claim for one activity: the fee from the policy, the member's choice, and expenses."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="claims"
    )
    # One claim per activity, ever: the database refuses a second.
    activity = models.OneToOneField(Activity, on_delete=models.PROTECT, related_name="claim")
    member = models.ForeignKey("pool.PoolMember", on_delete=models.PROTECT, related_name="claims")
    policy = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="claims")
    status = models.CharField(
        max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT, db_index=True
    )
    choice = models.CharField(
        max_length=10, choices=list(CHOICE_LABELS.items()), default=Choice.PAID
    )
    reduced_amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    charity_name = models.CharField(max_length=200, blank=True)
    # The rate as it stood when the claim was made, so the claim explains itself later.
    rate_basis = models.CharField(max_length=10)
    rate_amount = models.DecimalField(max_digits=8, decimal_places=2)
    paid_minutes = models.PositiveIntegerField(
        help_text="Minutes paid after counting units and any monthly cap."
    )
    fee = models.DecimalField(max_digits=9, decimal_places=2)
    payable_fee = models.DecimalField(max_digits=9, decimal_places=2)
    expenses_total = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal("0.00"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"Claim {self.reference}"

    @property
    def reference(self) -> str:
        return f"C{self.pk:06d}"

    @property
    def total(self) -> Decimal:
        return self.payable_fee + self.expenses_total

    @property
    def choice_label(self) -> str:
        return CHOICE_LABELS[Choice(self.choice)]


def receipt_path(instance: "Expense", filename: str) -> str:
    # The member's file name is not used: it may hold personal details.
    return f"receipts/{instance.claim.organisation_id}/{instance.claim_id}/{instance.token}"


class Expense(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="expenses")
    kind = models.CharField(max_length=20, choices=ExpenseKind.choices)
    description = models.CharField(max_length=200, blank=True)
    miles = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    finance_code = models.CharField(max_length=30)
    token = models.UUIDField(unique=True)
    receipt = models.FileField(upload_to=receipt_path, blank=True)
    receipt_type = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} £{self.amount}"


class BatchStatus(models.TextChoices):
    OPEN = "open", "Ready to export"
    EXPORTED = "exported", "Exported"
    PAID = "paid", "Paid"


class PaymentBatch(models.Model):
    """Approved claims gathered for finance. Once exported, a batch never changes."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="payment_batches"
    )
    status = models.CharField(
        max_length=10, choices=BatchStatus.choices, default=BatchStatus.OPEN, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    exported_at = models.DateTimeField(null=True, blank=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The exact bytes finance received, so a re-export is byte-identical.
    csv_file = models.BinaryField(null=True, editable=False)
    xlsx_file = models.BinaryField(null=True, editable=False)
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "payment batches"

    def __str__(self) -> str:
        return f"Batch {self.reference}"

    @property
    def reference(self) -> str:
        return f"B{self.pk:05d}"


class Payment(models.Model):
    """The money owed for one approved claim. At most one per claim and per activity."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="payments"
    )
    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="payment")
    activity = models.OneToOneField(Activity, on_delete=models.PROTECT, related_name="payment")
    batch = models.ForeignKey(
        PaymentBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    fee = models.DecimalField(max_digits=9, decimal_places=2)
    expenses = models.DecimalField(max_digits=9, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Payment for {self.claim.reference}"

    @property
    def total(self) -> Decimal:
        return self.fee + self.expenses
