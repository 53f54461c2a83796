"""Administrators edit the payment policy (effective-dated versions) and benefit limits."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from coproduce.accounts.decorators import require_permission
from coproduce.audit.services import diff, record, snapshot
from coproduce.payments import figures
from coproduce.payments.forms.policy import (
    ActivityRateForm,
    BenefitLimitForm,
    ExpenseRateForm,
    NewActivityTypeForm,
    NewExpenseRateForm,
    PolicyVersionForm,
)
from coproduce.payments.models import ActivityRate, ActivityType, BenefitLimit, PolicyVersion

POLICY_FIELDS = ["effective_from", "monthly_hours_cap", "vouchers_offered", "fee_code", "notes"]
RATE_FIELDS = ["basis", "amount", "unit_minutes", "rounding"]
LIMIT_FIELDS = [
    "benefit",
    "name",
    "amount",
    "period",
    "effective_from",
    "lapses_on",
    "explanation",
    "source",
]


def _policies(request: HttpRequest):  # type: ignore[no-untyped-def]
    return PolicyVersion.objects.filter(organisation=request.user.organisation)


def _locked_message(policy: PolicyVersion) -> str | None:
    if policy.claims.exists():
        return (
            "Claims have been made under this policy, so it cannot be changed. "
            "Add a new version starting on the date the change applies."
        )
    return None


@require_safe
@require_permission("payments.manage_policy")
def policy_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "payments/policy_list.jinja",
        {
            "page_title": "Payment policy",
            "policies": _policies(request).prefetch_related("claims"),
            "limits": BenefitLimit.objects.filter(organisation=request.user.organisation),
            "lapsed": figures.lapsed(request.user.organisation, timezone.localdate()),
        },
    )


@require_safe
@require_permission("payments.manage_policy")
def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = get_object_or_404(_policies(request), pk=pk)
    return render(
        request,
        "payments/policy_detail.jinja",
        {
            "page_title": str(policy),
            "policy": policy,
            "rates": policy.rates.select_related("activity_type"),
            "expenses": policy.expenses.all(),
            "locked": _locked_message(policy),
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("payments.manage_policy")
def policy_new(request: HttpRequest) -> HttpResponse:
    """A new version starts as a copy of the latest one, then is edited."""
    organisation = request.user.organisation
    latest = _policies(request).first()
    initial = {key: getattr(latest, key) for key in POLICY_FIELDS[1:]} if latest else {}
    form = PolicyVersionForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            policy = form.save(commit=False)
            policy.organisation = organisation
            policy.created_by = request.user
            policy.save()
            if latest is not None:
                for rate in latest.rates.all():
                    rate.pk = None
                    rate.policy = policy
                    rate.save()
                for expense in latest.expenses.all():
                    expense.pk = None
                    expense.policy = policy
                    expense.save()
            record(
                "payments.policy_added",
                actor=request.user,
                target=policy,
                changes={key: getattr(policy, key) for key in POLICY_FIELDS},
            )
        messages.success(request, f"{policy} has been added. Check its rates below")
        return redirect("payments:policy-detail", pk=policy.pk)
    return render(
        request,
        "payments/policy_form.jinja",
        {"page_title": "Add a new version of the policy", "form": form, "policy": None},
    )


@require_http_methods(["GET", "POST"])
@require_permission("payments.manage_policy")
def policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    policy = get_object_or_404(_policies(request), pk=pk)
    if (locked := _locked_message(policy)) is not None:
        messages.error(request, locked)
        return redirect("payments:policy-detail", pk=policy.pk)
    before = snapshot(policy, POLICY_FIELDS)
    form = PolicyVersionForm(
        request.POST or None, instance=policy, organisation=request.user.organisation
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            policy = form.save()
            record(
                "payments.policy_changed",
                actor=request.user,
                target=policy,
                changes=diff(before, snapshot(policy, POLICY_FIELDS)),
            )
        messages.success(request, "The policy has been saved")
        return redirect("payments:policy-detail", pk=policy.pk)
    return render(
        request,
        "payments/policy_form.jinja",
        {"page_title": f"Change the {str(policy).lower()}", "form": form, "policy": policy},
    )


def _edit_rate(request: HttpRequest, pk: int, rate_pk: int, *, expense: bool) -> HttpResponse:
    policy = get_object_or_404(_policies(request), pk=pk)
    if (locked := _locked_message(policy)) is not None:
        messages.error(request, locked)
        return redirect("payments:policy-detail", pk=policy.pk)
    rows = policy.expenses if expense else policy.rates
    rate = get_object_or_404(rows.all(), pk=rate_pk)
    fields = ["per_mile", "finance_code", "source", "lapses_on"] if expense else RATE_FIELDS
    form_class = ExpenseRateForm if expense else ActivityRateForm
    before = snapshot(rate, fields)
    form = form_class(request.POST or None, instance=rate)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            rate = form.save()
            record(
                "payments.policy_rate_changed",
                actor=request.user,
                target=policy,
                changes={str(rate): diff(before, snapshot(rate, fields))},
            )
        messages.success(request, f"{rate} has been saved")
        return redirect("payments:policy-detail", pk=policy.pk)
    name = rate.get_kind_display() if expense else rate.activity_type.name
    return render(
        request,
        "payments/rate_form.jinja",
        {
            "page_title": f"Change the rate for {name.lower()}",
            "form": form,
            "policy": policy,
            "name": name,
            "expense": expense,
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("payments.manage_policy")
def activity_rate_edit(request: HttpRequest, pk: int, rate_pk: int) -> HttpResponse:
    return _edit_rate(request, pk, rate_pk, expense=False)


@require_http_methods(["GET", "POST"])
@require_permission("payments.manage_policy")
def expense_rate_edit(request: HttpRequest, pk: int, rate_pk: int) -> HttpResponse:
    return _edit_rate(request, pk, rate_pk, expense=True)


@require_http_methods(["GET", "POST"])
@require_permission("payments.manage_policy")
def benefit_limit_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    organisation = request.user.organisation
    limit = (
        get_object_or_404(BenefitLimit.objects.filter(organisation=organisation), pk=pk)
        if pk
        else None
    )
    before = snapshot(limit, LIMIT_FIELDS) if limit else {}
    form = BenefitLimitForm(request.POST or None, instance=limit, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            saved.organisation = organisation
            saved.save()
            record(
                "payments.benefit_limit_changed" if limit else "payments.benefit_limit_added",
                actor=request.user,
                target=saved,
                changes=diff(before, snapshot(saved, LIMIT_FIELDS)),
            )
        messages.success(request, f"{saved} has been saved")
        return redirect("payments:policy-list")
    return render(
        request,
        "payments/benefit_limit_form.jinja",
        {
            "page_title": "Change a benefit limit" if limit else "Add a benefit limit",
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("payments.manage_policy")
def activity_type_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a kind of activity and its rate to a version (a new trust starts here)."""
    policy = get_object_or_404(_policies(request), pk=pk)
    if (locked := _locked_message(policy)) is not None:
        messages.error(request, locked)
        return redirect("payments:policy-detail", pk=policy.pk)
    form = NewActivityTypeForm(request.POST or None, policy=policy)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            activity_type, _ = ActivityType.objects.get_or_create(
                organisation=policy.organisation,
                code=data["code"],
                defaults={
                    "name": data["name"],
                    "description": data["description"],
                    "order": ActivityType.objects.filter(organisation=policy.organisation).count(),
                },
            )
            rate = ActivityRate.objects.create(
                policy=policy,
                activity_type=activity_type,
                **{field: data[field] for field in RATE_FIELDS},
            )
            record(
                "payments.policy_rate_added",
                actor=request.user,
                target=policy,
                changes={str(activity_type): {f: data[f] for f in RATE_FIELDS}},
            )
        messages.success(request, f"{rate} has been added")
        return redirect("payments:policy-detail", pk=policy.pk)
    return render(
        request,
        "payments/activity_type_form.jinja",
        {"page_title": "Add an activity and its rate", "form": form, "policy": policy},
    )


@require_http_methods(["GET", "POST"])
@require_permission("payments.manage_policy")
def expense_rate_new(request: HttpRequest, pk: int) -> HttpResponse:
    policy = get_object_or_404(_policies(request), pk=pk)
    if (locked := _locked_message(policy)) is not None:
        messages.error(request, locked)
        return redirect("payments:policy-detail", pk=policy.pk)
    form = NewExpenseRateForm(request.POST or None, policy=policy)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            expense = form.save(commit=False)
            expense.policy = policy
            expense.save()
            record(
                "payments.policy_expense_added",
                actor=request.user,
                target=policy,
                changes={
                    expense.kind: {
                        "per_mile": expense.per_mile,
                        "finance_code": expense.finance_code,
                    }
                },
            )
        messages.success(request, f"{expense} has been added")
        return redirect("payments:policy-detail", pk=policy.pk)
    return render(
        request,
        "payments/expense_rate_new.jinja",
        {"page_title": "Add an expense", "form": form, "policy": policy},
    )
