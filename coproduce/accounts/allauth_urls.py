"""The addresses allauth's code links to by name, each served by the site's own views.

allauth's sign-in, sign-up and account pages are not used (ADR 0800): where its code sends
someone to one of them, they come to the site's page for it instead.
"""

from django.urls import path

from coproduce.accounts import sso
from coproduce.accounts.views import sign_in, sso_pages

urlpatterns = [
    path("sign-in/", sign_in.SignInView.as_view(), name="account_login"),
    path("sign-out/", sign_in.sign_out, name="account_logout"),
    path("sign-in/provider/not-known/", sso_pages.not_known, name="account_signup"),
    path("sign-in/provider/not-known/", sso_pages.not_known, name="socialaccount_signup"),
    path("sign-in/provider/switched-off/", sso_pages.not_known, name="account_inactive"),
    path("sign-in/provider/cancelled/", sso_pages.cancelled, name="socialaccount_login_cancelled"),
    path("sign-in/provider/error/", sso_pages.cancelled, name="socialaccount_login_error"),
    # After the fixed addresses above, which the provider's id would otherwise match.
    path("sign-in/provider/<str:provider_id>/", sso.login, name="openid_connect_login"),
    path(
        "sign-in/provider/<str:provider_id>/callback/",
        sso.callback,
        name="openid_connect_callback",
    ),
    path("sign-ins/", sso_pages.to_sign_ins, name="usersessions_list"),
    path("", sso_pages.to_my_account, name="socialaccount_connections"),
]
