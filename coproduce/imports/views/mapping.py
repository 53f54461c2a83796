"""Step 2: match the spreadsheet's columns to the fields of a project."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from coproduce.imports import services, tasks
from coproduce.imports.forms.columns import ColumnsForm
from coproduce.imports.kinds import ImportKind
from coproduce.imports.models import JobStatus
from coproduce.imports.views.common import for_kind, job_or_404


@require_http_methods(["GET", "POST"])
@for_kind
def match_columns(request: HttpRequest, pk: int, kind: ImportKind) -> HttpResponse:
    job = services.recover_if_lost(job_or_404(request, pk, kind.code))
    if job.status not in (
        JobStatus.UPLOADED,
        JobStatus.CHECKED,
        JobStatus.FAILED,
        JobStatus.STOPPED,
    ):
        return redirect(kind.url("job", job.pk))
    form = ColumnsForm(
        request.POST or None,
        headers=job.headers,
        fields=kind.fields,
        initial={**job.mapping, "save_as": job.mapping_name},
    )
    if request.method == "POST" and form.is_valid():
        job.mapping = form.cleaned_data["mapping"]
        name = form.cleaned_data["save_as"].strip()
        if name:
            services.save_mapping(job.organisation, name=name, columns=job.mapping, by=request.user)
            job.mapping_name = name
            messages.success(request, f"The column matching has been saved as {name}")
        job.problems, job.summary, job.preview = [], {}, []
        job.save(update_fields=["mapping", "mapping_name", "problems", "summary", "preview"])
        tasks.queue_check(job)
        return redirect(kind.url("job", job.pk))
    return render(
        request,
        "imports/columns.jinja",
        {"page_title": "Match the columns", "form": form, "job": job, "kind": kind},
    )
