"""The page for a form sent without its security token (Django's CSRF check), in the product's
own layout instead of Django's plain page, whose inline styles our security policy blocks."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(
        request,
        "pages/errors/csrf.jinja",
        {"page_title": "Your form was not sent"},
        status=403,
    )
