"""Answer the health check before any middleware that reads the database.

The session middleware loads the session of any request carrying a session cookie, and the
sign-in middleware reads the user; during a database outage either would turn the health
check's 503 into a server error. This middleware sits near the top of the stack and hands
`/healthz` straight to its view, so the answer depends on the database alone, never on cookies.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from coproduce.pages.views import healthz

HEALTH_PATH = "/healthz"


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_PATH:
            return healthz(request)
        return self.get_response(request)
