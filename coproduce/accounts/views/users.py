"""Administrators manage the people in their organisation and the roles they hold."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.accounts import services
from coproduce.accounts.decorators import check_permission, require_permission
from coproduce.accounts.forms.users import NewUserForm, RolesForm, UserDetailsForm
from coproduce.accounts.models import Role, User


def _organisation_users(request: HttpRequest):  # type: ignore[no-untyped-def]
    return User.objects.filter(organisation=request.user.organisation)


@require_safe
@require_permission("accounts.manage_users")
def user_list(request: HttpRequest) -> HttpResponse:
    users = _organisation_users(request).prefetch_related("role_grants")
    query = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    if query:
        users = users.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    if role in Role.values:
        users = users.filter(role_grants__role=role)
    page = Paginator(users.order_by("full_name", "email"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/user_list.jinja",
        {
            "page_title": "Users and roles",
            "page": page,
            "query": query,
            "role": role,
            "roles": Role.choices,
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("accounts.manage_users")
def user_new(request: HttpRequest) -> HttpResponse:
    form = NewUserForm(request.POST or None, organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid():
        user = services.create_user(
            organisation=request.user.organisation,
            full_name=form.cleaned_data["full_name"],
            preferred_name=form.cleaned_data["preferred_name"],
            email=form.cleaned_data["email"],
            job_title=form.cleaned_data["job_title"],
            directorate=form.cleaned_data["directorate"],
            roles=form.cleaned_data["roles"],
            by=request.user,
        )
        messages.success(
            request, f"{user.full_name} has been added and sent an email to set a password"
        )
        return redirect("accounts:user-detail", pk=user.pk)
    return render(
        request,
        "accounts/user_new.jinja",
        {"page_title": "Add a person", "form": form, "role_hints": RolesForm().item_hints()},
    )


@require_http_methods(["GET", "POST"])
@require_permission("accounts.manage_users")
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(_organisation_users(request), pk=pk)
    check_permission(request, "accounts.change_user", person)
    organisation = request.user.organisation
    details_form = UserDetailsForm(instance=person, prefix="details", organisation=organisation)
    roles_form = RolesForm(initial={"roles": sorted(person.role_set())}, prefix="roles")
    form = None
    if request.method == "POST":
        if "send_invite" in request.POST:
            if person.is_active and not person.has_usable_password():
                services.resend_invite(person, by=request.user)
                messages.success(
                    request, f"{person.full_name} has been sent a new email to set a password"
                )
            return redirect("accounts:user-detail", pk=person.pk)
        if "save_roles" in request.POST:
            roles_form = form = RolesForm(request.POST, prefix="roles")
            if roles_form.is_valid():
                roles = roles_form.cleaned_data["roles"]
                if person == request.user and Role.ADMINISTRATOR not in roles:
                    roles_form.add_error("roles", "You cannot remove your own Administrator role")
                else:
                    services.set_roles(person, roles, by=request.user)
                    messages.success(request, f"Roles for {person.full_name} have been saved")
                    return redirect("accounts:user-detail", pk=person.pk)
        else:
            details_form = form = UserDetailsForm(
                request.POST,
                instance=User.objects.get(pk=person.pk),
                prefix="details",
                organisation=organisation,
            )
            if details_form.is_valid():
                if person == request.user and not details_form.cleaned_data["is_active"]:
                    details_form.add_error("is_active", "You cannot switch off your own account")
                else:
                    services.update_details(
                        person,
                        {f: details_form.cleaned_data[f] for f in services.USER_AUDIT_FIELDS},
                        by=request.user,
                    )
                    messages.success(request, f"Details for {person.full_name} have been saved")
                    return redirect("accounts:user-detail", pk=person.pk)
    return render(
        request,
        "accounts/user_detail.jinja",
        {
            "page_title": person.full_name,
            "person": person,
            "details_form": details_form,
            "roles_form": roles_form,
            "form": form,
            "role_hints": RolesForm().item_hints(),
            "invite_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),
        },
    )
