from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from coproduce.accounts.decorators import check_permission
from coproduce.imports import kinds
from coproduce.imports.models import ImportJob


def for_kind(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pass the view its import kind (named in the URL's extra arguments, projects by default),
    sending visitors to sign in and refusing people who may not import that kind (403)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, kind: str = "projects", **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        found = kinds.get(kind)
        check_permission(request, found.permission)
        return view(request, *args, kind=found, **kwargs)

    return wrapped


def job_or_404(request: HttpRequest, pk: int, kind: str = "projects") -> ImportJob:
    job = get_object_or_404(
        ImportJob.objects.filter(organisation=request.user.organisation, kind=kind).select_related(
            "created_by"
        ),
        pk=pk,
    )
    check_permission(request, "imports.view_import", job)
    return job
