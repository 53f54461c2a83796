"""Demo pool: every demo person with the patient-or-carer role is an active pool member with a
profile; a few more people have only just enquired. Safe to run again."""

import datetime

from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.operations.demo import DemoContext
from coproduce.organisations.models import Service
from coproduce.pages.views import PRIVACY_NOTICE_VERSION
from coproduce.pool.models import (
    Check,
    CheckKind,
    MemberKind,
    MemberStatus,
    OptionKind,
    PaymentPreference,
    PoolMember,
    ProfileOption,
    StatusChange,
)
from coproduce.pool.services import refresh_match_terms

CARERS = {"carer@example.org", "sunita.rao@example.org", "david.brown@example.org"}

OPTIONS = {
    OptionKind.CONDITION: [
        "Anxiety",
        "Bipolar disorder",
        "Caring for someone with dementia",
        "Depression",
        "Eating disorders",
        "Personality disorder",
        "Psychosis",
        "Self-harm",
        "Substance use",
    ],
    OptionKind.TOPIC: [
        "Admission and discharge",
        "Crisis care",
        "Food and mealtimes",
        "Medication",
        "Physical health",
        "Restrictive practice",
        "Staff training",
        "Therapeutic activities",
    ],
    OptionKind.SKILL: [
        "Chairing meetings",
        "Data and spreadsheets",
        "Design and leaflets",
        "Interviewing",
        "Public speaking",
        "Writing and editing",
    ],
    OptionKind.AREA: ["Brent", "Harrow", "Hillingdon", "Kensington", "Online only"],
}

# email: (services used, conditions, topics, skills, areas, days, times, in person, remote, hours)
PROFILES = {
    "patient@example.org": (
        ["Willow Ward (acute inpatient)", "Crisis Resolution and Home Treatment"],
        ["Psychosis", "Anxiety"],
        ["Admission and discharge", "Restrictive practice", "Food and mealtimes"],
        ["Public speaking"],
        ["Brent", "Harrow"],
        ["mon", "tue", "thu"],
        ["morning", "afternoon"],
        True,
        True,
        10,
    ),
    "carer@example.org": (
        ["Memory Assessment Service", "Cedar Ward (older adults)"],
        ["Caring for someone with dementia"],
        ["Admission and discharge", "Physical health", "Staff training"],
        ["Chairing meetings", "Writing and editing"],
        ["Harrow", "Hillingdon"],
        ["tue", "wed", "fri"],
        ["morning"],
        True,
        True,
        8,
    ),
    "jo.taylor@example.org": (
        ["Riverside Community Mental Health Team"],
        ["Depression", "Anxiety"],
        ["Medication", "Therapeutic activities"],
        ["Data and spreadsheets"],
        ["Online only"],
        ["mon", "wed", "fri"],
        ["evening"],
        False,
        True,
        6,
    ),
    "sunita.rao@example.org": (
        ["CAMHS Eating Disorders"],
        ["Eating disorders"],
        ["Food and mealtimes", "Physical health"],
        ["Design and leaflets"],
        ["Kensington"],
        ["thu", "fri"],
        ["afternoon"],
        True,
        True,
        4,
    ),
    "michael.obi@example.org": (
        ["Early Intervention in Psychosis", "Willow Ward (acute inpatient)"],
        ["Psychosis"],
        ["Crisis care", "Medication"],
        ["Interviewing", "Public speaking"],
        ["Brent"],
        ["mon", "tue", "wed", "thu", "fri"],
        ["morning", "afternoon"],
        True,
        False,
        12,
    ),
}

ENQUIRIES = [
    (
        "amira.hussain@example.org",
        "Amira",
        "Hussain",
        MemberKind.CARER,
        "Willow Ward (acute inpatient)",
    ),
    ("tom.lee@example.org", "Tom", "Lee", MemberKind.PATIENT, None),
    ("bea.nowak@example.org", "Bea", "Nowak", MemberKind.BOTH, "CAMHS Community North"),
]


