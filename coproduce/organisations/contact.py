"""Who to contact in the involvement team of a trust.

One installation may serve several trusts, each with its own team. A trust's own details (set by
its administrators on the organisation page) come first; the installation's settings
(INVOLVEMENT_TEAM_EMAIL, INVOLVEMENT_TEAM_PHONE) fill in any detail it has not set, and are all
there is when no trust is known. Every email to a team, and every page that shows a team's
details, asks here.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest

# Set by a public page that knows which trust it is about (a poster's service, the trust chosen on
# the support form), so the page context shows that trust's team rather than the visitor's.
_PAGE_ORGANISATION = "_team_contact_organisation"


@dataclass(frozen=True)
class TeamContact:
    name: str  # blank when the trust has not named its team: there is no installation-wide name
    email: str
    phone: str


def team_contact(organisation: Any = None) -> TeamContact:
    """The team of `organisation`, each detail it has not set taken from the settings."""
    return TeamContact(
        name=getattr(organisation, "team_name", ""),
        email=(getattr(organisation, "team_email", "") or settings.INVOLVEMENT_TEAM_EMAIL),
        phone=(getattr(organisation, "team_phone", "") or settings.INVOLVEMENT_TEAM_PHONE),
    )


def show_team_of(request: HttpRequest, organisation: Any) -> None:
    """Make this page show `organisation`'s team (None leaves the usual choice)."""
    if organisation is not None:
        setattr(request, _PAGE_ORGANISATION, organisation)


def team_contact_for(request: HttpRequest) -> TeamContact:
    """The team a page shows: the trust the page is about, else the signed-in person's own,
    else the installation's."""
    organisation = getattr(request, _PAGE_ORGANISATION, None)
    user = getattr(request, "user", None)
    if organisation is None and getattr(user, "is_authenticated", False):
        organisation = user.organisation  # type: ignore[union-attr]
    return team_contact(organisation)
