from typing import Any

from django.templatetags.static import static

from coproduce.organisations.contact import team_contact_for
from coproduce.pages.navigation import account_for, menu_for


def site(request: Any) -> dict[str, Any]:
    nonce = getattr(request, "_csp_nonce", None)
    team = team_contact_for(request)
    return {
        "assetPath": static("nhsuk/assets"),
        "cspNonce": str(nonce) if nonce is not None else "",
        "site_navigation": menu_for(request),
        "site_account": account_for(request),
        "team_name": team.name,
        "team_email": team.email,
        "team_phone": team.phone,
    }
