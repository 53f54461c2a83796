"""GOV.UK Notify's delivery receipts: Notify POSTs each notification's final status here, with the
bearer token set in Notify's API integration page (NOTIFY_CALLBACK_TOKEN)."""

import hmac
import json

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from coproduce.outreach.models import Message, MessageStatus

FAILURES = {
    "permanent-failure": "The email address, phone number or address does not exist",
    "temporary-failure": "The inbox was full or the phone was off for 3 days",
    "technical-failure": "Notify could not send it",
    "validation-failed": "The letter could not be printed as it was",
}


def _problem(status: int, title: str, detail: str) -> JsonResponse:
    return JsonResponse(
        {"type": "about:blank", "title": title, "status": status, "detail": detail},
        status=status,
        content_type="application/problem+json",
    )


@csrf_exempt
@require_POST
def notify_receipt(request: HttpRequest) -> HttpResponse:
    expected = settings.NOTIFY_CALLBACK_TOKEN
    if not expected:
        return _problem(404, "Not found", "Delivery receipts are not switched on here")
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return _problem(401, "Not signed in", "The bearer token is missing or wrong")
    try:
        receipt = json.loads(request.body)
        reference = str(receipt["id"])
        status = str(receipt["status"])
    except (ValueError, KeyError, TypeError):
        return _problem(400, "Bad receipt", "Send JSON with the notification's id and status")
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(provider_reference=reference).first()
        if message is None:
            # Not ours (or already deleted under the retention rules): nothing to update.
            return JsonResponse({"updated": False})
        if status == "delivered":
            message.status = MessageStatus.DELIVERED
            message.last_error = ""
        elif status in FAILURES:
            message.status = MessageStatus.FAILED
            message.last_error = FAILURES[status]
        else:
            return JsonResponse({"updated": False})
        message.save(update_fields=["status", "last_error", "updated_at"])
    return JsonResponse({"updated": True})
