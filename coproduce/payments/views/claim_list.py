"""Claims for staff: the involvement team and finance see all, project leads their projects'."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.accounts.decorators import require_permission
from coproduce.payments import presenters, services
from coproduce.payments.forms.activity import TeamActivityForm
from coproduce.payments.models import ClaimStatus
from coproduce.payments.queries import filtered_claims


@require_safe
@require_permission("payments.view_claim_list")
def claim_list(request: HttpRequest) -> HttpResponse:
    claims, status = filtered_claims(request.user, request.GET)
    page = Paginator(claims, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "payments/claim_list.jinja",
        {
            "page_title": "Claims",
            "page": page,
            "rows": [(claim, presenters.status_tag(claim)) for claim in page],
            "status": status,
            "statuses": ClaimStatus.choices,
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("payments.log_activity_for_members")
def activity_new(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    form = TeamActivityForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        member = form.cleaned_data["member"]
        try:
            activity = services.log_activity(
                member,
                activity_date=form.cleaned_data["activity_date"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                activity_type=form.cleaned_data["activity_type"],
                project=form.cleaned_data["project"],
                description=form.cleaned_data["description"],
                by=request.user,
                source="team",
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
            claim = services.start_claim(activity, by=request.user)
        except services.PaymentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{activity} has been added for {member}")
            return redirect("payments:claim-detail", pk=claim.pk)
    return render(
        request,
        "payments/activity_new.jinja",
        {
            "page_title": "Log an activity for a member",
            "form": form,
            "for_member": False,
            "back_url": "payments:claim-list",
        },
    )
