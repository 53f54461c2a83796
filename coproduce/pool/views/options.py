"""The organisation's own lists of experiences, topics, skills and travel areas."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from coproduce.accounts.decorators import require_permission
from coproduce.audit import services as auditor
from coproduce.pool.forms.option import OptionForm
from coproduce.pool.models import OptionKind, ProfileOption


@require_http_methods(["GET", "POST"])
@require_permission("pool.manage_profile_options")
def options(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    form = OptionForm(request.POST if request.method == "POST" else None, organisation=organisation)
    if request.method == "POST" and "toggle" in request.POST:
        option = get_object_or_404(
            ProfileOption, organisation=organisation, pk=request.POST.get("toggle")
        )
        option.is_active = not option.is_active
        option.save(update_fields=["is_active"])
        auditor.record(
            "pool.profile_option_changed",
            actor=request.user,
            target=option,
            organisation=organisation,
            changes={"in use": [not option.is_active, option.is_active]},
        )
        state = "back in use" if option.is_active else "switched off"
        messages.success(request, f"{option.name} is {state}")
        return redirect("pool:options")
    if request.method == "POST" and form.is_valid():
        option = ProfileOption.objects.create(
            organisation=organisation,
            kind=form.cleaned_data["kind"],
            name=form.cleaned_data["name"],
        )
        auditor.record(
            "pool.profile_option_added",
            actor=request.user,
            target=option,
            organisation=organisation,
            changes={"list": [None, option.get_kind_display()], "name": [None, option.name]},
        )
        messages.success(request, f"{option.name} has been added")
        return redirect("pool:options")
    lists = [
        (label, ProfileOption.objects.filter(organisation=organisation, kind=kind))
        for kind, label in OptionKind.choices
    ]
    return render(
        request,
        "pool/options.jinja",
        {"page_title": "Profile lists", "form": form, "lists": lists},
    )
