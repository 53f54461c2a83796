"""The first administrator of a new installation creates their trust."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from coproduce.accounts.decorators import require_permission
from coproduce.accounts.rules import has_no_organisation
from coproduce.organisations import services
from coproduce.organisations.forms.organisation import NewOrganisationForm


@require_http_methods(["GET", "POST"])
@require_permission("organisations.add_organisation")
def organisation_new(request: HttpRequest) -> HttpResponse:
    # A superuser passes every permission check, so ask the rule's own question as well: someone
    # who already has a trust never makes another.
    if not has_no_organisation(request.user):
        raise PermissionDenied("organisations.add_organisation")
    form = NewOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(
                name=form.cleaned_data["name"],
                short_name=form.cleaned_data["short_name"],
                ods_code=form.cleaned_data["ods_code"],
                administrator=request.user,
                by=request.user,
            )
        except services.OrganisationExists:
            # Someone else created it between the check and the save.
            form.add_error("name", "There is already a trust with this name or ODS code")
        else:
            messages.success(
                request, f"{organisation.name} has been set up. Next, work through the checklist."
            )
            return redirect("pages:home")
    return render(
        request,
        "organisations/organisation_new.jinja",
        {"page_title": "Set up your trust", "form": form},
    )
