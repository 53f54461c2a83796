"""View decorators that ask the permission rules, the way every page does."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from coproduce.lib.request_log import REFUSAL_REASON
from coproduce.pages.setup import needs_an_organisation


def require_permission(permission: str) -> Callable[..., Any]:
    """Send visitors to sign in; refuse signed-in people without `permission` (403); show
    "not set up yet" to someone who belongs to no organisation (coproduce/pages/setup.py).

    Object-level checks happen inside the view once it has loaded the object, with
    `check_permission(request, permission, obj)`.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission):
                refuse(request, permission)
            needs_an_organisation(request, permission)
            return view(request, *args, **kwargs)

        wrapped.permission = permission  # type: ignore[attr-defined]
        return wrapped

    return decorator


def require_sign_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def check_permission(request: HttpRequest, permission: str, obj: Any = None) -> None:
    if not request.user.has_perm(permission, obj):
        refuse(request, permission)


def refuse(request: HttpRequest, permission: str) -> None:
    """Answer 403 for `permission`. The request keeps the reason too, so the one-line log of
    the refusal says why however the response reaches the log (coproduce/lib/request_log.py)."""
    setattr(request, REFUSAL_REASON, permission)
    raise PermissionDenied(permission)


def may_open(user: Any, path: str) -> bool:
    """Whether `user` gets past the page-level permission of the view at `path` (links that
    would only answer "not allowed" are not offered)."""
    from django.urls import Resolver404, resolve

    try:
        view = resolve(path).func
    except Resolver404:
        return False
    permission = getattr(view, "permission", None)
    return permission is None or user.has_perm(permission)
