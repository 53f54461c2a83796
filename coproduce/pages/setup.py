"""Pages that cannot be shown until part of the trust's set-up is done.

A fresh installation has no organisation (trust) yet, and a new trust has nothing in it: the
first administrator signs in before any of it exists. No page crashes on that. A page that
needs something not yet set up raises `NotSetUp`, saying what is missing and who can set it
up, and `NotSetUpMiddleware` shows the calm "not set up yet" page in its place (docs/adr/0606).

`require_permission` raises it for a signed-in person who belongs to no organisation, for
every part of Coproduce except the ones that work without one (`WORKS_WITHOUT_AN_ORGANISATION`:
their own account, and the organisation pages where an administrator sets the trust up).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

# Apps whose pages work for someone who belongs to no organisation yet.
WORKS_WITHOUT_AN_ORGANISATION = frozenset({"accounts", "organisations"})

ADMINISTRATOR = "An administrator"
SET_UP_WHERE = "organisations:structure"


class NotSetUp(Exception):  # noqa: N818 - says what the page found
    """What is missing before this page can be shown, and who can set it up."""

    def __init__(self, missing: str, who: str = ADMINISTRATOR) -> None:
        super().__init__(missing)
        self.missing = missing
        self.who = who


def needs_an_organisation(request: HttpRequest, permission: str) -> None:
    """Raise `NotSetUp` when the signed-in person belongs to no organisation and the page
    (named by its permission, `app.action`) needs one."""
    app = permission.partition(".")[0]
    if app in WORKS_WITHOUT_AN_ORGANISATION:
        return
    if getattr(request.user, "organisation_id", None) is None:
        raise NotSetUp(
            "your account does not belong to an organisation (trust) yet",
            "An administrator sets up the trust and adds people to it",
        )


def not_set_up(request: HttpRequest, problem: NotSetUp) -> HttpResponse:
    context: dict[str, Any] = {
        "page_title": "Coproduce is not set up yet",
        "missing": problem.missing,
        "who": problem.who,
        "set_up_url": reverse(SET_UP_WHERE),
    }
    return render(request, "pages/not_set_up.jinja", context)


class NotSetUpMiddleware:
    """Shows the "not set up yet" page when a page raises `NotSetUp`."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotSetUp):
            return not_set_up(request, exception)
        return None
