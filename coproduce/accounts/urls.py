from django.urls import path

from coproduce.accounts.views import my_account, passwords, sign_in, sign_ins, two_factor, users

app_name = "accounts"

urlpatterns = [
    path("sign-in/", sign_in.SignInView.as_view(), name="sign-in"),
    path("sign-out/", sign_in.sign_out, name="sign-out"),
    path("signed-out/", sign_in.signed_out, name="signed-out"),
    path("sign-in/code/", two_factor.enter_code, name="two-factor-sign-in"),
    path("two-factor/", two_factor.manage, name="two-factor"),
    path("two-factor/set-up/", two_factor.set_up, name="two-factor-set-up"),
    path("two-factor/recovery-codes/", two_factor.recovery_codes, name="two-factor-recovery-codes"),
    path("sign-ins/", sign_ins.my_sign_ins, name="sign-ins"),
    # A trust's own sign-in address, after the fixed ones above.
    path("sign-in/<str:trust>/", sign_in.SignInView.as_view(), name="trust-sign-in"),
    path("sign-in-settings/", sign_ins.sign_in_settings, name="sign-in-settings"),
    path("", my_account.my_account, name="my-account"),
    path("password/", passwords.PasswordChangeView.as_view(), name="password-change"),
    path("password-reset/", passwords.PasswordResetView.as_view(), name="password-reset"),
    path(
        "password-reset/sent/",
        passwords.PasswordResetSentView.as_view(),
        name="password-reset-sent",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        passwords.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        passwords.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("users/", users.user_list, name="user-list"),
    path("users/new/", users.user_new, name="user-new"),
    path("users/<int:pk>/", users.user_detail, name="user-detail"),
    path("users/<int:pk>/reset-two-factor/", two_factor.reset, name="user-reset-two-factor"),
    path("users/<int:pk>/end-sign-ins/", sign_ins.end_persons_sessions, name="user-end-sign-ins"),
]
