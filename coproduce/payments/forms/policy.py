"""Administrators' forms for the payment policy and benefit limits."""

from decimal import Decimal
from typing import Any

from django import forms

from coproduce.frontend.forms import NHSDateField
from coproduce.payments.forms.fields import MoneyField
from coproduce.payments.models import (
    MILEAGE_KINDS,
    ActivityRate,
    BenefitLimit,
    ExpenseRate,
    PolicyVersion,
)


class PolicyVersionForm(forms.ModelForm):
    effective_from = NHSDateField(
        label="Date the policy starts",
        help_text="Activities on or after this date are paid under it. For example, 1 4 2026",
        error_messages={"required": "Enter the date the policy starts"},
    )

    class Meta:
        model = PolicyVersion
        fields = ["effective_from", "monthly_hours_cap", "vouchers_offered", "fee_code", "notes"]
        labels = {
            "monthly_hours_cap": "Most hours paid a month",
            "vouchers_offered": "Offer vouchers",
            "fee_code": "Ledger code for fees",
        }
        error_messages = {
            "fee_code": {"required": "Enter the ledger code for fees"},
            "monthly_hours_cap": {
                "invalid": "Most hours paid a month must be a number, like 30",
                "min_value": "Most hours paid a month must be at least 0.5",
                "max_digits": "Most hours paid a month must be 9999 or fewer",
                "max_decimal_places": "Most hours paid a month can have 1 decimal place",
            },
        }
        widgets = {"monthly_hours_cap": forms.TextInput(attrs={"class": "nhsuk-input--width-4"})}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def clean_effective_from(self) -> Any:
        day = self.cleaned_data.get("effective_from")
        if day is None:
            raise forms.ValidationError("Enter the date the policy starts")
        clash = PolicyVersion.objects.filter(organisation=self.organisation, effective_from=day)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("There is already a policy starting on that date")
        return day


# The most the money columns hold (8 digits with 2 decimal places; 5 for pounds per mile).
MOST_POUNDS = Decimal("999999.99")
MOST_PER_MILE = Decimal("999.99")


class ActivityRateForm(forms.ModelForm):
    amount = MoneyField(
        label="Amount in pounds",
        name="Amount",
        required_message="Enter the amount in pounds",
        max_amount=MOST_POUNDS,
    )

    class Meta:
        model = ActivityRate
        fields = ["basis", "amount", "unit_minutes", "rounding"]
        labels = {
            "basis": "How is it paid?",
            "unit_minutes": "Unit of time, in minutes",
            "rounding": "How part of a unit is counted",
        }
        widgets = {
            "basis": forms.RadioSelect,
            "rounding": forms.RadioSelect,
            "unit_minutes": forms.TextInput(attrs={"class": "nhsuk-input--width-3"}),
        }
        error_messages = {
            "unit_minutes": {
                "required": "Enter the unit of time in minutes",
                "invalid": "Unit of time must be a whole number of minutes, like 15",
                "min_value": "Unit of time must be at least 1 minute",
            },
            "basis": {"required": "Select how it is paid"},
            "rounding": {"required": "Select how part of a unit is counted"},
        }


class ExpenseRateForm(forms.ModelForm):
    per_mile = MoneyField(
        label="Pounds per mile",
        required=False,
        required_message="Enter the pounds per mile",
        max_amount=MOST_PER_MILE,
        help_text="For mileage only, in pounds, e.g. 0.45.",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-4"}),
    )
    lapses_on = NHSDateField(
        label="Last day the published rate is for",
        help_text="For example, 5 4 2027. Leave blank if it does not lapse.",
        required=False,
    )

    class Meta:
        model = ExpenseRate
        fields = ["per_mile", "finance_code", "source", "lapses_on"]
        labels = {"finance_code": "Expense code", "source": "Source"}
        error_messages = {
            "finance_code": {"required": "Enter the expense code"},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            self.instance.kind in MILEAGE_KINDS
            and data.get("per_mile") is None
            and "per_mile" not in self.errors
        ):
            self.add_error("per_mile", "Enter the pounds per mile")
        return data


