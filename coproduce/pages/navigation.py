"""The header's menu: what each person sees depends on what they are allowed to do."""

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class MenuItem:
    text: str
    url_name: str
    permission: str | None  # None: anyone signed in


# Later apps append their entries here; order is the order in the header.
MENU: list[MenuItem] = [
    MenuItem("Dashboard", "involvement:dashboard", "involvement.view_dashboard"),
    MenuItem("Projects", "projects:list", "projects.view_project_list"),
    MenuItem("Pool", "pool:list", "pool.view_member_list"),
    MenuItem("Opportunities", "matching:opportunity-list", "matching.view_opportunity_list"),
    MenuItem("My involvement", "pool:my-involvement", "pool.view_own_pages"),
    MenuItem("Claims", "payments:claim-list", "payments.view_claim_list"),
    MenuItem("Finance", "payments:batch-list", "payments.view_batches"),
    MenuItem("Training", "training:course-list", "training.view_courses"),
    MenuItem("Support", "support:request-list", "support.view_queue"),
    MenuItem("Resources", "resources:library", None),
    MenuItem("Users", "accounts:user-list", "accounts.manage_users"),
    MenuItem("Organisation", "organisations:structure", "organisations.manage_structure"),
    MenuItem("Audit log", "audit:log", "audit.view_log"),
]


def menu_for(request: Any) -> list[dict[str, Any]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for item in MENU:
        if item.permission and not user.has_perm(item.permission):
            continue
        try:
            href = reverse(item.url_name)
        except NoReverseMatch:
            continue
        current = request.path == href or (href != "/" and request.path.startswith(href))
        items.append({"text": item.text, "href": href, "current": current})
    return items


def account_for(request: Any) -> dict[str, Any] | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"items": [{"href": reverse("accounts:sign-in"), "text": "Sign in", "icon": True}]}
    return {
        "items": [
            {"href": reverse("accounts:my-account"), "text": user.display_name, "icon": True},
            {"href": reverse("accounts:sign-out"), "text": "Sign out"},
        ]
    }
