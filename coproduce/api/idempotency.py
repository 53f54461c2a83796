"""Doing a piece of work once when the same request arrives twice (`Idempotency-Key`).

A caller that creates something and loses the reply (a timeout, a dropped connection) can send
the request again with the same key. The rule, shared by the API and the pages:

- the same key with the same request answers the first outcome, and nothing is done twice;
- the same key with a different request is refused (`KeyReused`): a key names one request;
- a key belongs to whoever sent it, so one caller's key never reaches another's work.

The API keeps the first reply (status and body) in `IdempotentRequest` for `KEEP_FOR`, per
personal token, or per person for calls from a signed-in browser (`once`). The claim pages send
a fresh key in each "Log an activity" form and the activity keeps it, so a form sent twice logs
one activity; `fingerprint` and `KeyReused` tell a true repeat from a reused key there too.
Only work that succeeded is kept: a request refused for its content changed nothing, so
sending it again simply asks again.
"""

import datetime
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from coproduce.api.models import IdempotentRequest

HEADER = "Idempotency-Key"
KEEP_FOR = datetime.timedelta(hours=24)
# Visible ASCII, as a UUID or any other unique string the caller makes for the request.
KEY_PATTERN = r"^[!-~]{1,255}$"
REPLAYED_HEADER = "Idempotent-Replayed"

HEADER_DESCRIPTION = (
    "Optional. A unique string you make for this request (a UUID is best, up to 255 visible "
    "characters). If the reply is lost, send the request again with the same key: the work is "
    "done once and you get the first reply again (status and body, with the header "
    f"`{REPLAYED_HEADER}: true`). The same key with a different request is refused with 422. "
    "Keys belong to the token (or signed-in person) that sent them and are kept for 24 hours. "
    "A request refused for its content is not kept, so it can be corrected and sent again."
)


class KeyReused(Exception):  # noqa: N818 - the name says what happened
    """The key was already used for a different request."""

    message = (
        "This Idempotency-Key was already used for a different request. Use a new key for each "
        "new request, and the same key only to send the same request again."
    )

    def __str__(self) -> str:
        return self.message


def fingerprint(*parts: Any) -> str:
    """A hash of what was asked, the same for the same content whatever its order."""
    text = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def scope_of(request: HttpRequest) -> str:
    """Whose key it is: the personal token the call came with, or else the signed-in person."""
    token = getattr(request, "api_token", None)
    if token is not None:
        return f"token:{token.pk}"
    return f"user:{request.user.pk}"


def _kept(scope: str, key: str, request_hash: str) -> IdempotentRequest | None:
    kept = IdempotentRequest.objects.filter(
        scope=scope, key=key, created_at__gte=timezone.now() - KEEP_FOR
    ).first()
    if kept is not None and kept.request_hash != request_hash:
        raise KeyReused
    return kept


def once(
    request: HttpRequest,
    key: str | None,
    content: Any,
    work: Callable[[], tuple[int, Any]],
) -> tuple[int, Any, bool]:
    """Run `work` (which answers a status and a JSON-ready body) once for this key.

    Answers the status, the body and whether it is a replay of the first reply. Without a key
    the work simply runs. Raises `KeyReused` when the key was used for something else.
    """
    if key is None:
        status, body = work()
        return status, body, False
    scope = scope_of(request)
    request_hash = fingerprint(request.method, request.path, content)
    kept = _kept(scope, key, request_hash)
    if kept is not None:
        return kept.status, kept.body, True
    try:
        with transaction.atomic():
            # Keys past their time may be used again.
            IdempotentRequest.objects.filter(
                scope=scope, created_at__lt=timezone.now() - KEEP_FOR
            ).delete()
            status, body = work()
            IdempotentRequest.objects.create(
                user=request.user,
                scope=scope,
                key=key,
                request_hash=request_hash,
                status=status,
                body=body,
            )
    except IntegrityError:
        # The same request arrived twice at once: the other one did the work (this one's
        # work was undone with its transaction), so answer what the other one answered.
        kept = _kept(scope, key, request_hash)
        if kept is None:
            raise
        return kept.status, kept.body, True
    return status, body, False
