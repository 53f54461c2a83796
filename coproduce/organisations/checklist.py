"""The "Getting started" checklist an administrator follows to set up their trust.

Each step ticks itself from the trust's own data, never from a flag someone sets: `gather` reads
the facts in a handful of queries and `steps` (framework-free) turns them into the checklist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class SetupFacts:
    """What a trust has set up so far."""

    has_trust: bool = False
    organisation_id: int | None = None
    directorates: int = 0
    services: int = 0
    team_email: str = ""
    rule_decided: bool = False
    policy_in_force: bool = False
    policy_rates: int = 0
    benefit_limits: int = 0
    figures_to_check: tuple[str, ...] = ()
    other_staff: int = 0
    pool_members: int = 0
    projects: int = 0


@dataclass(frozen=True)
class Link:
    text: str
    url_name: str
    args: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    purpose: str
    done: bool
    links: tuple[Link, ...]
    # What is still missing, or what needs checking, said plainly.
    missing: str = ""
    needs_checking: bool = False

    @property
    def status(self) -> str:
        if self.done:
            return "Completed"
        return "Needs checking" if self.needs_checking else "Not done yet"


def _step(key: str, title: str, purpose: str, done: bool, missing: str, *links: Link) -> Step:
    return Step(key, title, purpose, done, links, "" if done else missing)


def steps(facts: SetupFacts) -> list[Step]:
    """The checklist, in the order a trust usually works through it."""
    if not facts.has_trust:
        structure_links: tuple[Link, ...] = (
            Link("Set up your trust", "organisations:organisation-new"),
        )
        structure_missing = "Your trust has not been set up yet."
    else:
        structure_links = (
            Link("Add a directorate", "organisations:directorate-new"),
            Link("Import the structure from a spreadsheet", "imports:structure-upload"),
        )
        if not facts.directorates:
            structure_missing = "Add at least one directorate and the services within it."
        else:
            structure_missing = "Add the services within your directorates."
    trust_links_ready = facts.has_trust and facts.organisation_id is not None
    team_links = (
        (
            Link(
                "Add the team's contact details",
                "organisations:team-contact",
                (facts.organisation_id,),
            ),
        )
        if trust_links_ready
        else ()
    )
    figures_missing = (
        "These figures have lapsed and need checking against GOV.UK: "
        + "; ".join(facts.figures_to_check)
        + "."
        if facts.figures_to_check
        else "Set the rates you pay and the benefit limits that warnings use."
    )
    figures_done = (
        facts.policy_in_force
        and facts.policy_rates > 0
        and facts.benefit_limits > 0
        and not facts.figures_to_check
    )
    result = [
        _step(
            "structure",
            "Your trust and its structure",
            "Directorates and services break down the measure, the dashboard and spending, "
            "and say where each project and person belongs.",
            facts.has_trust and facts.directorates > 0 and facts.services > 0,
            structure_missing,
            *structure_links,
        ),
        _step(
            "team_contact",
            "The involvement team's contact details",
            "Patients, carers and staff are told to contact this address and phone number, "
            "and new enquiries and support requests are sent to it.",
            facts.has_trust and bool(facts.team_email),
            "Give the email address of the team that runs involvement.",
            *team_links,
        ),
        _step(
            "involvement_rule",
            "The involvement rule and target",
            "Decide which stages of a project patients and carers must be part of for it to "
            "count as meaningful (Big I) involvement, and the percentage of projects you aim for.",
            facts.has_trust and facts.rule_decided,
            "Check the rule and target, change them if you need to, and save them.",
            Link("Set the rule and target", "involvement:settings"),
        ),
        Step(
            "payments",
            "The payment policy and benefit limits",
            "Claims are paid at the rates in force on the day of the activity, and patients and "
            "carers are warned when a payment brings them close to a benefit limit.",
            facts.has_trust and figures_done,
            (Link("Check the payment policy and benefit limits", "payments:policy-list"),),
            "" if figures_done else figures_missing,
            needs_checking=bool(facts.figures_to_check),
        ),
        _step(
            "staff",
            "Staff accounts",
            "Everyone who leads projects, runs involvement or pays claims signs in with their "
            "own account and sees only what their role needs.",
            facts.has_trust and facts.other_staff > 0,
            "Add the involvement team, project leads and finance, or import them from a file.",
            Link("Add a person", "accounts:user-new"),
            Link("Import staff from a spreadsheet", "imports:staff-upload"),
        ),
        _step(
            "pool",
            "The pool of patients and carers",
            "The people who get involved: their interests, training and checks decide which "
            "opportunities they are offered.",
            facts.has_trust and facts.pool_members > 0,
            "Add the patients and carers already involved with your trust.",
            Link("Go to the pool", "pool:list"),
        ),
        _step(
            "projects",
            "The projects",
            "The QI projects whose involvement is measured. Bring in the ones you already have "
            "so the first measure is a true baseline.",
            facts.has_trust and facts.projects > 0,
            "Add your QI projects, or import them from your current system.",
            Link("Add a project", "projects:new"),
            Link("Import projects from a spreadsheet", "imports:upload"),
        ),
    ]
    return result


def is_complete(checklist: list[Step]) -> bool:
    return all(step.done for step in checklist)


def gather(organisation: Any, *, today: date | None = None) -> SetupFacts:
    """Read what `organisation` (None for an administrator without a trust) has set up."""
    if organisation is None:
        return SetupFacts()
    from django.utils import timezone

    from coproduce.accounts.models import Role, User
    from coproduce.audit.models import AuditEvent
    from coproduce.organisations.models import Directorate, Service
    from coproduce.payments.models import ActivityRate, BenefitLimit
    from coproduce.payments.services import policy_in_force
    from coproduce.pool.models import PoolMember
    from coproduce.projects.models import Project

    today = today or timezone.localdate()
    policy = policy_in_force(organisation, today)
    staff_roles = [Role.INVOLVEMENT_TEAM, Role.PROJECT_LEAD, Role.QI_STAFF, Role.FINANCE]
    return SetupFacts(
        has_trust=True,
        organisation_id=organisation.pk,
        directorates=Directorate.objects.filter(organisation=organisation, is_active=True).count(),
        services=Service.objects.filter(
            directorate__organisation=organisation, is_active=True, directorate__is_active=True
        ).count(),
        team_email=organisation.team_email,
        # The rule counts as decided once someone has saved it, whether or not they changed
        # the defaults: the audit log keeps that act.
        rule_decided=AuditEvent.objects.filter(
            organisation=organisation,
            action__in=["involvement.settings_changed", "involvement.settings_confirmed"],
        ).exists(),
        policy_in_force=policy is not None,
        policy_rates=ActivityRate.objects.filter(policy=policy).count() if policy else 0,
        benefit_limits=BenefitLimit.objects.filter(
            organisation=organisation, effective_from__lte=today
        ).count(),
        figures_to_check=_figures_to_check(organisation, today),
        other_staff=User.objects.filter(
            organisation=organisation, is_active=True, role_grants__role__in=staff_roles
        )
        .distinct()
        .count(),
        pool_members=PoolMember.objects.filter(
            organisation=organisation, is_anonymised=False
        ).count(),
        projects=Project.objects.filter(organisation=organisation).count(),
    )


def _figures_to_check(organisation: Any, today: date) -> tuple[str, ...]:
    from coproduce.payments import figures

    return tuple(item.label for item in figures.lapsed(organisation, today))
