from typing import Any

from django.conf import settings
from django.templatetags.static import static

from coproduce.pages.navigation import account_for, menu_for


def site(request: Any) -> dict[str, Any]:
    nonce = getattr(request, "_csp_nonce", None)
    return {
        "assetPath": static("nhsuk/assets"),
        "cspNonce": str(nonce) if nonce is not None else "",
        "site_navigation": menu_for(request),
        "site_account": account_for(request),
        "team_email": settings.INVOLVEMENT_TEAM_EMAIL,
        "team_phone": settings.INVOLVEMENT_TEAM_PHONE,
    }
