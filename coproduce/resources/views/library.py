"""The resource library: search and filter, a resource's versions, and downloads.

Public resources are open to everyone; signed-in-only ones to people of the same trust. Files are
served here (never as static files), with the type found from their content.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from coproduce.lib.filetypes import BY_CODE, safe_filename
from coproduce.resources.models import Resource, ResourceAudience, ResourceKind

INLINE_TYPES = {"pdf", "png", "jpg"}


def visible_resources(request: HttpRequest) -> QuerySet[Resource]:
    if request.user.is_authenticated:
        return Resource.objects.filter(organisation=request.user.organisation_id)
    return Resource.objects.filter(is_public=True)


def _resource_or_404(request: HttpRequest, pk: int) -> Resource:
    """Visitors asking for a signed-in-only resource are sent to sign in; other trusts get 404."""
    resource = get_object_or_404(Resource.objects.select_related("organisation"), pk=pk)
    if request.user.has_perm("resources.view_resource", resource):
        return resource
    if not request.user.is_authenticated:
        raise _SignInFirst()
    raise Http404("No such resource")


class _SignInFirst(Exception):
    pass


def _with_sign_in(view):  # type: ignore[no-untyped-def]
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:  # type: ignore[no-untyped-def]
        try:
            return view(request, *args, **kwargs)
        except _SignInFirst:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_safe
def library(request: HttpRequest) -> HttpResponse:
    resources = visible_resources(request).prefetch_related("versions")
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    audience = request.GET.get("audience", "")
    if query:
        resources = resources.filter(Q(title__icontains=query) | Q(summary__icontains=query))
    if kind in ResourceKind.values:
        resources = resources.filter(kind=kind)
    if audience in ResourceAudience.values:
        resources = resources.filter(audience__in=[audience, ResourceAudience.EVERYONE])
    page = Paginator(resources.order_by("title"), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "resources/library.jinja",
        {
            "page_title": "Resource library",
            "page": page,
            "query": query,
            "kind": kind,
            "audience": audience,
            "kinds": ResourceKind.choices,
            "audiences": ResourceAudience.choices,
            "type_labels": {code: kind.label for code, kind in BY_CODE.items()},
        },
    )


@require_safe
@_with_sign_in
def resource_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _resource_or_404(request, pk)
    versions = list(resource.versions.select_related("uploaded_by"))
    return render(
        request,
        "resources/resource_detail.jinja",
        {
            "page_title": resource.title,
            "resource": resource,
            "versions": versions,
            "current": versions[0] if versions else None,
            "type_labels": {code: kind.label for code, kind in BY_CODE.items()},
        },
    )


@require_safe
@_with_sign_in
def download(request: HttpRequest, pk: int, number: int) -> FileResponse:
    resource = _resource_or_404(request, pk)
    version = get_object_or_404(resource.versions, number=number)
    kind = BY_CODE.get(version.file_type)
    if kind is None:
        raise Http404("Unknown file type")
    handle = version.file.storage.open(version.file.name, "rb")
    response = FileResponse(
        handle,
        content_type=kind.content_type,
        as_attachment=version.file_type not in INLINE_TYPES,
        filename=safe_filename(version.original_name or resource.title, kind),
    )
    response["Cache-Control"] = "private, no-cache" if not resource.is_public else "no-cache"
    return response
