"""Signed-in people create and revoke their own API tokens."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.accounts.decorators import require_permission, require_sign_in
from coproduce.api.forms import NewTokenForm
from coproduce.api.models import ApiToken
from coproduce.audit import services as auditor


@require_http_methods(["GET", "POST"])
@require_permission("api.manage_tokens")
def tokens(request: HttpRequest) -> HttpResponse:
    form = NewTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            token, new_token = ApiToken.issue(request.user, form.cleaned_data["name"])
            auditor.record(
                "api.token_created",
                target=request.user,
                changes={"token": [None, str(token)]},
            )
        form = NewTokenForm()
    return render(
        request,
        "api/tokens.jinja",
        {
            "page_title": "API tokens",
            "form": form,
            "new_token": new_token,
            "tokens": ApiToken.objects.filter(user=request.user),
        },
    )


# Anyone may revoke a token of their own, even one they may no longer create.
@require_POST
@require_sign_in
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    with transaction.atomic():
        token.revoke()
        auditor.record(
            "api.token_revoked", target=request.user, changes={"token": [str(token), None]}
        )
    messages.success(request, f"The token '{token.name}' has been revoked")
    return redirect("api-tokens:list")
