"""Finance: batches of approved claims, their exports, and marking them paid."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from coproduce.accounts.decorators import require_permission
from coproduce.payments import services
from coproduce.payments.models import BatchStatus, Payment, PaymentBatch

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _batches(request: HttpRequest):  # type: ignore[no-untyped-def]
    return PaymentBatch.objects.filter(organisation=request.user.organisation)


@require_safe
@require_permission("payments.view_batches")
def batch_list(request: HttpRequest) -> HttpResponse:
    waiting = Payment.objects.filter(organisation=request.user.organisation, batch__isnull=True)
    batches = [(batch, services.batch_total(batch)) for batch in _batches(request)[:100]]
    return render(
        request,
        "payments/batch_list.jinja",
        {
            "page_title": "Finance: payment batches",
            "waiting_count": waiting.count(),
            "waiting_total": sum((p.total for p in waiting), 0),
            "batches": batches,
        },
    )


@require_POST
@require_permission("payments.manage_batches")
def batch_new(request: HttpRequest) -> HttpResponse:
    try:
        batch = services.create_batch(request.user.organisation, by=request.user)
    except services.PaymentError as error:
        messages.error(request, str(error))
        return redirect("payments:batch-list")
    messages.success(request, f"Batch {batch.reference} has been created")
    return redirect("payments:batch-detail", pk=batch.pk)


@require_safe
@require_permission("payments.view_batches")
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(_batches(request), pk=pk)
    payments = batch.payments.select_related(
        "claim__member", "claim__activity__project__directorate"
    ).order_by("claim__member_id", "claim_id")
    return render(
        request,
        "payments/batch_detail.jinja",
        {
            "page_title": f"Batch {batch.reference}",
            "batch": batch,
            "payments": payments,
            "total": services.batch_total(batch),
        },
    )


@require_POST
@require_permission("payments.manage_batches")
def batch_export(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(_batches(request), pk=pk)
    services.export_batch(batch, by=request.user)
    messages.success(request, f"Batch {batch.reference} is exported and can no longer change")
    return redirect("payments:batch-detail", pk=batch.pk)


@require_safe
@require_permission("payments.view_batches")
def batch_download(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    batch = get_object_or_404(_batches(request), pk=pk)
    if file_format not in CONTENT_TYPES or batch.status == BatchStatus.OPEN:
        raise Http404("Not exported")
    data = bytes(batch.csv_file if file_format == "csv" else batch.xlsx_file)
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = (
        f'attachment; filename="coproduce-payments-{batch.reference}.{file_format}"'
    )
    return response


@require_POST
@require_permission("payments.manage_batches")
def batch_paid(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(_batches(request), pk=pk)
    try:
        services.mark_batch_paid(batch, by=request.user)
    except services.PaymentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Batch {batch.reference} and its claims are marked as paid")
    return redirect("payments:batch-detail", pk=batch.pk)
