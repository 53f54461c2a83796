"""Form fields shared by the payment forms: money, durations and receipts."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from coproduce.lib.money import to_pounds

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
    """Pounds and pence typed as people write them: 12.50, £12.50 or 12."""

    def __init__(self, *, required_message: str, max_amount: Decimal | None = None, **kw: Any):
        self.required_message = required_message
        self.max_amount = max_amount
        kw.setdefault("error_messages", {})["required"] = required_message
        kw.setdefault("widget", forms.TextInput(attrs={"class": "nhsuk-input--width-5"}))
        super().__init__(**kw)

    def clean(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().clean(value)
        if text in (None, ""):
            return None
        text = str(text).strip().replace("£", "").replace(",", "")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                f"{self.label} must be an amount in pounds and pence, like 12.50"
            ) from None
        if not amount.is_finite() or amount < 0:
            raise ValidationError(f"{self.label} must be an amount in pounds and pence, like 12.50")
        if amount != amount.quantize(Decimal("0.01")):
            raise ValidationError(
                f"{self.label} must be in pounds and pence, with 2 decimal places"
            )
        if self.max_amount is not None and amount > self.max_amount:
            raise ValidationError(f"{self.label} must be £{self.max_amount:,} or less")
        return to_pounds(amount)


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
