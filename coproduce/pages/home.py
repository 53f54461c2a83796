"""What the home page offers each person, by what they may do (a presenter)."""

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class HomeLink:
    title: str
    description: str
    url_name: str
    permission: str | None
    # Not shown to people with this permission (they reach the page another way, or are offered
    # the same page in words that suit them).
    unless: str | None = None


# Each shows only to people with the permission; each app keeps its links in its own block.
HOME_LINKS: list[HomeLink] = [
    # Projects and the measure
    HomeLink(
        "Involvement dashboard",
        "How many active projects have Big I patient and carer involvement, month by month.",
        "involvement:dashboard",
        "involvement.view_dashboard",
    ),
    HomeLink(
        "Projects",
        "QI projects, their teams, driver diagrams, PDSA cycles and who was involved.",
        "projects:list",
        "projects.view_project_list",
    ),
    # The pool and matching
    HomeLink(
        "The pool of patients and carers",
        "New enquiries, people's status, profiles, training and checks.",
        "pool:list",
        "pool.view_member_list",
    ),
    HomeLink(
        "Checks running out",
        "DBS checks, references and agreements that run out in the next 60 days or have run out.",
        "pool:checks",
        "pool.view_member_list",
    ),
    HomeLink(
        "Opportunities",
        "Post ways to get involved in projects, see suggested people and invite them.",
        "matching:opportunity-list",
        "matching.view_opportunity_list",
    ),
    HomeLink(
        "My involvement",
        "Invitations, your projects, your training, your details and your data.",
        "pool:my-involvement",
        "pool.view_own_pages",
    ),
    # Payments
    HomeLink(
        "Your activities and claims",
        "Log what you have done with us, claim for it, or choose not to be paid.",
        "payments:my-claims",
        "payments.view_own_claims",
    ),
    HomeLink(
        "Claims",
        "Check and approve claims from patients and carers.",
        "payments:claim-list",
        "payments.view_claim_list",
    ),
    HomeLink(
        "Finance: payment batches",
        "Batch approved claims, export them for payment and mark them as paid.",
        "payments:batch-list",
        "payments.view_batches",
    ),
    HomeLink(
        "Spend on involvement payments",
        "What has been paid, by project, directorate and month.",
        "payments:reports",
        "payments.view_reports",
    ),
    HomeLink(
        "Payment policy and benefit limits",
        "The rates, expenses and caps in force, and the benefit limits that warnings use.",
        "payments:policy-list",
        "payments.manage_policy",
    ),
    # Training, support and resources
    HomeLink(
        "Training",
        "Courses on quality improvement and on working together: book a place on a session.",
        "training:course-list",
        "training.view_courses",
    ),
    HomeLink(
        "Your training",
        "What you have completed, your certificates and the sessions you have booked.",
        "training:my-training",
        "training.view_own_training",
        # Patients and carers have it as "My training" among their own pages.
        unless="pool.view_own_pages",
    ),
    HomeLink(
        "Support requests",
        "Requests for help with involvement, from first contact to a booked call.",
        "support:request-list",
        "support.view_queue",
    ),
    HomeLink(
        "Ask for support with involvement",
        "A call with the involvement team, help finding patients and carers, training or "
        "payment advice.",
        "support:request-new",
        "support.ask_for_project_help",
    ),
    HomeLink(
        "Ask for support",
        "A call with the involvement team, help with training, or anything else about taking part.",
        "support:request-new",
        None,
        unless="support.ask_for_project_help",
    ),
    HomeLink(
        "Resource library",
        "Toolkits, guidance, posters and training materials.",
        "resources:library",
        None,
    ),
    HomeLink(
        "Make a recruitment poster",
        "A printable A4 poster with a QR code that leads to joining the involvement pool.",
        "resources:poster-new",
        "resources.make_poster",
    ),
    # Administration
    HomeLink(
        "Users and roles",
        "Add people, give them roles and switch off accounts that are no longer needed.",
        "accounts:user-list",
        "accounts.manage_users",
    ),
    HomeLink(
        "Organisation structure",
        "The trust's directorates and services, used to break down every report.",
        "organisations:structure",
        "organisations.manage_structure",
    ),
    HomeLink(
        "Audit log",
        "Who did what to which record, and when.",
        "audit:log",
        "audit.view_log",
    ),
    HomeLink(
        "Your account",
        "Your details, and changing your password.",
        "accounts:my-account",
        None,
    ),
]


def waiting_invitations(user: Any) -> list[Any]:
    """A pool member's invitations still waiting for their reply: the home page shows them first."""
    # An installation's superuser holds every permission but may have no pool record.
    member = getattr(user, "pool_member", None)
    if member is None or not user.has_perm("pool.view_own_pages"):
        return []
    from coproduce.matching.models import Invitation, InvitationStatus

    return list(
        Invitation.objects.filter(member=member, status=InvitationStatus.SENT)
        .select_related("opportunity__project")
        .order_by("sent_at", "pk")
    )


def home_sections(user: Any) -> list[dict[str, str]]:
    sections = []
    for link in HOME_LINKS:
        if link.permission and not user.has_perm(link.permission):
            continue
        if link.unless and user.has_perm(link.unless):
            continue
        try:
            href = reverse(link.url_name)
        except NoReverseMatch:
            continue
        sections.append({"title": link.title, "description": link.description, "href": href})
    return sections


def getting_started(user: Any) -> dict[str, Any] | None:
    """The "Getting started" checklist for an administrator, until every step is done."""
    from coproduce.accounts.models import Role
    from coproduce.organisations import checklist

    if not user.has_role(Role.ADMINISTRATOR):
        return None
    found = checklist.steps(checklist.gather(user.organisation))
    if checklist.is_complete(found):
        return None
    from coproduce.accounts.decorators import may_open

    items = []
    for step in found:
        links = []
        for link in step.links:
            try:
                href = reverse(link.url_name, args=link.args)
            except NoReverseMatch:
                continue
            if may_open(user, href):
                links.append({"text": link.text, "href": href})
        # A step done on pages of another role (the pool is the involvement team's) says who.
        others = bool(step.links) and not links
        items.append({"step": step, "links": links, "done_by_others": others})
    return {"items": items, "done": sum(1 for s in found if s.done), "total": len(found)}
