"""Step 3: the preview with each row's problems, the import itself and its progress."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from coproduce.imports import services, tasks
from coproduce.imports.kinds import ImportKind
from coproduce.imports.models import JobStatus
from coproduce.imports.views.common import for_kind, job_or_404

PROBLEMS_SHOWN = 200


@require_safe
@for_kind
def job_detail(request: HttpRequest, pk: int, kind: ImportKind) -> HttpResponse:
    job = services.recover_if_lost(job_or_404(request, pk, kind.code))
    if job.status == JobStatus.UPLOADED:
        return redirect(kind.url("columns", job.pk))
    problem_rows = len({p["row"] for p in job.problems})
    return render(
        request,
        "imports/job.jinja",
        {
            "page_title": _title(job.status, kind),
            "kind": kind,
            "job": job,
            "problems": job.problems[:PROBLEMS_SHOWN],
            "problem_rows": problem_rows,
            "more_problems": max(0, len(job.problems) - PROBLEMS_SHOWN),
            "JobStatus": JobStatus,
        },
    )


def _title(status: str, kind: ImportKind) -> str:
    return {
        JobStatus.CHECKING: "Checking your file",
        JobStatus.CHECKED: "Check what will be imported",
        JobStatus.IMPORTING: f"Importing {kind.noun}",
        JobStatus.DONE: f"{kind.noun.capitalize()} imported",
        JobStatus.FAILED: "Your file was not imported",
        JobStatus.STOPPED: "The import stopped before it finished",
    }.get(status, kind.title)


@require_safe
@for_kind
def job_progress(request: HttpRequest, pk: int, kind: ImportKind) -> JsonResponse:
    """What the progress bar needs, for the small script that refreshes it."""
    job = services.recover_if_lost(job_or_404(request, pk, kind.code))
    return JsonResponse(
        {
            "status": job.status,
            "running": job.is_running,
            "done": job.done_rows,
            "total": job.total_rows,
            "percent": job.percent,
        }
    )


@require_POST
@for_kind
def job_run(request: HttpRequest, pk: int, kind: ImportKind) -> HttpResponse:
    job = job_or_404(request, pk, kind.code)
    # Clicked twice, or in two tabs: the first click is importing it, or has.
    already = "This file is already being dealt with"
    if job.is_running or job.status == JobStatus.DONE:
        messages.info(request, already)
    elif job.status != JobStatus.CHECKED or job.problems:
        messages.info(request, "This file cannot be imported as it is")
    elif not tasks.queue_run(job, only_from=JobStatus.CHECKED):
        messages.info(request, already)
    return redirect(kind.url("job", job.pk))


@require_POST
@for_kind
def job_again(request: HttpRequest, pk: int, kind: ImportKind) -> HttpResponse:
    """Try a job again after its worker was lost: nothing was written, so it starts afresh."""
    job = services.recover_if_lost(job_or_404(request, pk, kind.code))
    if job.status != JobStatus.STOPPED or not tasks.queue_again(job):
        # A second click, or another tab: the job is already running again, or finished.
        messages.info(request, "This file is already being dealt with")
    return redirect(kind.url("job", job.pk))
