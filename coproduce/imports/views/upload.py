"""Step 1: upload a spreadsheet of projects (and see recent imports)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from coproduce.imports import services, tasks
from coproduce.imports.forms.upload import UploadForm
from coproduce.imports.kinds import ImportKind
from coproduce.imports.models import ImportJob, ImportMapping
from coproduce.imports.views.common import for_kind


@require_http_methods(["GET", "POST"])
@for_kind
def upload(request: HttpRequest, kind: ImportKind) -> HttpResponse:
    organisation = request.user.organisation
    services.recover_lost_jobs(ImportJob.objects.filter(organisation=organisation))
    names = {item.name for item in kind.fields}
    # Only the saved matchings made for this kind of file.
    mappings = [
        m
        for m in ImportMapping.objects.filter(organisation=organisation)
        if m.columns and set(m.columns) <= names
    ]
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        mappings=mappings,
        label=kind.file_label,
        noun=kind.noun,
    )
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        job = services.start_job(
            organisation,
            by=request.user,
            upload=upload_file,
            file_name=upload_file.name,
            kind=kind.code,
        )
        chosen = form.cleaned_data["mapping"]
        if chosen:
            saved = get_object_or_404(ImportMapping, organisation=organisation, pk=int(chosen))
            job.mapping = saved.columns
            job.mapping_name = saved.name
            job.save(update_fields=["mapping", "mapping_name"])
            if not services.check_mapping(job.mapping, job.headers, kind.fields):
                # The saved matching fits this file: go straight to checking the rows.
                tasks.queue_check(job)
                return redirect(kind.url("job", job.pk))
        else:
            job.mapping = kind.guess(job.headers)
            job.save(update_fields=["mapping"])
        return redirect(kind.url("columns", job.pk))
    return render(
        request,
        "imports/upload.jinja",
        {
            "page_title": kind.title,
            "form": form,
            "fields": kind.fields,
            "kind": kind,
            "jobs": services.recent_jobs(organisation, kind.code),
        },
    )
