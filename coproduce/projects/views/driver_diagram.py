"""The driver diagram: a nested outline edited with plain forms, and a downloadable SVG."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.accounts.decorators import require_permission
from coproduce.projects import presenters, services
from coproduce.projects.forms.driver_element import DriverElementForm
from coproduce.projects.views.common import get_project


@require_safe
@require_permission("projects.view_project_list")
def driver_diagram(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project(request, pk)
    return render(
        request,
        "projects/driver_diagram.jinja",
        {
            "page_title": f"Driver diagram: {project.title}",
            "project": project,
            "outline": presenters.driver_outline(project),
            "svg": presenters.driver_svg(project),
        },
    )


@require_safe
@require_permission("projects.view_project_list")
def driver_diagram_svg(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project(request, pk)
    response = HttpResponse(presenters.driver_svg(project), content_type="image/svg+xml")
    name = slugify(project.title)[:60] or "project"
    response["Content-Disposition"] = f'attachment; filename="driver-diagram-{name}.svg"'
    return response


@require_http_methods(["GET", "POST"])
@require_permission("projects.view_project_list")
def element_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project(request, pk, "projects.contribute")
    initial = {}
    if request.GET.get("parent", "").isdigit():
        parent = project.driver_elements.filter(pk=int(request.GET["parent"])).first()
        if parent is not None:
            kind = {"primary": "secondary", "secondary": "change_idea"}.get(parent.kind)
            initial = {"parent": parent.pk, "kind": kind}
    form = DriverElementForm(
        request.POST if request.method == "POST" else None, project=project, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        element = services.add_element(project, by=request.user, **form.element_fields())
        messages.success(request, f"{element.get_kind_display()} added")
        return redirect("projects:driver-diagram", pk=project.pk)
    return render(
        request,
        "projects/element_form.jinja",
        {"page_title": "Add to the driver diagram", "form": form, "project": project},
    )


@require_http_methods(["GET", "POST"])
@require_permission("projects.view_project_list")
def element_edit(request: HttpRequest, pk: int, element_pk: int) -> HttpResponse:
    project = get_project(request, pk, "projects.contribute")
    element = get_object_or_404(project.driver_elements, pk=element_pk)
    form = DriverElementForm(
        request.POST if request.method == "POST" else None,
        project=project,
        element=element,
        instance=element,
    )
    if request.method == "POST" and form.is_valid():
        services.update_element(element, by=request.user, **form.element_fields())
        messages.success(request, f"{element.get_kind_display()} saved")
        return redirect("projects:driver-diagram", pk=project.pk)
    return render(
        request,
        "projects/element_form.jinja",
        {
            "page_title": f"Edit {element.get_kind_display().lower()}",
            "form": form,
            "project": project,
            "element": element,
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("projects.view_project_list")
def element_delete(request: HttpRequest, pk: int, element_pk: int) -> HttpResponse:
    """Are you sure? Then the element goes, with everything under it and their PDSA cycles."""
    project = get_project(request, pk, "projects.delete_driver_element")
    element = get_object_or_404(project.driver_elements, pk=element_pk)
    what = element.get_kind_display().lower()
    if request.method == "POST":
        try:
            removal = services.delete_element(element, by=request.user)
        except services.DeletionRefused:
            pass  # shown below, from a fresh look at what would go
        else:
            gone = f"{element.get_kind_display()} deleted"
            if removal.below or removal.cycles:
                gone += f", with {presenters.removal_summary(removal)}"
            messages.success(request, gone)
            return redirect("projects:driver-diagram", pk=project.pk)
    removal = services.element_removal(element)
    refused = bool(removal.involvement)
    response = render(
        request,
        "projects/delete_confirm.jinja",
        {
            "page_title": (
                f"You cannot delete this {what}"
                if refused
                else f"Are you sure you want to delete this {what}?"
            ),
            "project": project,
            "what": what,
            "text": element.text,
            "goes_with_it": presenters.removal_lines(removal),
            "involvement": removal.involvement,
            "correct_it": "edit it to correct who proposed it",
            "edit_url": reverse(
                "projects:element-edit", kwargs={"pk": project.pk, "element_pk": element.pk}
            ),
            "back_url": reverse("projects:driver-diagram", kwargs={"pk": project.pk}),
        },
    )
    if refused and request.method == "POST":
        response.status_code = 409
    return response
