"""PDSA cycles on a change idea, numbered in sequence."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from coproduce.accounts.decorators import require_permission
from coproduce.projects import services
from coproduce.projects.forms.pdsa import PdsaForm
from coproduce.projects.models import ElementKind
from coproduce.projects.views.common import get_project


@require_http_methods(["GET", "POST"])
@require_permission("projects.view_project_list")
def pdsa_new(request: HttpRequest, pk: int, element_pk: int) -> HttpResponse:
    project = get_project(request, pk, "projects.contribute")
    idea = get_object_or_404(
        project.driver_elements.filter(kind=ElementKind.CHANGE_IDEA), pk=element_pk
    )
    form = PdsaForm(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid():
        cycle = services.add_pdsa(
            idea,
            by=request.user,
            participants=list(form.cleaned_data["participants"]),
            **form.cycle_fields(),
        )
        messages.success(request, f"PDSA cycle {cycle.number} has been added")
        return redirect("projects:pdsa", pk=project.pk, cycle_pk=cycle.pk)
    return render(
        request,
        "projects/pdsa_form.jinja",
        {
            "page_title": f"Plan a PDSA cycle for {idea.text}",
            "form": form,
            "project": project,
            "idea": idea,
            "cycle": None,
            "earlier": list(idea.pdsa_cycles.all()),
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("projects.view_project_list")
def pdsa_detail(request: HttpRequest, pk: int, cycle_pk: int) -> HttpResponse:
    project = get_project(request, pk)
    cycle = get_object_or_404(project.pdsa_cycles.select_related("change_idea"), pk=cycle_pk)
    can_edit = request.user.has_perm("projects.contribute", project)
    form = PdsaForm(
        request.POST if can_edit and request.method == "POST" else None,
        project=project,
        instance=cycle,
    )
    if request.method == "POST":
        get_project(request, pk, "projects.contribute")
        if form.is_valid():
            services.update_pdsa(
                cycle,
                by=request.user,
                participants=list(form.cleaned_data["participants"]),
                **form.cycle_fields(),
            )
            messages.success(request, f"PDSA cycle {cycle.number} has been saved")
            return redirect("projects:pdsa", pk=project.pk, cycle_pk=cycle.pk)
    return render(
        request,
        "projects/pdsa_form.jinja",
        {
            "page_title": f"PDSA cycle {cycle.number}: {cycle.change_idea.text}",
            "form": form,
            "project": project,
            "idea": cycle.change_idea,
            "cycle": cycle,
            "can_edit": can_edit,
            "earlier": list(cycle.change_idea.pdsa_cycles.exclude(pk=cycle.pk)),
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("projects.view_project_list")
def pdsa_delete(request: HttpRequest, pk: int, cycle_pk: int) -> HttpResponse:
    """Are you sure? Then the cycle goes; the others on the change idea keep their numbers."""
    project = get_project(request, pk, "projects.delete_pdsa_cycle")
    cycle = get_object_or_404(project.pdsa_cycles.select_related("change_idea"), pk=cycle_pk)
    if request.method == "POST":
        try:
            services.delete_pdsa(cycle, by=request.user)
        except services.DeletionRefused:
            pass  # shown below
        else:
            messages.success(request, f"PDSA cycle {cycle.number} deleted")
            return redirect("projects:driver-diagram", pk=project.pk)
    involvement = services.pdsa_removal_involvement(cycle)
    what = f"PDSA cycle {cycle.number}"
    response = render(
        request,
        "projects/delete_confirm.jinja",
        {
            "page_title": (
                f"You cannot delete {what}"
                if involvement
                else f"Are you sure you want to delete {what}?"
            ),
            "project": project,
            "what": what,
            "text": f"{cycle.objective} (testing “{cycle.change_idea.text}”)",
            "goes_with_it": [],
            "involvement": involvement,
            "correct_it": "edit the cycle to correct who took part",
            "edit_url": reverse("projects:pdsa", kwargs={"pk": project.pk, "cycle_pk": cycle.pk}),
            "back_url": reverse("projects:pdsa", kwargs={"pk": project.pk, "cycle_pk": cycle.pk}),
        },
    )
    if involvement and request.method == "POST":
        response.status_code = 409
    return response
