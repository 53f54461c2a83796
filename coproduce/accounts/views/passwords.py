"""Resetting a forgotten password by email, and changing a known one."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from coproduce.accounts.forms.passwords import (
    ChangePasswordForm,
    PasswordResetRequestForm,
    SetNewPasswordForm,
)
from coproduce.audit import services as auditor


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset.jinja"
    email_template_name = "accounts/emails/password_reset.txt"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")
    extra_context = {"page_title": "Reset your password"}

    @property
    def extra_email_context(self) -> dict[str, str]:  # type: ignore[override]
        return {"site_url": settings.SITE_URL}


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.jinja"
    extra_context = {"page_title": "Check your email"}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetNewPasswordForm
    template_name = "accounts/password_reset_confirm.jinja"
    success_url = reverse_lazy("accounts:password-reset-complete")
    extra_context = {"page_title": "Choose a new password"}

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        auditor.record("account.password_reset", actor=form.user, target=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.jinja"
    extra_context = {"page_title": "Your password has been changed"}


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/password_change.jinja"
    success_url = reverse_lazy("accounts:my-account")
    extra_context = {"page_title": "Change your password"}

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        from django.contrib import messages

        response = super().form_valid(form)
        auditor.record("account.password_changed", target=self.request.user)
        messages.success(self.request, "Your password has been changed")
        return response
