"""Ask for support with involvement: open to everyone, signed in or not."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.organisations.contact import show_team_of
from coproduce.organisations.models import Organisation
from coproduce.pages import public_form_limits
from coproduce.projects.models import Project
from coproduce.support import services
from coproduce.support.forms.request import SupportRequestForm
from coproduce.support.models import HelpKind, SupportRequest

SESSION_KEY = "support_request_sent"
ORGANISATION_KEY = "support_request_organisation"


def _initial_project(request: HttpRequest) -> Project | None:
    """?project=<id> preselects a project, for signed-in people of the same trust only."""
    raw = request.GET.get("project", "")
    if not raw.isdigit() or not request.user.is_authenticated:
        return None
    return Project.objects.filter(pk=int(raw), organisation=request.user.organisation_id).first()


def _submit(request: HttpRequest, form: SupportRequestForm) -> SupportRequest:
    data = form.cleaned_data
    user = request.user if request.user.is_authenticated else None
    support_request = SupportRequest(
        organisation=form.chosen_organisation(),
        project=data["project_object"],
        project_description=data.get("project_description", "").strip(),
        requester=user,
        name=user.full_name if user else data["name"].strip(),
        email=user.email if user else data["email"].strip().lower(),
        phone="" if user else data.get("phone", "").strip(),
        requester_role=data["requester_role"],
        help_wanted=list(data["help_wanted"]),
        other_help=data.get("other_help", "").strip()
        if HelpKind.OTHER in data["help_wanted"]
        else "",
        details=data.get("details", "").strip(),
        availability=data["availability"].strip(),
        consent_to_contact=data["consent_to_contact"],
    )
    services.submit(support_request, by=user)
    return support_request


@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    # ?help=finding_people (from a project's next step) ticks that kind of help, when offered.
    wanted = request.GET.get("help", "")
    initial = {"help_wanted": [wanted]} if wanted in HelpKind.values else {}
    form = SupportRequestForm(
        request.POST or None,
        user=request.user,
        initial_project=_initial_project(request),
        initial=initial,
    )
    offered = {value for value, _ in form.fields["help_wanted"].choices}
    if wanted and wanted not in offered:
        form.initial.pop("help_wanted", None)
    refusal = None
    valid = request.method == "POST" and form.is_valid()
    # The trust once known (signed-in people see their own trust's team anyway).
    show_team_of(request, form.known_organisation())
    if valid:
        # Anyone can send this form, so each address may send only so many (see ADR 0700).
        refusal = public_form_limits.check_public_form(request, "support-request")
        if refusal is None:
            support_request = _submit(request, form)
            request.session[SESSION_KEY] = support_request.reference
            request.session[ORGANISATION_KEY] = support_request.organisation_id
            return redirect("support:request-sent")
        form.add_error(None, refusal.message)
    response = render(
        request,
        "support/request_new.jinja",
        {
            "page_title": "Ask for support with involvement",
            "form": form,
            "signed_in": request.user.is_authenticated,
        },
    )
    return public_form_limits.respond(response, refusal)


@require_safe
def request_sent(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(SESSION_KEY)
    if not reference:
        return redirect("support:request-new")
    organisation_pk = request.session.get(ORGANISATION_KEY)
    if organisation_pk is not None:
        show_team_of(request, Organisation.objects.filter(pk=organisation_pk).first())
    return render(
        request,
        "support/request_sent.jinja",
        {"page_title": "We have your request", "reference": reference},
    )
