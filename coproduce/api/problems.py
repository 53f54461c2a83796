"""Errors as problem JSON (RFC 9457): a type, a title, the status and a clear detail."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from coproduce.lib.request_log import REFUSAL_REASON

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    422: "The request has problems",
    429: "Too many requests",
    500: "Server error",
}


def problem(
    api: NinjaAPI, request: HttpRequest, status: int, detail: str, **extra: Any
) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **extra,
    }
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = PROBLEM_CONTENT_TYPE
    return response


def _location(loc: list[Any]) -> str:
    parts = [str(part) for part in loc if part not in {"body", "query", "path", "payload"}]
    return ".".join(parts) or "request"


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {"field": _location(list(error.get("loc", []))), "message": error.get("msg", "")}
            for error in exc.errors
        ]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "Invalid request"
        return problem(api, request, 422, detail, errors=errors)

    @api.exception_handler(AuthenticationError)
    def not_signed_in(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = problem(
            api,
            request,
            401,
            "Send a personal API token as 'Authorization: Bearer <token>', or sign in.",
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(PermissionDenied)
    def not_allowed(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        # Django logs the 403 reply; this says why (coproduce/lib/request_log.py).
        setattr(request, REFUSAL_REASON, str(exc))
        return problem(api, request, 403, "Your account is not allowed to do this.")

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(api, request, 404, "There is nothing here, or you cannot see it.")

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(api, request, exc.status_code, str(exc))


class ProblemField(Schema):
    field: str
    message: str


class Problem(Schema):
    """The body of every error reply (application/problem+json)."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemField] | None = None


# What any endpoint may answer besides success: a body that is not JSON, not signed in, not
# allowed, not found (or another trust's), and a request with problems (one entry per field).
ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem}


def replies(ok: Any, status: int = 200) -> dict[int, Any]:
    """The `response=` of an operation: its success shape and the documented problems."""
    return {status: ok, **ERRORS}
