"""The involvement team's contact details for one trust, kept by its administrators."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from coproduce.accounts.decorators import check_permission, require_sign_in
from coproduce.organisations import services
from coproduce.organisations.forms.team_contact import TeamContactForm
from coproduce.organisations.models import Organisation


@require_http_methods(["GET", "POST"])
@require_sign_in
def team_contact(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    check_permission(request, "organisations.change_organisation", organisation)
    form = TeamContactForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.save_team_contact(form, by=request.user)
        messages.success(request, "The involvement team's contact details have been saved")
        return redirect("organisations:structure")
    return render(
        request,
        "organisations/team_contact_form.jinja",
        {
            "page_title": "Change the involvement team's contact details",
            "organisation": organisation,
            "form": form,
        },
    )
