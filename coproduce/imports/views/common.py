from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from coproduce.accounts.decorators import check_permission
from coproduce.imports.models import ImportJob


def job_or_404(request: HttpRequest, pk: int) -> ImportJob:
    job = get_object_or_404(
        ImportJob.objects.filter(organisation=request.user.organisation).select_related(
            "created_by"
        ),
        pk=pk,
    )
    check_permission(request, "imports.view_import", job)
    return job
