"""The trust's directorates and services, kept by administrators."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.accounts.decorators import require_permission
from coproduce.organisations import services
from coproduce.organisations.contact import team_contact
from coproduce.organisations.forms.structure import DirectorateForm, ServiceForm
from coproduce.organisations.models import Directorate, Service
from coproduce.pages.setup import NotSetUp


def _organisation(request: HttpRequest):  # type: ignore[no-untyped-def]
    if request.user.organisation_id is None:
        raise NotSetUp(
            "no organisation (trust) has been set up for your account",
            "An administrator of the installation sets up the trust",
        )
    return request.user.organisation


@require_safe
@require_permission("organisations.manage_structure")
def structure(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    directorates = (
        Directorate.objects.filter(organisation=organisation)
        .prefetch_related("services")
        .annotate(service_count=Count("services"))
    )
    return render(
        request,
        "organisations/structure.jinja",
        {
            "page_title": "Organisation structure",
            "organisation": organisation,
            "directorates": directorates,
            "fallback": team_contact(None),
        },
    )


def _edit(request: HttpRequest, form_class, instance, title: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    organisation = _organisation(request)
    form = form_class(request.POST or None, instance=instance, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        saved = services.save_unit(form, by=request.user, organisation=organisation)
        messages.success(request, f"{saved.name} has been saved")
        return redirect("organisations:structure")
    return render(request, "organisations/unit_form.jinja", {"page_title": title, "form": form})


@require_http_methods(["GET", "POST"])
@require_permission("organisations.manage_structure")
def directorate_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, DirectorateForm, None, "Add a directorate")


@require_http_methods(["GET", "POST"])
@require_permission("organisations.manage_structure")
def directorate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    directorate = get_object_or_404(Directorate, pk=pk, organisation=request.user.organisation)
    return _edit(request, DirectorateForm, directorate, f"Change {directorate.name}")


@require_http_methods(["GET", "POST"])
@require_permission("organisations.manage_structure")
def service_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, ServiceForm, None, "Add a service")


@require_http_methods(["GET", "POST"])
@require_permission("organisations.manage_structure")
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(Service, pk=pk, directorate__organisation=request.user.organisation)
    return _edit(request, ServiceForm, service, f"Change {service.name}")
