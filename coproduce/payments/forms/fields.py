"""Form fields shared by the payment forms: money, durations and receipts."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from coproduce.lib import money

MAX_RECEIPT_BYTES = 5 * 1024 * 1024

# What a receipt may be, recognised by its first bytes rather than its name or what the browser
# says it is.
RECEIPT_SIGNATURES: list[tuple[str, int, bytes]] = [
    ("application/pdf", 0, b"%PDF-"),
    ("image/png", 0, b"\x89PNG\r\n\x1a\n"),
    ("image/jpeg", 0, b"\xff\xd8\xff"),
    ("image/heic", 4, b"ftypheic"),
    ("image/heic", 4, b"ftypmif1"),
    ("image/webp", 8, b"WEBP"),
]


def receipt_type(head: bytes) -> str | None:
    for content_type, offset, signature in RECEIPT_SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            if content_type == "image/webp" and not head.startswith(b"RIFF"):
                continue
            return content_type
    return None


class MoneyField(forms.CharField):
    """Pounds and pence typed as people write them: 12, 12.50, £12.50 or 1,000.00.

    Read by `money.parse_pounds`, the one rule for amounts typed into Coproduce: no exponents
    (1e3), NaN or Infinity, no more than 2 decimal places, nothing below 0. `name` starts each
    error message (the label by default, e.g. "Amount" where the label is "Amount in pounds").
    """

    def __init__(
        self,
        *,
        required_message: str,
        max_amount: Decimal | None = None,
        name: str | None = None,
        **kw: Any,
    ):
        self.required_message = required_message
        self.max_amount = max_amount
        self.name = name
        kw.setdefault("error_messages", {})["required"] = required_message
        kw.setdefault("widget", forms.TextInput(attrs={"class": "nhsuk-input--width-5"}))
        super().__init__(**kw)

    def clean(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().clean(value)
        if text in (None, ""):
            return None
        try:
            return money.parse_pounds(text, maximum=self.max_amount)
        except money.NotAnAmount as refusal:
            raise ValidationError(refusal.message(self.name or str(self.label))) from None


class ReceiptField(forms.FileField):
    """A photo or PDF of a receipt: checked by its content and size, not its name."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if not upload:
            return upload
        if upload.size > MAX_RECEIPT_BYTES:
            raise ValidationError("The receipt must be smaller than 5MB")
        head = upload.read(16)
        upload.seek(0)
        detected = receipt_type(head)
        if detected is None:
            raise ValidationError("The receipt must be a PDF, JPG, PNG, HEIC or WEBP file")
        upload.detected_type = detected
        return upload
