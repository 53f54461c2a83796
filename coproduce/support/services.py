"""Support requests: taking one in, moving it along the queue, timing first contact, reminders.

new -> contacted -> call booked -> done. A call can be booked straight from new; booking it counts
as first contact. Every change is audited (requests hold personal details) and noted on the
request's history in the same transaction.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coproduce.audit import services as auditor
from coproduce.lib.durations import median_duration
from coproduce.organisations.contact import team_contact
from coproduce.support.models import RequestStatus, SupportNote, SupportRequest

# A new request nobody has contacted within this long is "waiting too long", and the team is
# reminded, at most once a day per request.
WAITING_TOO_LONG = datetime.timedelta(days=2)
REMIND_AGAIN_AFTER = datetime.timedelta(days=1)

ALLOWED_MOVES = {
    RequestStatus.NEW: {RequestStatus.CONTACTED, RequestStatus.CALL_BOOKED, RequestStatus.DONE},
    RequestStatus.CONTACTED: {RequestStatus.CALL_BOOKED, RequestStatus.DONE},
    RequestStatus.CALL_BOOKED: {RequestStatus.CALL_BOOKED, RequestStatus.DONE},
    RequestStatus.DONE: set(),
}


class SupportError(Exception):
    """A change the request's state does not allow; the message is shown to the team."""


def _email(
    template: str,
    subject: str,
    recipients: list[str],
    context: dict[str, Any],
    *,
    organisation: Any,
) -> None:
    """Email about one organisation's requests: the team details in it are that organisation's."""
    team = team_contact(organisation)
    context = {
        **context,
        "site_url": settings.SITE_URL,
        "team_email": team.email,
        "team_phone": team.phone,
    }
    send_mail(
        subject=subject,
        message=render_to_string(f"support/emails/{template}.txt", context),
        from_email=None,
        recipient_list=recipients,
    )


@transaction.atomic
def submit(support_request: SupportRequest, *, by: Any = None) -> SupportRequest:
    """Take in a new request (signed in or not) and tell both sides."""
    if not support_request.consent_to_contact:
        raise SupportError("We can only take a request if we may contact you about it")
    support_request.status = RequestStatus.NEW
    support_request.save()
    auditor.record(
        "support.request_received",
        actor=by,
        target=support_request,
        organisation=support_request.organisation,
        changes={
            "name": [None, support_request.name],
            "email": [None, support_request.email],
            "help wanted": [None, support_request.help_wanted],
        },
    )
    pk = support_request.pk
    transaction.on_commit(lambda: _send_received_emails(pk))
    return support_request


def _move(
    support_request: SupportRequest, to: str, *, by: Any, note: str, action: str, **changes: Any
) -> SupportRequest:
    locked = SupportRequest.objects.select_for_update().get(pk=support_request.pk)
    if to not in ALLOWED_MOVES[RequestStatus(locked.status)]:
        raise SupportError(
            f"This request is {locked.get_status_display().lower()}, so it cannot be marked "
            f"as {RequestStatus(to).label.lower()}"
        )
    fields = ["status", *changes]
    before = auditor.snapshot(locked, fields)
    now = timezone.now()
    locked.status = to
    for name, value in changes.items():
        setattr(locked, name, value)
    if locked.first_contacted_at is None and to != RequestStatus.DONE:
        locked.first_contacted_at = now
        fields.append("first_contacted_at")
    if to == RequestStatus.DONE:
        locked.closed_at = now
        fields.append("closed_at")
    locked.save(update_fields=fields)
    SupportNote.objects.create(request=locked, author=by, text=note, status_after=to)
    auditor.record(
        action,
        actor=by,
        target=locked,
        organisation=locked.organisation,
        changes=auditor.diff(before, auditor.snapshot(locked, fields)),
    )
    return locked


@transaction.atomic
def mark_contacted(support_request: SupportRequest, *, note: str, by: Any) -> SupportRequest:
    return _move(
        support_request,
        RequestStatus.CONTACTED,
        by=by,
        note=note or "Contacted the person.",
        action="support.request_contacted",
    )


@transaction.atomic
def book_call(
    support_request: SupportRequest,
    *,
    call_at: datetime.datetime,
    video_link: str,
    note: str,
    by: Any,
) -> SupportRequest:
    if call_at <= timezone.now():
        raise SupportError("The call must be in the future")
    booked = _move(
        support_request,
        RequestStatus.CALL_BOOKED,
        by=by,
        note=note or f"Call booked for {timezone.localtime(call_at):%d %B %Y at %H:%M}.",
        action="support.call_booked",
        call_at=call_at,
        video_link=video_link,
    )
    transaction.on_commit(lambda: _send_call_booked_email(booked.pk))
    return booked


