"""The organisation's rule for meaningful involvement, and the target."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from coproduce.accounts.decorators import require_permission
from coproduce.involvement import measure, services
from coproduce.involvement.forms.settings import InvolvementSettingsForm


@require_http_methods(["GET", "POST"])
@require_permission("involvement.change_settings")
def involvement_settings(request: HttpRequest) -> HttpResponse:
    own = measure.settings_for(request.user.organisation)
    form = InvolvementSettingsForm(
        request.POST if request.method == "POST" else None,
        instance=own,
    )
    if request.method == "POST" and form.is_valid():
        rule_before = own.rule
        own = services.update_settings(own, by=request.user, **form.settings_fields())
        # With the immediate task backend the rebuild has run by now; with a worker it may not.
        own.refresh_from_db()
        if own.recalculating:
            messages.success(
                request,
                "The settings have been saved. The figures are being recalculated under the "
                "new rule",
            )
        elif own.rule != rule_before:
            messages.success(request, "The settings have been saved and the figures recalculated")
        else:
            messages.success(request, "The settings have been saved")
        return redirect("involvement:dashboard")
    return render(
        request,
        "involvement/settings.jinja",
        {"page_title": "Involvement rule and target", "form": form},
    )
