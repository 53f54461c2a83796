"""The public page where a patient or carer says they would like to get involved."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.organisations.contact import show_team_of
from coproduce.organisations.models import Organisation, Service
from coproduce.pages import public_form_limits
from coproduce.pages.views import PRIVACY_NOTICE_VERSION
from coproduce.pool import services
from coproduce.pool.forms.join import WANTS_HINTS, JoinForm


def _poster_service(request: HttpRequest) -> Service | None:
    """The service whose poster's QR code brought them here, if the link names a real one."""
    raw = request.GET.get("service") or request.POST.get("service") or ""
    if not raw.isdigit():
        return None
    return Service.objects.filter(pk=int(raw), is_active=True).select_related("directorate").first()


def _join(form: JoinForm, organisation: Organisation, service: Service | None) -> None:
    data = form.cleaned_data
    services.join(
        organisation=organisation,
        first_name=data["first_name"],
        last_name=data["last_name"].strip(),
        email=data["email"],
        phone=data["phone"].strip(),
        kind=data["kind"],
        wants_to_do=data["wants_to_do"],
        about_me=data["about_me"].strip(),
        source_service=service,
        privacy_notice_version=PRIVACY_NOTICE_VERSION,
    )


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    service = _poster_service(request)
    form = JoinForm(
        request.POST if request.method == "POST" else None,
        poster_organisation=service.directorate.organisation if service is not None else None,
    )
    refusal = None
    valid = request.method == "POST" and form.is_valid()
    # The trust once known (the poster's, the only one, or the one chosen): its team is shown,
    # in the refusal below too. Until then the page shows the installation's team.
    show_team_of(request, form.known_organisation())
    if valid:
        # Anyone can send this form, so each address may send only so many (see ADR 0700).
        refusal = public_form_limits.check_public_form(request, "pool-join")
        if refusal is None:
            organisation = form.chosen_organisation()
            _join(form, organisation, service)
            request.session["pool_joined_name"] = form.cleaned_data["first_name"]
            request.session["pool_joined_organisation"] = organisation.pk
            return redirect("pool:join-done")
        form.add_error(None, refusal.message)
    response = render(
        request,
        "pool/join.jinja",
        {
            "page_title": "Get involved in improving services",
            "form": form,
            "service": service,
            # Named above the heading when the page is for one trust, not while asking which.
            "organisation": None if form.asks_for_trust else form.known_organisation(),
            "wants_hints": {str(k): v for k, v in WANTS_HINTS.items()},
        },
    )
    return public_form_limits.respond(response, refusal)


@require_safe
def join_done(request: HttpRequest) -> HttpResponse:
    organisation_pk = request.session.pop("pool_joined_organisation", None)
    if organisation_pk is not None:
        show_team_of(request, Organisation.objects.filter(pk=organisation_pk).first())
    return render(
        request,
        "pool/join_done.jinja",
        {
            "page_title": "Thank you for your interest",
            "first_name": request.session.pop("pool_joined_name", ""),
        },
    )
