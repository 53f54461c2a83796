"""Contact choices (the member's own page and the team's), and the team's list of calls to make."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.accounts.decorators import check_permission, require_permission
from coproduce.outreach import registry, services
from coproduce.outreach.forms import ContactChoicesForm
from coproduce.outreach.models import Message, MessageStatus
from coproduce.pool.models import MemberStatus, PoolMember

CHANGE = "outreach.change_contact_choices"


def _choices_page(
    request: HttpRequest, member: PoolMember, *, done_url: str, own: bool
) -> HttpResponse:
    choice = services.preference(member)
    initial = (
        {
            "channels": choice.channels,
            "topics": choice.topics,
            "postal_address": choice.postal_address,
        }
        if choice
        else {}
    )
    form = ContactChoicesForm(request.POST or None, member=member, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.choose(
            member,
            channels=form.cleaned_data["channels"],
            topics=form.cleaned_data["topics"],
            postal_address=form.cleaned_data["postal_address"],
            by=request.user,
        )
        messages.success(request, "Contact choices saved")
        return redirect(done_url)
    return render(
        request,
        "outreach/choices.jinja",
        {
            "page_title": "How we contact you" if own else f"How we contact {member.first_name}",
            "form": form,
            "member": member,
            "own": own,
            "back_url": done_url,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require_permission("pool.view_own_pages")
def my_choices(request: HttpRequest) -> HttpResponse:
    member = get_object_or_404(PoolMember, user=request.user, is_anonymised=False)
    check_permission(request, CHANGE, member)
    return _choices_page(request, member, done_url=reverse("pool:my-data"), own=True)


@require_http_methods(["GET", "HEAD", "POST"])
@require_permission("pool.view_member_list")
def member_choices(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(PoolMember, pk=pk, is_anonymised=False)
    check_permission(request, CHANGE, member)
    return _choices_page(
        request, member, done_url=reverse("pool:member-detail", args=[member.pk]), own=False
    )


def _call_rows(organisation_id: Any) -> list[dict[str, Any]]:
    rows = []
    for message in (
        Message.objects.filter(organisation_id=organisation_id, status=MessageStatus.TO_CALL)
        .select_related("member")
        .order_by("created_at", "pk")
    ):
        template = registry.TEMPLATES.get(message.template)
        rows.append({"message": message, "about": template.call_about if template else ""})
    return rows


@require_safe
@require_permission("outreach.view_calls")
def calls(request: HttpRequest) -> HttpResponse:
    organisation_id = request.user.organisation_id
    members = (
        PoolMember.objects.filter(organisation_id=organisation_id, is_anonymised=False)
        .filter(status__in=[MemberStatus.ACTIVE, MemberStatus.ONBOARDING])
        .select_related("contact_preference")
        .order_by("first_name", "last_name")
    )
    failed = (
        Message.objects.filter(
            organisation_id=organisation_id,
            status__in=[MessageStatus.FAILED, MessageStatus.CANNOT_REACH],
        )
        .select_related("member")
        .order_by("-created_at")[:100]
    )
    # A failure to an address the member has since changed is no longer a problem.
    failed = [
        m
        for m in failed
        if m.member is None
        or m.status == MessageStatus.CANNOT_REACH
        or m.to == services.address_for(m.member, m.channel)
    ]
    return render(
        request,
        "outreach/calls.jinja",
        {
            "page_title": "Calls to make",
            "calls": _call_rows(organisation_id),
            "unreachable": services.cannot_be_reached(members),
            "failed": failed,
        },
    )


@require_POST
@require_permission("outreach.view_calls")
def call_done(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(
        Message, pk=pk, organisation_id=request.user.organisation_id, status=MessageStatus.TO_CALL
    )
    services.call_made(message, by=request.user)
    messages.success(request, "Call ticked off")
    return redirect("outreach:calls")
