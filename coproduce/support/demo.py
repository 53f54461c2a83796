"""Demo support requests, one or more in each state of the queue. Loading again adds nothing."""

import datetime

from django.utils import timezone

from coproduce.operations.demo import DemoContext
from coproduce.support.models import (
    HelpKind,
    RequesterRole,
    RequestStatus,
    SupportNote,
    SupportRequest,
)

REQUESTS = [
    # name, email, role, help, availability, hours ago, status, hours to first contact, notes
    (
        "Priya Desai",
        "priya.desai@example.org",
        RequesterRole.STAFF,
        [HelpKind.CALL, HelpKind.FINDING_PEOPLE],
        "Weekday mornings",
        70,
        RequestStatus.NEW,
        None,
        "We are starting a project on discharge letters and want carers involved from the start.",
    ),
    (
        "Tom Evans",
        "tom.evans@example.org",
        RequesterRole.STAFF,
        [HelpKind.PAYMENT_ADVICE],
        "Any time after 2pm",
        6,
        RequestStatus.NEW,
        None,
        "How do we pay a carer who wants vouchers rather than bank transfer?",
    ),
    (
        "Nadia Ali",
        "nadia.ali@example.org",
        RequesterRole.PATIENT,
        [HelpKind.TRAINING],
        "Tuesdays or Thursdays",
        50,
        RequestStatus.CONTACTED,
        5,
        "I would like to join a project but would like some training first.",
    ),
    (
        "Grace Liu",
        "grace.liu@example.org",
        RequesterRole.STAFF,
        [HelpKind.CALL],
        "Wednesday afternoons",
        120,
        RequestStatus.CALL_BOOKED,
        20,
        "Our team wants to move from surveys to having patients on the project team.",
    ),
    (
        "Ben Adeyemi",
        "ben.adeyemi@example.org",
        RequesterRole.STAFF,
        [HelpKind.FINDING_PEOPLE, HelpKind.OTHER],
        "Mornings",
        400,
        RequestStatus.DONE,
        3,
        "Looking for two carers for a falls project on Cedar Ward.",
    ),
]


def load(context: DemoContext) -> None:
    trust = context.organisation
    if SupportRequest.objects.filter(organisation=trust).exists():
        return
    coordinator = context.records["coordinator@example.org"]
    now = timezone.now()
    for name, email, role, help_wanted, when, hours_ago, status, contact_hours, details in REQUESTS:
        created = now - datetime.timedelta(hours=hours_ago)
        requester = context.records.get(email)
        item = SupportRequest.objects.create(
            organisation=trust,
            requester=requester,
            name=name,
            email=email,
            requester_role=role,
            help_wanted=list(help_wanted),
            other_help="Advice on reaching carers who work"
            if HelpKind.OTHER in help_wanted
            else "",
            details=details,
            availability=when,
            consent_to_contact=True,
            status=status,
        )
        fields: dict[str, object] = {"created_at": created}
        if contact_hours is not None:
            contacted = created + datetime.timedelta(hours=contact_hours)
            fields["first_contacted_at"] = contacted
            SupportNote.objects.create(
                request=item,
                author=coordinator,
                text="Emailed to offer times for a call.",
                status_after=RequestStatus.CONTACTED,
            )
        if status == RequestStatus.CALL_BOOKED:
            fields["call_at"] = now + datetime.timedelta(days=2, hours=3)
            fields["video_link"] = "https://video.example.org/involvement-call"
        if status == RequestStatus.DONE:
            fields["outcome"] = "Two carers from the pool matched to the project team."
            fields["follow_up"] = "Check in with the project lead after the first meeting."
            fields["closed_at"] = created + datetime.timedelta(days=10)
        SupportRequest.objects.filter(pk=item.pk).update(**fields)
