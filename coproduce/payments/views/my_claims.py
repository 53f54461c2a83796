"""A pool member's own activities and claims: log an activity, claim for it, or decline."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.accounts.decorators import require_permission
from coproduce.payments import presenters, services
from coproduce.payments.forms.activity import ActivityForm
from coproduce.payments.models import Activity, Claim
from coproduce.payments.views.common import own_member
from coproduce.projects.models import Project


@require_safe
@require_permission("payments.view_own_claims")
def my_claims(request: HttpRequest) -> HttpResponse:
    member = own_member(request)
    unclaimed = (
        Activity.objects.filter(member=member, claim__isnull=True)
        .select_related("activity_type", "project")
        .order_by("-activity_date", "-pk")
    )
    claims = (
        Claim.objects.filter(member=member)
        .select_related("activity__activity_type", "activity__project")
        .order_by("-activity__activity_date", "-pk")
    )
    return render(
        request,
        "payments/my_claims.jinja",
        {
            "page_title": "Your activities and claims",
            "member": member,
            "unclaimed": unclaimed,
            "claims": [(claim, presenters.status_tag(claim)) for claim in claims],
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("payments.view_own_claims")
def my_activity_new(request: HttpRequest) -> HttpResponse:
    member = own_member(request)
    # A member chooses from the projects they are on the team of.
    projects = Project.objects.filter(
        organisation=member.organisation, team__pool_member=member
    ).distinct()
    form = ActivityForm(request.POST or None, organisation=member.organisation, projects=projects)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.log_activity(
                member,
                activity_date=form.cleaned_data["activity_date"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                activity_type=form.cleaned_data["activity_type"],
                project=form.cleaned_data["project"],
                description=form.cleaned_data["description"],
                by=request.user,
                source="member",
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except services.PaymentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{activity} has been added")
            return redirect("payments:my-claims")
    return render(
        request,
        "payments/activity_new.jinja",
        {
            "page_title": "Log an activity",
            "form": form,
            "for_member": True,
            "back_url": "payments:my-claims",
        },
    )


@require_POST
@require_permission("payments.view_own_claims")
def my_claim_start(request: HttpRequest, activity_pk: int) -> HttpResponse:
    member = own_member(request)
    activity = get_object_or_404(Activity.objects.filter(member=member), pk=activity_pk)
    try:
        claim = services.start_claim(activity, by=request.user)
    except services.PaymentError as error:
        messages.error(request, str(error))
        return redirect("payments:my-claims")
    return redirect("payments:claim-detail", pk=claim.pk)
