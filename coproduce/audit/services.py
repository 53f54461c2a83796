"""The auditor: the only code that writes the audit log.

Every feature that changes personal data or money calls `record(...)` inside the same transaction
as the change, so the log and the data cannot disagree. We write explicitly rather than from model
signals, because signals miss bulk updates and cannot say *why* something changed.
"""

import json
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from coproduce.audit.middleware import current_request
from coproduce.audit.models import AuditEvent
from coproduce.lib.ratelimit import request_address

REDACTED = "(hidden)"
# Values we never copy into the log, even when the field itself changed.
SECRET_FIELDS = frozenset({"password", "token", "token_hash", "secret"})


def _plain(value: Any) -> Any:
    """Turn a field value into something JSON can hold and a person can read."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [_plain(v) for v in value]
    return str(value)


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The fields whose values differ, as {field: [old, new]}."""
    changes: dict[str, list[Any]] = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if _plain(old) != _plain(new):
            if key in SECRET_FIELDS:
                changes[key] = [REDACTED, REDACTED]
            else:
                changes[key] = [_plain(old), _plain(new)]
    return changes


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields` on `instance`, ready for `diff`."""
    return {name: getattr(instance, name) for name in fields}


def _client_ip(request: Any) -> str | None:
    # The address the sign-in lock-out and the public forms' limits use too: behind our proxies,
    # the one they saw rather than the proxy's own.
    return request_address(request, settings.TRUSTED_PROXY_COUNT)


def event(
    action: str,
    *,
    actor: Any = None,
    target: models.Model | None = None,
    target_label: str | None = None,
    changes: Mapping[str, Any] | None = None,
    organisation: Any = None,
    request: Any = None,
) -> AuditEvent:
    """One audit event, not yet saved: `record` saves it, `record_many` saves many at once."""
    request = request or current_request()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    if organisation is None:
        organisation = getattr(target, "organisation", None) or getattr(actor, "organisation", None)
    return AuditEvent(
        actor=actor,
        actor_label=(actor.email if actor is not None else "system"),
        action=action,
        target_type=(target._meta.label_lower if target is not None else ""),
        target_id=(str(target.pk) if target is not None else ""),
        target_label=(target_label if target_label is not None else str(target or ""))[:255],
        changes=_plain(dict(changes or {})),
        ip_address=_client_ip(request),
        organisation=organisation if isinstance(organisation, models.Model) else None,
    )


def record(
    action: str,
    *,
    actor: Any = None,
    target: models.Model | None = None,
    target_label: str | None = None,
    changes: Mapping[str, Any] | None = None,
    organisation: Any = None,
    request: Any = None,
) -> AuditEvent:
    """Write one audit event. `actor` defaults to the signed-in user of the current request."""
    built = event(
        action,
        actor=actor,
        target=target,
        target_label=target_label,
        changes=changes,
        organisation=organisation,
        request=request,
    )
    built.save()
    return built


def record_many(events: Iterable[AuditEvent], batch_size: int = 2000) -> int:
    """Write many events in a few statements, for bulk work such as an import of thousands of
    projects: each still says who changed which record and how."""
    written = AuditEvent.objects.bulk_create(list(events), batch_size=batch_size)
    return len(written)


# What a forgotten person's name, email address or phone number becomes in the log.
FORGOTTEN = "(anonymised person)"
# Shorter strings (a first name alone, say) would also match other people's events.
SHORTEST_IDENTIFIER = 5


def _scrub(value: Any, pattern: re.Pattern[str] | None, everything: bool) -> Any:
    """`value` with identifying text removed: every leaf when `everything`, else only the text
    that matches `pattern`."""
    if isinstance(value, dict):
        return {key: _scrub(item, pattern, everything) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item, pattern, everything) for item in value]
    if everything:
        return value if value is None or value == REDACTED else REDACTED
    if isinstance(value, str) and pattern is not None:
        return pattern.sub(FORGOTTEN, value)
    return value


def forget(
    *,
    identifiers: Iterable[str],
    targets: Iterable[models.Model] = (),
    actor: Any = None,
    actor_label: str = FORGOTTEN,
) -> int:
    """Take a person out of the log after they asked for their information to be deleted.

    The log stays whole as a record of what was done, when and by which account: events keep
    their actions, dates, target ids and the names of the fields that changed. What goes is what
    identifies the person: on events about their own records (`targets`), every changed value;
    elsewhere, any occurrence of `identifiers` (their full name, email address, phone number) in
    labels and changes; and their email address as the actor of what they did themselves
    (`actor`). This is the one place that rewrites audit rows; it returns how many it changed.
    """
    found = sorted(
        {text.strip() for text in identifiers if len(text.strip()) >= SHORTEST_IDENTIFIER}
    )
    pattern = (
        re.compile("|".join(re.escape(text) for text in found), re.IGNORECASE) if found else None
    )
    about = [(target._meta.label_lower, str(target.pk)) for target in targets]
    wanted = Q(pk__in=[])
    for target_type, target_id in about:
        wanted |= Q(target_type=target_type, target_id=target_id)
    if actor is not None:
        wanted |= Q(actor_id=actor.pk)
    for text in found:
        # Stored JSON may hold the text as written (PostgreSQL) or escaped (SQLite).
        escaped = json.dumps(text)[1:-1]
        wanted |= Q(actor_label__icontains=text) | Q(target_label__icontains=text)
        wanted |= Q(changes__icontains=text) | Q(changes__icontains=escaped)
    changed = []
    for event in AuditEvent.objects.filter(wanted).order_by("pk").iterator(chunk_size=2000):
        before = (event.actor_label, event.target_label, event.changes)
        own_record = (event.target_type, event.target_id) in about
        if actor is not None and event.actor_id == actor.pk:
            event.actor_label = actor_label
        elif pattern is not None:
            event.actor_label = pattern.sub(FORGOTTEN, event.actor_label)
        if pattern is not None:
            event.target_label = pattern.sub(FORGOTTEN, event.target_label)
        event.changes = _scrub(event.changes, pattern, own_record)
        if (event.actor_label, event.target_label, event.changes) != before:
            changed.append(event)
    AuditEvent.objects.bulk_update(
        changed, ["actor_label", "target_label", "changes"], batch_size=1000
    )
    return len(changed)