class BenefitLimitForm(forms.ModelForm):
    effective_from = NHSDateField(
        label="Date the limit starts",
        help_text="For example, 7 4 2025",
        error_messages={"required": "Enter the date the limit starts"},
    )
    lapses_on = NHSDateField(
        label="Last day the published figure is for",
        help_text=(
            "Usually the end of the tax year, for example 5 4 2027. After it, administrators "
            "are asked to check the figure. Leave blank if it does not lapse."
        ),
        required=False,
    )

    amount = MoneyField(
        label="Limit in pounds",
        name="Limit",
        required_message="Enter the limit in pounds",
        max_amount=MOST_POUNDS,
    )

    class Meta:
        model = BenefitLimit
        fields = [
            "benefit",
            "name",
            "amount",
            "period",
            "effective_from",
            "lapses_on",
            "explanation",
            "source",
        ]
        labels = {
            "source": "Source",
            "benefit": "Benefit",
            "name": "Name of the limit",
            "period": "The limit is for",
            "explanation": "Explanation for members",
        }
        widgets = {
            "period": forms.RadioSelect,
        }
        error_messages = {
            "benefit": {"required": "Select the benefit"},
            "name": {"required": "Enter the name of the limit"},
            "period": {"required": "Select whether the limit is for a week or a month"},
        }

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        keys = ("benefit", "name", "effective_from")
        if all(data.get(key) for key in keys):
            clash = BenefitLimit.objects.filter(
                organisation=self.organisation, **{key: data[key] for key in keys}
            )
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("effective_from", "This limit already has a row starting that day")
        return data


class NewActivityTypeForm(ActivityRateForm):
    """A kind of activity, with its rate in one policy version."""

    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="As members will see it, for example Chairing, training or leading",
        error_messages={
            "required": "Enter the name of the activity",
            "max_length": "Name must be 100 characters or fewer",
        },
    )
    code = forms.SlugField(
        label="Short code",
        max_length=40,
        help_text="Lower-case letters, numbers and underscores, for example enhanced",
        error_messages={
            "required": "Enter a short code",
            "invalid": "Short code must use only lower-case letters, numbers and underscores",
            "max_length": "Short code must be 40 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=300,
        error_messages={"max_length": "Description must be 300 characters or fewer"},
    )
    field_order = ["name", "code", "description", "basis", "amount", "unit_minutes", "rounding"]

    def __init__(self, *args: Any, policy: Any, **kwargs: Any) -> None:
        self.policy = policy
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        code, name = data.get("code"), data.get("name")
        existing = self.policy.rates.select_related("activity_type")
        if code and existing.filter(activity_type__code=code).exists():
            self.add_error("code", "This policy already has a rate for that code")
        from coproduce.payments.models import ActivityType

        clash = ActivityType.objects.filter(organisation=self.policy.organisation, name=name)
        if name and code and clash.exclude(code=code).exists():
            self.add_error("name", "Another activity type already has this name")
        return data


class NewExpenseRateForm(ExpenseRateForm):
    class Meta(ExpenseRateForm.Meta):
        fields = ["kind", "per_mile", "finance_code"]
        labels = {**ExpenseRateForm.Meta.labels, "kind": "Kind of expense"}
        error_messages = {
            **ExpenseRateForm.Meta.error_messages,
            "kind": {"required": "Select the kind of expense"},
        }

    def __init__(self, *args: Any, policy: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = set(policy.expenses.values_list("kind", flat=True))
        self.fields["kind"].choices = [("", "Select a kind of expense")] + [
            choice for choice in self.fields["kind"].choices if choice[0] and choice[0] not in taken
        ]

    def clean(self) -> dict[str, Any]:
        self.instance.kind = self.cleaned_data.get("kind") or ""
        return super().clean()
