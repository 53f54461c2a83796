"""An expense on a claim: mileage, or a cost with a receipt."""

import re
from decimal import Decimal
from typing import Any

from django import forms

from coproduce.payments.forms.fields import MoneyField, ReceiptField
from coproduce.payments.models import MILEAGE_KINDS, ExpenseKind

PLAIN_MILES = re.compile(r"[0-9]{1,4}(\.[0-9]+)?")


class ExpenseForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of expense?",
        widget=forms.RadioSelect,
        choices=ExpenseKind.choices,
        error_messages={"required": "Select the kind of expense"},
    )
    miles = forms.CharField(
        label="Miles travelled",
        required=False,
        help_text="For mileage only. The return journey, for example 12.5",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-5"}),
    )
    amount = MoneyField(
        label="Amount on the receipt",
        required=False,
        required_message="Enter the amount on the receipt",
        max_amount=Decimal("1000"),
        help_text="For everything except mileage, in pounds and pence, for example 4.80",
    )
    receipt = ReceiptField(
        label="Upload the receipt",
        required=False,
        help_text="A photo or PDF, smaller than 5MB. Not needed for mileage.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.heic,.webp"}),
    )
    description = forms.CharField(
        label="Details",
        required=False,
        max_length=200,
        help_text="For example, bus from Harrow to the hospital and back",
        error_messages={"max_length": "Details must be 200 characters or fewer"},
    )

    def __init__(self, *args: Any, kinds: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [c for c in ExpenseKind.choices if c[0] in kinds]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if kind in MILEAGE_KINDS:
            text = (data.get("miles") or "").strip()
            if not text:
                self.add_error("miles", "Enter how many miles you travelled")
                return data
            # Plain digits with at most one decimal point: no 1e2, NaN or Infinity.
            if not PLAIN_MILES.fullmatch(text):
                self.add_error("miles", "Miles travelled must be a number, like 12.5")
                return data
            miles = Decimal(text)
            if not miles.is_finite() or miles <= 0 or miles > 1000:
                self.add_error("miles", "Miles travelled must be between 0.1 and 1000")
                return data
            if miles != miles.quantize(Decimal("0.1")):
                self.add_error("miles", "Miles travelled can have at most 1 decimal place")
                return data
            data["miles"] = miles
            data["amount"] = None
            data["receipt"] = None
        elif kind:
            data["miles"] = None
            if data.get("amount") is None and "amount" not in self.errors:
                self.add_error("amount", "Enter the amount on the receipt")
            if not data.get("receipt") and "receipt" not in self.errors:
                self.add_error("receipt", "Upload a photo or PDF of the receipt")
        return data
