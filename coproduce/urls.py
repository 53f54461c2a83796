"""The site's URLs: each app brings its own."""

from django.urls import include, path

from coproduce.api.api import api
from coproduce.pages import views as page_views

urlpatterns = [
    path("", include("coproduce.pages.urls")),
    path("account/", include("coproduce.accounts.urls")),
    # The names allauth links to, served by the site's own pages (after the site's, so
    # resolving an address finds those first).
    path("account/", include("coproduce.accounts.allauth_urls")),
    path("account/api-tokens/", include("coproduce.api.token_urls")),
    path("api/", api.urls),
    path("organisations/", include("coproduce.organisations.urls")),
    path("audit/", include("coproduce.audit.urls")),
    path("projects/", include("coproduce.projects.urls")),
    path("involvement/", include("coproduce.involvement.urls")),
    path("pool/", include("coproduce.pool.urls")),
    path("matching/", include("coproduce.matching.urls")),
    path("messages/", include("coproduce.outreach.urls")),
    path("payments/", include("coproduce.payments.urls")),
    path("training/", include("coproduce.training.urls")),
    path("support/", include("coproduce.support.urls")),
    path("resources/", include("coproduce.resources.urls")),
    path("imports/", include("coproduce.imports.urls")),
]

handler400 = page_views.bad_request
handler403 = page_views.permission_denied
handler404 = page_views.page_not_found
handler500 = page_views.server_error
