"""The auditor: the only code that writes the audit log.

Every feature that changes personal data or money calls `record(...)` inside the same transaction
as the change, so the log and the data cannot disagree. We write explicitly rather than from model
signals, because signals miss bulk updates and cannot say *why* something changed.
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from coproduce.audit.middleware import current_request
from coproduce.audit.models import AuditEvent
from coproduce.ratelimit import client_ip

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
    return client_ip(request)


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
