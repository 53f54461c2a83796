"""Limits on the public forms that need no account, counted per client address in the cache.

The counting rules are in coproduce/lib/ratelimit.py; this module gives them Django's cache, the
clock, the settings and the words a person sees when a form is refused.
"""

import logging
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

from coproduce.lib import ratelimit
from coproduce.organisations.contact import team_contact_for

log = logging.getLogger(__name__)

# Replaced in tests to move time on without waiting.
clock = time.time


class _CacheCounter:
    def __init__(self, cache: Any) -> None:
        self.cache = cache

    def hit(self, key: str, expires_in: int) -> int:
        # add() only sets a missing key, so the expiry is fixed by the first submission in the
        # window; incr() is atomic in Redis and under a lock in the local memory cache.
        self.cache.add(key, 0, timeout=expires_in)
        try:
            return int(self.cache.incr(key))
        except ValueError:  # it expired between the two calls: this is the first of a new window
            self.cache.set(key, 1, timeout=expires_in)
            return 1


def client_ip(request: HttpRequest | None) -> str | None:
    """The person's address: REMOTE_ADDR, or the X-Forwarded-For entry written by our own
    proxies when TRUSTED_PROXY_COUNT says how many stand in front of the app."""
    return ratelimit.request_address(request, settings.TRUSTED_PROXY_COUNT)


@dataclass(frozen=True)
class Refusal:
    message: str
    retry_after: int  # seconds, for the Retry-After header


def _message(decision: ratelimit.Decision, phone: str) -> str:
    if decision.retry_after <= 60 * 60:
        return (
            "You have sent several requests in a short time. Please try again in a few minutes, "
            f"or phone the involvement team on {phone}."
        )
    return (
        "You have sent a lot of requests today. Please try again tomorrow, "
        f"or phone the involvement team on {phone}."
    )


def check_public_form(request: HttpRequest, scope: str) -> Refusal | None:
    """Count one submission of a public form and say why it is refused if it is over a limit.

    Signed-in people are not counted: they are known, and staff in one trust often share a single
    address. If the cache cannot be reached the form is let through (and the fault logged): a
    broken cache must not stop people asking for help or getting involved.
    """
    limits = settings.PUBLIC_FORM_RATE_LIMITS
    if not limits or request.user.is_authenticated:
        return None
    try:
        decision = ratelimit.hit(
            _CacheCounter(caches["default"]),
            scope=scope,
            client=ratelimit.client_key(client_ip(request)),
            limits=limits,
            now=clock(),
        )
    except Exception:
        log.exception(
            "Could not check the rate limit for %s; the submission was let through", scope
        )
        return None
    if decision.allowed:
        return None
    log.info("Refused a %s submission over the limit of %s", scope, decision.limit)
    phone = team_contact_for(request).phone
    return Refusal(message=_message(decision, phone), retry_after=decision.retry_after)


def respond(response: HttpResponse, refusal: Refusal | None) -> HttpResponse:
    """Send a refused form back as 429 Too Many Requests, saying when to try again."""
    if refusal is not None:
        response.status_code = 429
        response["Retry-After"] = str(refusal.retry_after)
    return response
