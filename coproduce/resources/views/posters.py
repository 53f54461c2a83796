"""The recruitment-poster maker: fill in a few details, get a printable A4 PDF and a preview."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.accounts.decorators import check_permission, require_permission
from coproduce.organisations.contact import team_contact
from coproduce.resources import posters, services
from coproduce.resources.forms.poster import PosterForm
from coproduce.resources.models import RecruitmentPoster


def _poster(request: HttpRequest, pk: int) -> RecruitmentPoster:
    poster = get_object_or_404(
        RecruitmentPoster.objects.filter(organisation=request.user.organisation).select_related(
            "organisation", "service", "project", "resource"
        ),
        pk=pk,
    )
    check_permission(request, "resources.view_poster", poster)
    return poster


@require_http_methods(["GET", "POST"])
@require_permission("resources.make_poster")
def poster_new(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    # A poster belongs to the maker's trust, so it starts with that trust's team.
    team = team_contact(organisation)
    initial = {
        "contact_name": team.name or "The involvement team",
        "contact_phone": team.phone,
        "contact_email": team.email,
    }
    form = PosterForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        poster = services.create_poster(
            RecruitmentPoster(
                organisation=organisation,
                service=data["service"],
                project=data.get("project"),
                headline=data["headline"].strip(),
                message=data["message"].strip(),
                contact_name=data["contact_name"].strip(),
                contact_phone=data["contact_phone"].strip(),
                contact_email=data["contact_email"].strip(),
            ),
            by=request.user,
        )
        return redirect("resources:poster-detail", pk=poster.pk)
    posters_made = RecruitmentPoster.objects.filter(organisation=organisation).select_related(
        "service"
    )[:10]
    return render(
        request,
        "resources/poster_new.jinja",
        {"page_title": "Make a recruitment poster", "form": form, "posters": posters_made},
    )


@require_safe
@require_permission("resources.make_poster")
def poster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    poster = _poster(request, pk)
    return render(
        request,
        "resources/poster_detail.jinja",
        {
            "page_title": "Your poster",
            "poster": poster,
            "signup_url": posters.signup_url(poster.service_id),
        },
    )


@require_safe
@require_permission("resources.make_poster")
def poster_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    poster = _poster(request, pk)
    response = HttpResponse(posters.poster_pdf(poster), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{posters.poster_filename(poster, "pdf")}"'
    return response


@require_safe
@require_permission("resources.make_poster")
def poster_png(request: HttpRequest, pk: int) -> HttpResponse:
    poster = _poster(request, pk)
    png = posters.first_page_png(posters.poster_pdf(poster))
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="{posters.poster_filename(poster, "png")}"'
    return response


@require_POST
@require_permission("resources.manage_library")
def poster_to_library(request: HttpRequest, pk: int) -> HttpResponse:
    poster = _poster(request, pk)
    resource = services.add_poster_to_library(poster, by=request.user)
    messages.success(request, "The poster is in the resource library")
    return redirect("resources:resource-detail", pk=resource.pk)
