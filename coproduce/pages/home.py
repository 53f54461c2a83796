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


# Each shows only to people with the permission; each app keeps its links in its own block.
HOME_LINKS: list[HomeLink] = [
    # Projects and the measure
    # The pool and matching
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


def home_sections(user: Any) -> list[dict[str, str]]:
    sections = []
    for link in HOME_LINKS:
        if link.permission and not user.has_perm(link.permission):
            continue
        try:
            href = reverse(link.url_name)
        except NoReverseMatch:
            continue
        sections.append({"title": link.title, "description": link.description, "href": href})
    return sections
