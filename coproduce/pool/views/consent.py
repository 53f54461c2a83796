"""Confirming the consent of someone imported from earlier records: by the person, through the
link they were sent (no sign-in), or by the team, recording a confirmation they received."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.accounts.decorators import check_permission, require_permission
from coproduce.organisations.contact import show_team_of
from coproduce.pool import consent
from coproduce.pool.models import PoolMember

TITLE = "Confirm we may keep your details"


@require_http_methods(["GET", "POST"])
def confirm_consent(request: HttpRequest, token: str) -> HttpResponse:
    member = consent.member_for(token)
    state = "invalid"
    if member is not None:
        show_team_of(request, member.organisation)
        state = "ask" if member.consent_to_confirm else "already"
        # Only the button confirms: a mail scanner opening the link changes nothing.
        if request.method == "POST" and state == "ask":
            confirmed = consent.confirm(member, how=consent.BY_LINK)
            state = "done" if confirmed else "already"
    response = render(
        request,
        "pool/confirm_consent.jinja",
        {"page_title": TITLE, "member": member, "state": state},
        status=404 if state == "invalid" else 200,
    )
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_POST
@require_permission("pool.view_member_list")
def member_consent(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(PoolMember, organisation=request.user.organisation, pk=pk)
    check_permission(request, "pool.change_member", member)
    try:
        if request.POST.get("action") == "send":
            consent.send_link(member, by=request.user)
            messages.success(request, f"We have emailed {member.first_name} a link to confirm")
        elif consent.confirm(member, how=consent.BY_TEAM, by=request.user):
            messages.success(request, f"{member.first_name}'s consent is recorded")
        else:
            messages.info(request, f"{member.first_name}'s consent was already recorded")
    except consent.ConsentRefused as refusal:
        messages.error(request, str(refusal))
    return redirect("pool:member-detail", pk=member.pk)
