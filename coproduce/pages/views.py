"""Pages every visitor can reach, the home page, the health check and the error pages."""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from coproduce.pages.home import getting_started, home_sections, waiting_invitations

logger = logging.getLogger(__name__)

# Bump when the privacy notice changes in substance; consent records the version people agreed to.
PRIVACY_NOTICE_VERSION = "2026-11"


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "pages/welcome.jinja", {"page_title": "Welcome"})
    return render(
        request,
        "pages/home.jinja",
        {
            "page_title": "Home",
            "invitations": waiting_invitations(request.user),
            "sections": home_sections(request.user),
            "needs_trust": request.user.organisation_id is None
            and request.user.has_perm("organisations.add_organisation"),
            "checklist": getting_started(request.user),
        },
    )


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.jinja", {"page_title": "Accessibility statement"})


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/privacy.jinja",
        {"page_title": "Privacy notice", "version": PRIVACY_NOTICE_VERSION},
    )


@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/contact.jinja", {"page_title": "Contact the involvement team"})


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 when it does not (for load balancers and monitors).

    `HealthCheckMiddleware` calls this ahead of the session and sign-in middleware."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        # One line: monitors ask every few seconds, and an outage needs no traceback each time.
        logger.error("Health check: the database did not answer: %s", error)
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@require_safe
def nhsuk_asset(request: HttpRequest, name: str) -> HttpResponse:
    """The compiled NHS.UK stylesheet asks for its icons at /assets/; they live in static files."""
    if ".." in name or name.startswith("/"):
        raise Http404(name)
    return HttpResponsePermanentRedirect(static(f"nhsuk/assets/{name}"))


def _error_page(request: HttpRequest, template: str, status: int, title: str) -> HttpResponse:
    return render(request, template, {"page_title": title}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "pages/errors/400.jinja", 400, "Sorry, there is a problem")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "pages/errors/403.jinja", 403, "You cannot see this page")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "pages/errors/404.jinja", 404, "Page not found")


def server_error(request: HttpRequest) -> HttpResponse:
    # Keep this page independent of the database and the signed-in user: either may be the cause.
    # So it shows the installation's team address, not the trust's own (organisations/contact.py).
    template = loader.get_template("pages/errors/500.jinja")
    context = {
        "page_title": "Sorry, there is a problem with the service",
        "team_email": settings.INVOLVEMENT_TEAM_EMAIL,
    }
    return HttpResponse(template.render(context), status=500)
