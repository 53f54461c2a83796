"""Counting submissions per client in fixed time windows, and finding the client's address.

No Django here: the counter (a cache, in the app) and the clock are passed in, so the rules can be
tested with a fake of each.
"""

import ipaddress
import math
import re
from dataclasses import dataclass
from typing import Protocol

_UNITS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}
_LIMIT = re.compile(r"^(\d+)\s*/\s*(\d*)\s*([smhd])$")


@dataclass(frozen=True)
class Limit:
    """At most `count` submissions in each window of `seconds`."""

    count: int
    seconds: int


def parse_limits(text: str) -> tuple[Limit, ...]:
    """Read limits written like "5/10m,20/1d" (s, m, h or d); "off" means none at all."""
    if text.strip().lower() == "off":
        return ()
    limits = []
    for part in text.split(","):
        found = _LIMIT.match(part.strip().lower())
        if not found:
            raise ValueError(
                f"A rate limit must look like 5/10m or 20/1d (a number, a slash, a period "
                f"in s, m, h or d), or be off; {part.strip()!r} is not"
            )
        count, amount, unit = found.groups()
        seconds = int(amount or "1") * _UNITS[unit]
        if int(count) < 1 or seconds < 1:
            raise ValueError(f"A rate limit must allow at least 1 in a period; {part!r} does not")
        limits.append(Limit(int(count), seconds))
    return tuple(limits)


class Counter(Protocol):
    def hit(self, key: str, expires_in: int) -> int:
        """Add one to the count under `key` (starting from 0, forgotten after `expires_in`
        seconds) and return the new count."""
        ...


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0  # seconds until the window that refused ends
    limit: Limit | None = None  # the limit that refused


def hit(
    counter: Counter, *, scope: str, client: str, limits: tuple[Limit, ...], now: float
) -> Decision:
    """Count one submission by `client` in every window it falls in; refuse it if any window is
    now over its limit. Refused submissions count too, so hammering does not open a gap.

    Windows are fixed (they start at whole multiples of their length since the epoch), so a client
    can send up to twice a limit across the moment one window gives way to the next; the longer
    limit bounds what that can add up to.
    """
    refused: Decision | None = None
    for limit in limits:
        window = math.floor(now / limit.seconds)
        expires_in = max(1, math.ceil((window + 1) * limit.seconds - now))
        key = f"ratelimit:{scope}:{limit.count}/{limit.seconds}:{client}:{window}"
        if counter.hit(key, expires_in) > limit.count and (
            refused is None or expires_in > refused.retry_after
        ):
            refused = Decision(allowed=False, retry_after=expires_in, limit=limit)
    return refused or Decision(allowed=True)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "192.0.2.1:443"
        text = text.split(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_address(remote_addr: str, forwarded_for: str, trusted_proxies: int) -> str | None:
    """The address of the person's device, as the proxies we run in front of the app saw it.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so
    with N of them the client is the Nth entry from the right; anything further left was written
    by the client and proves nothing. With no trusted proxies the header is ignored entirely.
    """
    if trusted_proxies > 0 and forwarded_for.strip():
        entries = [entry for entry in forwarded_for.split(",") if entry.strip()]
        if entries:
            chosen = _address(entries[-min(trusted_proxies, len(entries))])
            if chosen is not None:
                return str(chosen)
    found = _address(remote_addr or "")
    return str(found) if found is not None else None


def client_key(address: str | None) -> str:
    """What to count submissions against: an IPv4 address, or an IPv6 address's /64 network
    (one household or phone is usually given a whole /64, and can pick any address in it)."""
    found = _address(address or "")
    if found is None:
        return "unknown"
    if isinstance(found, ipaddress.IPv6Address):
        if found.ipv4_mapped is not None:
            return str(found.ipv4_mapped)
        return str(ipaddress.ip_network(f"{found}/64", strict=False))
    return str(found)


def request_address(request: object | None, trusted_proxies: int) -> str | None:
    """The address a request came from (see `client_address`), read from its META mapping."""
    if request is None:
        return None
    meta = getattr(request, "META", {})
    return client_address(
        meta.get("REMOTE_ADDR", ""), meta.get("HTTP_X_FORWARDED_FOR", ""), trusted_proxies
    )
