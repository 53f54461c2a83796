"""A pool member's own pages: invitations, projects, training, details and their data."""

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.accounts.decorators import check_permission, require_permission
from coproduce.matching import services as matching_services
from coproduce.matching.forms.reply import ReplyForm
from coproduce.matching.models import Invitation, InvitationStatus
from coproduce.outreach.presenters import contact_summary
from coproduce.pages.setup import NotSetUp
from coproduce.pool import presenters, services
from coproduce.pool.forms.profile import ProfileForm
from coproduce.pool.models import PoolMember

OWN_PAGES = "pool.view_own_pages"


def _me(request: HttpRequest) -> PoolMember:
    member = getattr(request.user, "pool_member", None)
    if member is None or member.organisation_id != request.user.organisation_id:
        # Someone whose role opens these pages (or an installation's superuser) before the
        # involvement team has added them to the pool.
        raise NotSetUp(
            "your account has no record in the pool of patients and carers",
            "The involvement team adds patients and carers to the pool",
        )
    return member


def my_links(request: HttpRequest) -> list[dict[str, str]]:
    """The member's own pages, for the menu on each of them. "My payments" appears once the
    payments part of Coproduce provides it."""
    links = [
        ("Invitations", "pool:my-involvement"),
        ("My projects", "pool:my-projects"),
        ("My training", "training:my-training"),
        ("My payments", "payments:my-claims"),
        ("My details", "pool:my-details"),
        ("My data", "pool:my-data"),
    ]
    items = []
    for text, name in links:
        try:
            href = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"text": text, "href": href, "current": request.path == href})
    return items


def _render(request: HttpRequest, template: str, title: str, **context: object) -> HttpResponse:
    return render(
        request,
        template,
        {"page_title": title, "my_links": my_links(request), "member": _me(request), **context},
    )


@require_safe
@require_permission(OWN_PAGES)
def my_involvement(request: HttpRequest) -> HttpResponse:
    invitations = Invitation.objects.filter(member=_me(request)).select_related(
        "opportunity__project"
    )
    return _render(
        request,
        "pool/my_involvement.jinja",
        "My involvement",
        waiting=[i for i in invitations if i.status == InvitationStatus.SENT],
        answered=[i for i in invitations if i.status != InvitationStatus.SENT],
    )


@require_http_methods(["GET", "POST"])
@require_permission(OWN_PAGES)
def my_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(
        Invitation.objects.select_related("opportunity__project", "sent_by"),
        pk=pk,
        member=_me(request),
    )
    check_permission(request, "matching.reply_to_invitation", invitation)
    form = ReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and invitation.is_open and form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        try:
            matching_services.reply(
                invitation, accept=accept, reason=form.cleaned_data["reason"], by=request.user
            )
        except matching_services.InvitationRefused as refusal:
            form.add_error("answer", str(refusal))
        else:
            if accept:
                messages.success(
                    request,
                    f"Thank you. You are now on the team for {invitation.opportunity.project}",
                )
            else:
                messages.success(request, "Thank you for letting us know")
            return redirect("pool:my-involvement")
    return _render(
        request,
        "pool/my_invitation.jinja",
        "Your invitation",
        invitation=invitation,
        opportunity=invitation.opportunity,
        form=form,
    )


@require_safe
@require_permission(OWN_PAGES)
def my_projects(request: HttpRequest) -> HttpResponse:
    rows = presenters.involvement_rows(_me(request))
    return _render(request, "pool/my_projects.jinja", "My projects", rows=rows)


@require_http_methods(["GET", "POST"])
@require_permission(OWN_PAGES)
def my_details(request: HttpRequest) -> HttpResponse:
    member = _me(request)
    form = ProfileForm(
        request.POST if request.method == "POST" else None, instance=member, own=True
    )
    if request.method == "POST" and form.is_valid():
        services.update_profile(member, form.cleaned_data, by=request.user)
        messages.success(request, "Your details have been saved")
        return redirect("pool:my-details")
    return _render(
        request,
        "pool/profile_form.jinja",
        "My details",
        form=form,
        own=True,
        passport=presenters.skills_passport(member),
    )


@require_safe
@require_permission(OWN_PAGES)
def my_data(request: HttpRequest) -> HttpResponse:
    return _render(
        request, "pool/my_data.jinja", "My data", contact=contact_summary(_me(request), own=True)
    )


@require_safe
@require_permission(OWN_PAGES)
def my_data_download(request: HttpRequest, file_format: str) -> HttpResponse:
    member = _me(request)
    stamp = timezone.localdate().isoformat()
    if file_format == "json":
        body = json.dumps(presenters.export(member), indent=2, ensure_ascii=False)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    elif file_format == "csv":
        response = HttpResponse(
            presenters.export_csv(member), content_type="text/csv; charset=utf-8"
        )
    else:
        raise Http404("No such format")
    response["Content-Disposition"] = (
        f'attachment; filename="my-coproduce-data-{stamp}.{file_format}"'
    )
    return response


@require_POST
@require_permission(OWN_PAGES)
def my_data_delete(request: HttpRequest) -> HttpResponse:
    services.request_deletion(_me(request), by=request.user)
    messages.success(
        request,
        "We have your request. The involvement team will check nothing is still open with you "
        "(such as a payment), then delete your details and tell you when it is done",
    )
    return redirect("pool:my-data")