@transaction.atomic
def close(
    support_request: SupportRequest,
    *,
    outcome: str,
    follow_up: str,
    follow_up_on: datetime.date | None,
    by: Any,
) -> SupportRequest:
    if not outcome.strip():
        raise SupportError("Enter the outcome")
    return _move(
        support_request,
        RequestStatus.DONE,
        by=by,
        note=f"Done. {outcome}",
        action="support.request_done",
        outcome=outcome,
        follow_up=follow_up,
        follow_up_on=follow_up_on,
    )


@transaction.atomic
def add_note(support_request: SupportRequest, *, text: str, by: Any) -> SupportNote:
    note = SupportNote.objects.create(request=support_request, author=by, text=text)
    auditor.record(
        "support.note_added",
        actor=by,
        target=support_request,
        organisation=support_request.organisation,
        changes={"note": [None, text]},
    )
    return note


# Time to first contact ------------------------------------------------------------------------


def time_to_first_contact(
    support_request: SupportRequest, now: datetime.datetime | None = None
) -> tuple[datetime.timedelta, bool]:
    """How long the person waited (or has waited so far), and whether they are still waiting."""
    if support_request.first_contacted_at is not None:
        return support_request.first_contacted_at - support_request.created_at, False
    now = now or timezone.now()
    return now - support_request.created_at, support_request.status == RequestStatus.NEW


@dataclass(frozen=True)
class FirstContactSummary:
    median: datetime.timedelta | None
    contacted: int
    waiting: int
    waiting_too_long: int


def first_contact_summary(
    organisation: Any,
    *,
    since: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> FirstContactSummary:
    """The median time to first contact of requests received since `since` (default 90 days),
    and how many are still waiting. For the queue page and the involvement dashboard."""
    now = now or timezone.now()
    since = since or now - datetime.timedelta(days=90)
    requests = SupportRequest.objects.filter(organisation=organisation, created_at__gte=since)
    contacted = list(
        requests.filter(first_contacted_at__isnull=False).values_list(
            "created_at", "first_contacted_at"
        )
    )
    waiting = SupportRequest.objects.filter(organisation=organisation, status=RequestStatus.NEW)
    return FirstContactSummary(
        median=median_duration(first - created for created, first in contacted),
        contacted=len(contacted),
        waiting=waiting.count(),
        waiting_too_long=waiting.filter(created_at__lt=now - WAITING_TOO_LONG).count(),
    )


def overdue(now: datetime.datetime | None = None) -> QuerySet[SupportRequest]:
    now = now or timezone.now()
    return SupportRequest.objects.filter(
        status=RequestStatus.NEW, created_at__lt=now - WAITING_TOO_LONG
    ).filter(Q(last_reminder_at__isnull=True) | Q(last_reminder_at__lt=now - REMIND_AGAIN_AFTER))


def send_waiting_reminders(now: datetime.datetime | None = None) -> int:
    """Email the involvement team a list of requests nobody has contacted for two days or more.

    One email per organisation per run; each request is included at most once a day.
    """
    now = now or timezone.now()
    due = list(overdue(now).select_related("organisation").order_by("created_at"))
    by_organisation: dict[int, list[SupportRequest]] = {}
    for item in due:
        by_organisation.setdefault(item.organisation_id, []).append(item)
    for items in by_organisation.values():
        organisation = items[0].organisation
        SupportRequest.objects.filter(pk__in=[item.pk for item in items]).update(
            last_reminder_at=now
        )
        _email(
            "waiting_reminder",
            f"{len(items)} support request{'s' if len(items) != 1 else ''} waiting for a first "
            "contact",
            [team_contact(organisation).email],
            {
                "requests": [
                    (
                        item,
                        time_to_first_contact(item, now)[0],
                        settings.SITE_URL + reverse("support:request-detail", args=[item.pk]),
                    )
                    for item in items
                ],
            },
            organisation=organisation,
        )
    return len(due)


def _send_received_emails(pk: int) -> None:
    support_request = SupportRequest.objects.select_related("project", "organisation").get(pk=pk)
    organisation = support_request.organisation
    _email(
        "received",
        f"We have your request for support ({support_request.reference})",
        [support_request.email],
        {"support_request": support_request},
        organisation=organisation,
    )
    _email(
        "new_for_team",
        f"New support request {support_request.reference} from {support_request.name}",
        [team_contact(organisation).email],
        {
            "support_request": support_request,
            "link": settings.SITE_URL + reverse("support:request-detail", args=[pk]),
        },
        organisation=organisation,
    )


def _send_call_booked_email(pk: int) -> None:
    support_request = SupportRequest.objects.select_related("organisation").get(pk=pk)
    _email(
        "call_booked",
        "Your call with the involvement team",
        [support_request.email],
        {"support_request": support_request},
        organisation=support_request.organisation,
    )
