"""The API's documentation page: django-ninja's Swagger UI, drawn from our own template so the
page says what language it is in and has a title like every other page of the product."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja.openapi.docs import Swagger


class CoproduceSwagger(Swagger):
    """Swagger UI from the static files we serve ourselves, in a page with `lang` and a title."""

    template = "api/docs.html"
    # Links inside each operation's button (Swagger UI's deep links) nest one control in another
    # and are too small to tap; without them the path is plain text in the button.
    default_settings = {**Swagger.default_settings, "deepLinking": False}

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        response = super().render_page(request, api, **kwargs)
        response["Content-Language"] = "en"
        return response
