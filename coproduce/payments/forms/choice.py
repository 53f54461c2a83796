"""The member's choice of how (or whether) to be paid."""

from typing import Any

from django import forms

from coproduce.lib.money import Choice
from coproduce.payments.forms.fields import MoneyField

CHOICE_HINTS = {
    Choice.PAID: "Paid to you by bank transfer.",
    Choice.REDUCED: "You choose a lower amount, for example to stay under a benefit limit.",
    Choice.VOUCHER: "A shopping voucher. Vouchers still count as income for benefits.",
    Choice.CHARITY: "We pay the fee to a charity you choose. It does not count as your earnings.",
    Choice.DECLINED: "You are not paid a fee. Any expenses are still repaid.",
}


class ChoiceForm(forms.Form):
    choice = forms.ChoiceField(
        label="How would you like to be paid?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you would like to be paid"},
    )
    reduced_amount = MoneyField(
        label="Amount you would like",
        required=False,
        required_message="Enter the amount you would like",
    )
    charity_name = forms.CharField(
        label="Name of the charity",
        required=False,
        max_length=200,
        error_messages={"max_length": "Name of the charity must be 200 characters or fewer"},
    )

    def __init__(self, *args: Any, vouchers_offered: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from coproduce.payments.models import CHOICE_LABELS

        choices = [
            (value.value, label)
            for value, label in CHOICE_LABELS.items()
            if vouchers_offered or value != Choice.VOUCHER
        ]
        self.fields["choice"].choices = choices

    def hints(self) -> dict[str, str]:
        return {key.value: text for key, text in CHOICE_HINTS.items()}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("choice") == Choice.REDUCED
            and data.get("reduced_amount") is None
            and "reduced_amount" not in self.errors
        ):
            self.add_error("reduced_amount", "Enter the amount you would like")
        if data.get("choice") == Choice.CHARITY and not (data.get("charity_name") or "").strip():
            self.add_error("charity_name", "Enter the name of the charity")
        return data
