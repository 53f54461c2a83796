from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from coproduce.accounts.decorators import require_sign_in
from coproduce.accounts.models import Role


@require_safe
@require_sign_in
def my_account(request: HttpRequest) -> HttpResponse:
    roles = [Role(role).label for role in sorted(request.user.role_set())]
    return render(
        request,
        "accounts/my_account.jinja",
        {"page_title": "Your account", "roles": roles},
    )
