from typing import Any

from django.templatetags.static import static
from django.utils.functional import SimpleLazyObject

from coproduce.organisations.contact import team_contact_for
from coproduce.pages.navigation import account_for, menu_for


def site(request: Any) -> dict[str, Any]:
    nonce = getattr(request, "_csp_nonce", None)
    # Read only by pages that show the team's details, and only when they are drawn, after the
    # view has said which trust the page is about.
    team: Any = SimpleLazyObject(lambda: team_contact_for(request))
    return {
        "assetPath": static("nhsuk/assets"),
        "cspNonce": str(nonce) if nonce is not None else "",
        "site_navigation": menu_for(request),
        "site_account": account_for(request),
        "team_name": SimpleLazyObject(lambda: team.name),
        "team_email": SimpleLazyObject(lambda: team.email),
        "team_phone": SimpleLazyObject(lambda: team.phone),
    }
