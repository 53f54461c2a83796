"""The involvement team adds resources, changes their details and uploads new versions."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from coproduce.accounts.decorators import check_permission, require_permission
from coproduce.resources import services
from coproduce.resources.forms.resource import NewResourceForm, NewVersionForm, ResourceDetailsForm
from coproduce.resources.models import Resource


def _own_resource(request: HttpRequest, pk: int) -> Resource:
    resource = get_object_or_404(
        Resource.objects.filter(organisation=request.user.organisation), pk=pk
    )
    check_permission(request, "resources.change_resource", resource)
    return resource


@require_http_methods(["GET", "POST"])
@require_permission("resources.manage_library")
def resource_new(request: HttpRequest) -> HttpResponse:
    form = NewResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        resource = form.save(commit=False)
        resource.organisation = request.user.organisation
        services.create_resource(
            resource,
            data=form.file_bytes,
            file_type=form.file_type,
            original_name=form.cleaned_data["file"].name,
            by=request.user,
        )
        messages.success(request, f"{resource.title} has been added to the library")
        return redirect("resources:resource-detail", pk=resource.pk)
    return render(
        request, "resources/resource_new.jinja", {"page_title": "Add a resource", "form": form}
    )


@require_http_methods(["GET", "POST"])
@require_permission("resources.manage_library")
def resource_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _own_resource(request, pk)
    form = ResourceDetailsForm(request.POST or None, instance=resource)
    if request.method == "POST" and form.is_valid():
        services.update_resource(form.save(commit=False), by=request.user)
        messages.success(request, "The details have been saved")
        return redirect("resources:resource-detail", pk=resource.pk)
    return render(
        request,
        "resources/resource_edit.jinja",
        {"page_title": "Change the details", "form": form, "resource": resource},
    )


@require_http_methods(["GET", "POST"])
@require_permission("resources.manage_library")
def version_new(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _own_resource(request, pk)
    form = NewVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        version = services.add_version(
            resource,
            data=form.file_bytes,
            file_type=form.file_type,
            original_name=form.cleaned_data["file"].name,
            notes=form.cleaned_data["notes"],
            by=request.user,
        )
        messages.success(request, f"Version {version.number} is now the current version")
        return redirect("resources:resource-detail", pk=resource.pk)
    return render(
        request,
        "resources/version_new.jinja",
        {"page_title": "Upload a new version", "form": form, "resource": resource},
    )
