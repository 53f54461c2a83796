"""The involvement team's pages: the pool, each member, status changes, profiles and checks."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.accounts.decorators import check_permission, require_permission
from coproduce.lib import check_expiry
from coproduce.matching.models import Invitation
from coproduce.pool import presenters, services
from coproduce.pool.forms.check import CheckForm
from coproduce.pool.forms.profile import ProfileForm
from coproduce.pool.forms.status import StatusForm
from coproduce.pool.models import Check, MemberKind, MemberStatus, PoolMember
from coproduce.pool.queries import filtered_members


def _pool(request: HttpRequest) -> QuerySet[PoolMember]:
    return PoolMember.objects.filter(organisation=request.user.organisation)


def _member(request: HttpRequest, pk: int, permission: str) -> PoolMember:
    member = get_object_or_404(_pool(request), pk=pk)
    check_permission(request, permission, member)
    return member


@require_safe
@require_permission("pool.view_member_list")
def member_list(request: HttpRequest) -> HttpResponse:
    members, (query, status, kind) = filtered_members(request.user, request.GET)
    counts = {
        row["status"]: row["n"]
        for row in _pool(request).values("status").order_by().annotate(n=Count("pk"))
    }
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "pool/member_list.jinja",
        {
            "page_title": "The pool of patients and carers",
            "page": page,
            "query": query,
            "status": status,
            "kind": kind,
            "statuses": MemberStatus.choices,
            "kinds": MemberKind.choices,
            "counts": counts,
            "checks_running_out": services.checks_running_out(request.user.organisation).count(),
        },
    )


@require_safe
@require_permission("pool.view_member_list")
def checks_running_out(request: HttpRequest) -> HttpResponse:
    """Checks of the team's own pool that run out within 60 days or have run out, soonest first."""
    today = timezone.localdate()
    page = Paginator(services.checks_running_out(request.user.organisation, today), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "pool/checks_running_out.jinja",
        {
            "page_title": "Checks running out",
            "page": page,
            "rows": presenters.checks_running_out(page, today),
            "horizon": check_expiry.HORIZON_DAYS,
        },
    )


@require_safe
@require_permission("pool.view_member_list")
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk, "pool.view_member")
    return render(
        request,
        "pool/member_detail.jinja",
        {
            "page_title": member.full_name,
            "member": member,
            "contact_rows": presenters.contact_rows(member),
            "profile_rows": presenters.profile_rows(member),
            "sensitive_rows": presenters.sensitive_rows(member)
            if request.user.has_perm("pool.view_sensitive_details", member)
            else None,
            "passport": presenters.skills_passport(member),
            "training": presenters.training(member),
            # Certificates open for whoever runs training (the certificate page checks again).
            "show_certificates": request.user.has_perm("training.manage_courses"),
            "checks": presenters.checks(member),
            "history": member.status_changes.select_related("changed_by"),
            "invitations": Invitation.objects.filter(member=member).select_related(
                "opportunity__project"
            ),
            "can_confirm_consent": request.user.has_perm("pool.change_member", member),
            "can_change_status": bool(services.allowed_statuses(member))
            and not member.is_anonymised,
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("pool.view_member_list")
def member_status(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk, "pool.change_member")
    if member.is_anonymised:
        messages.info(request, "This person's details have been deleted")
        return redirect("pool:member-detail", pk=member.pk)
    form = StatusForm(
        request.POST if request.method == "POST" else None,
        allowed=services.allowed_statuses(member),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(
                member,
                form.cleaned_data["to_status"],
                changed_on=form.cleaned_data["changed_on"],
                reason=form.cleaned_data["reason"].strip(),
                by=request.user,
            )
        except services.StatusChangeRefused as refusal:
            form.add_error("to_status", str(refusal))
        else:
            member.refresh_from_db()
            note = ""
            if member.status == MemberStatus.ACTIVE and member.user_id:
                note = ". They have been sent an email to set a password"
            messages.success(
                request, f"{member.first_name} is now {member.get_status_display().lower()}{note}"
            )
            return redirect("pool:member-detail", pk=member.pk)
    return render(
        request,
        "pool/member_status.jinja",
        {
            "page_title": f"Change {member.first_name}'s status",
            "member": member,
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("pool.view_member_list")
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk, "pool.change_member")
    if member.is_anonymised:
        return redirect("pool:member-detail", pk=member.pk)
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=member)
    if request.method == "POST" and form.is_valid():
        services.update_profile(member, form.cleaned_data, by=request.user)
        messages.success(request, f"{member.first_name}'s details have been saved")
        return redirect("pool:member-detail", pk=member.pk)
    return render(
        request,
        "pool/profile_form.jinja",
        {
            "page_title": f"Edit {member.first_name}'s details",
            "member": member,
            "form": form,
            "own": False,
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("pool.view_member_list")
def check_new(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request, pk, "pool.change_member")
    form = CheckForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.record_check(member, **form.check_fields(), by=request.user)
        messages.success(request, "The check has been recorded")
        return redirect("pool:member-detail", pk=member.pk)
    return render(
        request,
        "pool/check_form.jinja",
        {"page_title": "Record a check", "member": member, "form": form},
    )


def _member_and_check(request: HttpRequest, pk: int, check_pk: int) -> tuple[PoolMember, Check]:
    """A check reached only through its own member, by people who may change that member."""
    member = _member(request, pk, "pool.change_member")
    return member, get_object_or_404(Check, pk=check_pk, member=member)


@require_http_methods(["GET", "POST"])
@require_permission("pool.view_member_list")
def check_change(request: HttpRequest, pk: int, check_pk: int) -> HttpResponse:
    member, check = _member_and_check(request, pk, check_pk)
    form = CheckForm(request.POST if request.method == "POST" else None, instance=check)
    if request.method == "POST" and form.is_valid():
        changed = services.correct_check(check, **form.check_fields(), by=request.user)
        messages.success(
            request, "The check has been corrected" if changed else "Nothing was changed"
        )
        return redirect("pool:member-detail", pk=member.pk)
    return render(
        request,
        "pool/check_form.jinja",
        {"page_title": "Correct a check", "member": member, "form": form, "check": check},
    )


@require_http_methods(["GET", "POST"])
@require_permission("pool.view_member_list")
def check_remove(request: HttpRequest, pk: int, check_pk: int) -> HttpResponse:
    member, check = _member_and_check(request, pk, check_pk)
    if request.method == "POST":
        services.remove_check(check, by=request.user)
        messages.success(request, "The check has been removed")
        return redirect("pool:member-detail", pk=member.pk)
    return render(
        request,
        "pool/check_remove.jinja",
        {"page_title": "Remove a check", "member": member, "check": check},
    )


@require_http_methods(["GET", "POST"])
@require_permission("pool.view_member_list")
def member_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """The team confirms a deletion request: the person is anonymised, records stay whole."""
    member = _member(request, pk, "pool.confirm_deletion")
    if member.is_anonymised:
        return redirect("pool:member-detail", pk=member.pk)
    if request.method == "POST":
        services.anonymise(member, by=request.user)
        messages.success(request, "Their details have been deleted. Their records stay, anonymised")
        return redirect("pool:member-detail", pk=member.pk)
    return render(
        request,
        "pool/member_delete.jinja",
        {"page_title": f"Delete {member.first_name}'s details", "member": member},
    )
