"""Download a list page as CSV or XLSX, with the filters it was showing."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from coproduce.accounts.decorators import require_sign_in
from coproduce.imports import exports
from coproduce.lib import tabular


@require_safe
@require_sign_in
def download(request: HttpRequest, name: str, file_format: str) -> HttpResponse:
    item = exports.EXPORTS.get(name)
    if item is None or file_format not in tabular.FORMATS:
        raise Http404("No such download")
    if not request.user.has_perm("imports.download_list", name):
        raise PermissionDenied("imports.download_list")
    data = exports.export(name, request.user, request.GET.dict(), file_format)
    response = HttpResponse(data, content_type=tabular.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.filename(name, file_format)}"'
    )
    response["Cache-Control"] = "no-store"
    return response