def _options(context: DemoContext) -> dict[tuple[str, str], ProfileOption]:
    found = {}
    for kind, names in OPTIONS.items():
        for name in names:
            option, _ = ProfileOption.objects.get_or_create(
                organisation=context.organisation, kind=kind, name=name
            )
            found[(kind, name)] = option
    return found


def load(context: DemoContext) -> None:
    options = _options(context)
    services = {
        s.name: s for s in Service.objects.filter(directorate__organisation=context.organisation)
    }
    now = timezone.now()
    for email, user in list(context.records.items()):
        if not hasattr(user, "has_role") or not user.has_role(Role.POOL_MEMBER):
            continue
        first, _, last = user.full_name.partition(" ")
        member, created = PoolMember.objects.get_or_create(
            user=user,
            defaults={
                "organisation": context.organisation,
                "first_name": first,
                "last_name": last,
                "email": user.email,
                "kind": MemberKind.CARER if email in CARERS else MemberKind.PATIENT,
                "status": MemberStatus.ACTIVE,
                "status_changed_at": now,
                "consented_at": now,
                "privacy_notice_version": PRIVACY_NOTICE_VERSION,
            },
        )
        if created:
            StatusChange.objects.create(
                member=member,
                to_status=MemberStatus.ACTIVE,
                changed_on=timezone.localdate(),
                reason="Completed the welcome session",
            )
        profile = PROFILES.get(email)
        if created and profile:
            used, conditions, topics, skills, areas, days, times, in_person, remote, hours = profile
            member.services_used.set([services[n] for n in used if n in services])
            member.conditions.set([options[(OptionKind.CONDITION, n)] for n in conditions])
            member.topics.set([options[(OptionKind.TOPIC, n)] for n in topics])
            member.skills.set([options[(OptionKind.SKILL, n)] for n in skills])
            member.travel_areas.set([options[(OptionKind.AREA, n)] for n in areas])
            member.available_days = days
            member.available_times = times
            member.in_person = in_person
            member.remote = remote
            member.max_hours_per_month = hours
            member.languages = "English"
            if email == "carer@example.org":
                member.payment_preference = PaymentPreference.VOUCHER
                member.declared_benefits = ["carers_allowance"]
                member.adjustments = "Needs to leave by 2pm to collect her mother from day care."
            member.save()
            Check.objects.create(
                member=member,
                kind=CheckKind.DBS,
                checked_on=timezone.localdate() - datetime.timedelta(days=200),
                expires_on=timezone.localdate() + datetime.timedelta(days=530),
                reference="DEMO-" + str(member.pk).zfill(6),
            )
            if email == "carer@example.org":
                # References running out soon, so the team's list of checks has something on it.
                Check.objects.create(
                    member=member,
                    kind=CheckKind.REFERENCES,
                    checked_on=timezone.localdate() - datetime.timedelta(days=340),
                    expires_on=timezone.localdate() + datetime.timedelta(days=25),
                )
        elif created:
            member.available_days = ["mon", "wed"]
            member.available_times = ["afternoon"]
            member.save()
        refresh_match_terms(member)
        context.records[f"pool:{email}"] = member

    for email, first, last, kind, service_name in ENQUIRIES:
        member, created = PoolMember.objects.get_or_create(
            organisation=context.organisation,
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "kind": kind,
                "status": MemberStatus.ENQUIRY,
                "status_changed_at": now,
                "consented_at": now,
                "privacy_notice_version": PRIVACY_NOTICE_VERSION,
                "source_service": services.get(service_name or ""),
                "wants_to_do": ["team_member", "focus_group"],
                "about_me": "I would like to help make things better for the next person.",
            },
        )
        if created:
            StatusChange.objects.create(
                member=member,
                to_status=MemberStatus.ENQUIRY,
                changed_on=timezone.localdate(),
                reason="Expressed interest on the website",
            )
        context.records[f"pool:{email}"] = member
