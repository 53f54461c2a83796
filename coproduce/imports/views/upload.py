"""Step 1: upload a spreadsheet of projects (and see recent imports)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from coproduce.accounts.decorators import require_permission
from coproduce.imports import columns, services, tasks
from coproduce.imports.forms.upload import UploadForm
from coproduce.imports.models import ImportJob, ImportMapping


@require_http_methods(["GET", "POST"])
@require_permission("imports.import_projects")
def upload(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    services.recover_lost_jobs(ImportJob.objects.filter(organisation=organisation))
    mappings = list(ImportMapping.objects.filter(organisation=organisation))
    form = UploadForm(request.POST or None, request.FILES or None, mappings=mappings)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        job = services.start_job(
            organisation, by=request.user, upload=upload_file, file_name=upload_file.name
        )
        chosen = form.cleaned_data["mapping"]
        if chosen:
            saved = get_object_or_404(ImportMapping, organisation=organisation, pk=int(chosen))
            job.mapping = saved.columns
            job.mapping_name = saved.name
            job.save(update_fields=["mapping", "mapping_name"])
            if not services.check_mapping(job.mapping, job.headers):
                # The saved matching fits this file: go straight to checking the rows.
                tasks.queue_check(job)
                return redirect("imports:job", pk=job.pk)
        else:
            job.mapping = columns.guess(job.headers)
            job.save(update_fields=["mapping"])
        return redirect("imports:columns", pk=job.pk)
    return render(
        request,
        "imports/upload.jinja",
        {
            "page_title": "Import projects",
            "form": form,
            "fields": columns.FIELDS,
            "jobs": services.recent_jobs(organisation),
        },
    )
