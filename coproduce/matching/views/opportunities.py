"""Posting, listing and viewing involvement opportunities."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.accounts.decorators import check_permission, require_permission
from coproduce.audit import services as auditor
from coproduce.matching import presenters
from coproduce.matching.forms.opportunity import OpportunityForm
from coproduce.matching.models import InvitationStatus, Opportunity, OpportunityStatus, Stage

AUDITED = ("title", "role", "start_date", "end_date", "hours_per_month", "mode", "places", "status")


def scoped(request: HttpRequest) -> QuerySet[Opportunity]:
    return Opportunity.objects.filter(organisation=request.user.organisation).select_related(
        "project", "project__lead", "posted_by"
    )


def get_opportunity(request: HttpRequest, pk: int, permission: str) -> Opportunity:
    opportunity = get_object_or_404(scoped(request), pk=pk)
    check_permission(request, permission, opportunity)
    return opportunity


@require_safe
@require_permission("matching.view_opportunity_list")
def opportunity_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", OpportunityStatus.OPEN)
    opportunities = scoped(request).annotate(
        accepted=Count("invitations", filter=Q(invitations__status=InvitationStatus.ACCEPTED)),
        waiting=Count("invitations", filter=Q(invitations__status=InvitationStatus.SENT)),
    )
    if status in OpportunityStatus.values:
        opportunities = opportunities.filter(status=status)
    mine = request.GET.get("mine") == "1"
    if mine:
        opportunities = opportunities.filter(
            Q(project__lead=request.user) | Q(posted_by=request.user)
        )
    page = Paginator(opportunities.order_by("start_date", "title", "pk"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "matching/opportunity_list.jinja",
        {
            "page_title": "Opportunities",
            "page": page,
            "status": status,
            "statuses": OpportunityStatus.choices,
            "mine": mine,
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("matching.add_opportunity")
def opportunity_new(request: HttpRequest) -> HttpResponse:
    initial = {}
    if request.GET.get("project", "").isdigit():
        initial["project"] = int(request.GET["project"])
    # A project's page or the list of projects without Big I says which stage lacks someone.
    if request.GET.get("stage") in Stage.values:
        initial["stages"] = [request.GET["stage"]]
    form = OpportunityForm(
        request.POST if request.method == "POST" else None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        opportunity = form.save(commit=False)
        opportunity.organisation = request.user.organisation
        opportunity.posted_by = request.user
        opportunity.save()
        form.save_m2m()
        auditor.record(
            "matching.opportunity_posted",
            actor=request.user,
            target=opportunity,
            changes={field: [None, getattr(opportunity, field)] for field in AUDITED},
        )
        messages.success(request, "The opportunity has been posted")
        return redirect("matching:opportunity-detail", pk=opportunity.pk)
    if not form.fields["project"].queryset.exists():
        messages.info(request, "You need a project that is active before you can post")
    return render(
        request,
        "matching/opportunity_form.jinja",
        {"page_title": "Post an opportunity", "form": form, "opportunity": None},
    )


@require_http_methods(["GET", "POST"])
@require_permission("matching.view_opportunity_list")
def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_opportunity(request, pk, "matching.change_opportunity")
    before = auditor.snapshot(opportunity, AUDITED)
    form = OpportunityForm(
        request.POST if request.method == "POST" else None, instance=opportunity, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        opportunity = form.save()
        difference = auditor.diff(before, auditor.snapshot(opportunity, AUDITED))
        auditor.record(
            "matching.opportunity_changed",
            actor=request.user,
            target=opportunity,
            changes=difference,
        )
        messages.success(request, "The opportunity has been saved")
        return redirect("matching:opportunity-detail", pk=opportunity.pk)
    return render(
        request,
        "matching/opportunity_form.jinja",
        {"page_title": "Edit the opportunity", "form": form, "opportunity": opportunity},
    )


@require_POST
@require_permission("matching.view_opportunity_list")
def opportunity_close(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_opportunity(request, pk, "matching.change_opportunity")
    new = (
        OpportunityStatus.OPEN
        if opportunity.status != OpportunityStatus.OPEN
        else OpportunityStatus.CLOSED
    )
    auditor.record(
        "matching.opportunity_changed",
        actor=request.user,
        target=opportunity,
        changes={"status": [opportunity.status, new]},
    )
    opportunity.status = new
    opportunity.save(update_fields=["status"])
    messages.success(request, f"The opportunity is {opportunity.get_status_display().lower()}")
    return redirect("matching:opportunity-detail", pk=opportunity.pk)


@require_safe
@require_permission("matching.view_opportunity_list")
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_opportunity(request, pk, "matching.view_opportunity")
    return render(
        request,
        "matching/opportunity_detail.jinja",
        {
            "page_title": opportunity.title,
            "opportunity": opportunity,
            "invitations": presenters.invitation_rows(opportunity, request.user),
            "team": presenters.team_rows(opportunity, request.user),
            "courses": opportunity.required_courses.all(),
        },
    )
