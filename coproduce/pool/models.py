"""The pool of patients and carers who want to be involved in quality improvement."""

from django.conf import settings
from django.db import models


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

    class Meta:
        ordering = ["first_name", "last_name"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def full_name(self) -> str:
        return str(self)
