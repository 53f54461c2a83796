"""Ranked suggestions for an opportunity, and inviting people."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.accounts.decorators import check_permission, require_permission
from coproduce.matching import presenters, services
from coproduce.matching.forms.invite import InviteForm, InviteSomeoneElseForm
from coproduce.matching.models import Invitation, OpportunityStatus
from coproduce.matching.views.opportunities import get_opportunity
from coproduce.pool.models import PoolMember


@require_http_methods(["GET", "POST"])
@require_permission("matching.view_opportunity_list")
def suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_opportunity(request, pk, "matching.view_suggestions")
    full_view = request.user.has_perm("pool.view_member_list")
    ranked = services.rank(opportunity) if opportunity.status == OpportunityStatus.OPEN else []
    rows = presenters.suggestion_rows(
        ranked,
        full_view=full_view,
        member_href=lambda m: reverse("pool:member-detail", args=[m.pk]),
    )
    can_invite = request.user.has_perm("matching.invite", opportunity)
    form = InviteForm(
        request.POST if request.method == "POST" else None,
        choices=[(str(row.member_id), row.name) for row in rows],
    )
    if request.method == "POST":
        check_permission(request, "matching.invite", opportunity)
        if form.is_valid():
            chosen = PoolMember.objects.filter(
                organisation=request.user.organisation,
                pk__in=[int(v) for v in form.cleaned_data["members"]],
            )
            try:
                with transaction.atomic():
                    for member in chosen:
                        services.invite(
                            opportunity,
                            member,
                            by=request.user,
                            message=form.cleaned_data["message"],
                        )
            except services.InvitationRefused as refusal:
                form.add_error("members", str(refusal))
            else:
                count = len(chosen)
                messages.success(
                    request,
                    f"{count} {'invitation has' if count == 1 else 'invitations have'} been sent",
                )
                return redirect("matching:opportunity-detail", pk=opportunity.pk)
    return render(
        request,
        "matching/suggestions.jinja",
        {
            "page_title": f"Suggestions for {opportunity.title}",
            "opportunity": opportunity,
            "rows": rows,
            "form": form,
            "can_invite": can_invite,
            "full_view": full_view,
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("matching.view_opportunity_list")
def invite_someone_else(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_opportunity(request, pk, "matching.invite")
    invited = opportunity.invitations.values_list("member_id", flat=True)
    form = InviteSomeoneElseForm(
        request.POST if request.method == "POST" else None,
        organisation=request.user.organisation,
        exclude=invited,
    )
    if request.method == "POST" and form.is_valid():
        member = get_object_or_404(
            PoolMember.objects.filter(organisation=request.user.organisation),
            pk=int(form.cleaned_data["member"]),
        )
        try:
            services.invite(
                opportunity,
                member,
                by=request.user,
                message=form.cleaned_data["message"],
                override_reason=form.cleaned_data["reason"],
            )
        except services.InvitationRefused as refusal:
            form.add_error("member", str(refusal))
        else:
            messages.success(request, f"{member.first_name} has been invited")
            return redirect("matching:opportunity-detail", pk=opportunity.pk)
    return render(
        request,
        "matching/invite_other.jinja",
        {
            "page_title": "Invite someone else",
            "opportunity": opportunity,
            "form": form,
        },
    )


@require_POST
@require_permission("matching.view_opportunity_list")
def withdraw(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    opportunity = get_opportunity(request, pk, "matching.invite")
    invitation = get_object_or_404(Invitation, pk=invitation_pk, opportunity=opportunity)
    try:
        services.withdraw(invitation, by=request.user)
    except services.InvitationRefused as refusal:
        messages.info(request, str(refusal))
    else:
        messages.success(request, f"The invitation to {invitation.member.first_name} is withdrawn")
    return redirect("matching:opportunity-detail", pk=opportunity.pk)
