"""One claim: the member makes their choices and sends it; staff approve it or not."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.accounts.decorators import check_permission, require_sign_in
from coproduce.audit.models import AuditEvent
from coproduce.lib.money import Choice
from coproduce.payments import figures, presenters, services
from coproduce.payments.forms.choice import ChoiceForm
from coproduce.payments.forms.decision import DecisionForm
from coproduce.payments.forms.expense import ExpenseForm
from coproduce.payments.models import ClaimStatus, Expense
from coproduce.payments.views.common import get_claim


def _page(request: HttpRequest, claim, **forms) -> HttpResponse:  # type: ignore[no-untyped-def]
    is_owner = claim.member.user_id == request.user.pk
    choice_form = forms.get("choice_form") or ChoiceForm(
        initial={
            "choice": claim.choice,
            "reduced_amount": claim.reduced_amount,
            "charity_name": claim.charity_name,
        },
        vouchers_offered=claim.policy.vouchers_offered,
    )
    decision_form = forms.get("decision_form") or DecisionForm()
    history = AuditEvent.objects.filter(
        target_type="payments.claim", target_id=str(claim.pk)
    ).order_by("occurred_at", "pk")
    return render(
        request,
        "payments/claim_detail.jinja",
        {
            "page_title": f"Claim {claim.reference}",
            "claim": claim,
            "status_tag": presenters.status_tag(claim),
            "rows": presenters.claim_rows(claim),
            "expenses": claim.expenses.all(),
            "warning": presenters.benefit_warning(claim, for_member=is_owner),
            "out_of_date": figures.lapsed_for_claim(
                claim.organisation,
                list(claim.member.declared_benefits or []),
                claim.activity.activity_date,
            ),
            "benefit_choices": presenters.BENEFIT_CHOICES,
            "is_owner": is_owner,
            "choice_form": choice_form,
            "decision_form": decision_form,
            "form": forms.get("choice_form") or forms.get("decision_form"),
            "history": history,
            "can_change": request.user.has_perm("payments.change_claim", claim),
            "can_decide": request.user.has_perm("payments.decide_claim", claim),
        },
    )


def _moved_on(request: HttpRequest, claim, message: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    """The claim moved on before this request could act: say what happened, and show the claim
    as it now is (a redirect, so refreshing the page does not post again)."""
    messages.info(request, message)
    return redirect("payments:claim-detail", pk=claim.pk)


@require_http_methods(["GET", "POST"])
@require_sign_in
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim(request, pk)
    if request.method == "GET":
        return _page(request, claim)
    action = request.POST.get("action", "")
    try:
        # Who may act is checked here; whether the claim still allows it is the service's to
        # say (ClaimMovedOn), so a double click or the loser of a race sees what happened.
        if action in {"choice", "decline", "submit"}:
            check_permission(request, "payments.act_on_claim_change", claim)
        if action == "choice":
            form = ChoiceForm(request.POST, vouchers_offered=claim.policy.vouchers_offered)
            if not form.is_valid():
                return _page(request, claim, choice_form=form)
            services.set_choice(
                claim,
                choice=Choice(form.cleaned_data["choice"]),
                reduced_amount=form.cleaned_data["reduced_amount"],
                charity_name=form.cleaned_data["charity_name"],
                by=request.user,
            )
            messages.success(request, "Your choice has been saved")
        elif action == "decline":
            claim = services.decline(claim, by=request.user)
            messages.success(
                request,
                "You will not be paid a fee for this activity. Thank you for taking part",
            )
        elif action == "submit":
            if claim.status != ClaimStatus.DRAFT:
                return _moved_on(request, claim, "This claim has been sent for approval already")
            services.submit(claim, by=request.user)
            messages.success(request, "The claim has been sent for approval")
        elif action == "decide":
            check_permission(request, "payments.act_on_claim_decision", claim)
            form = DecisionForm(request.POST)
            if not form.is_valid():
                return _page(request, claim, decision_form=form)
            if form.cleaned_data["decision"] == "approve":
                services.approve(claim, by=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, f"Claim {claim.reference} has been approved")
            else:
                services.reject(claim, by=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, f"Claim {claim.reference} has not been approved")
        else:
            raise Http404("Unknown action")
    except services.ClaimMovedOn as moved_on:
        return _moved_on(request, claim, str(moved_on))
    except services.PaymentError as error:
        claim.refresh_from_db()
        if action == "decide":
            form = DecisionForm(request.POST)
            form.is_valid()
            form.add_error(None, str(error))
            return _page(request, claim, decision_form=form)
        form = ChoiceForm(request.POST, vouchers_offered=claim.policy.vouchers_offered)
        form.is_valid()
        form.add_error(None, str(error))
        return _page(request, claim, choice_form=form)
    return redirect("payments:claim-detail", pk=claim.pk)


@require_http_methods(["GET", "POST"])
@require_sign_in
def expense_new(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim(request, pk)
    check_permission(request, "payments.act_on_claim_change", claim)
    if claim.status != ClaimStatus.DRAFT:
        return _moved_on(
            request, claim, "This claim has been sent already, so it cannot be changed"
        )
    kinds = list(claim.policy.expenses.values_list("kind", flat=True))
    form = ExpenseForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        receipt = form.cleaned_data.get("receipt")
        try:
            services.add_expense(
                claim,
                kind=form.cleaned_data["kind"],
                miles=form.cleaned_data.get("miles"),
                amount=form.cleaned_data.get("amount"),
                description=form.cleaned_data["description"],
                receipt=receipt or None,
                receipt_type=getattr(receipt, "detected_type", "") if receipt else "",
                by=request.user,
            )
        except services.ClaimMovedOn as moved_on:
            return _moved_on(request, claim, str(moved_on))
        except services.PaymentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The expense has been added")
            return redirect("payments:claim-detail", pk=claim.pk)
    return render(
        request,
        "payments/expense_new.jinja",
        {"page_title": "Add an expense", "form": form, "claim": claim},
    )


@require_POST
@require_sign_in
def expense_remove(request: HttpRequest, pk: int, expense_pk: int) -> HttpResponse:
    claim = get_claim(request, pk)
    check_permission(request, "payments.act_on_claim_change", claim)
    expense = claim.expenses.filter(pk=expense_pk).first()
    if expense is None:
        return _moved_on(
            request, claim, "This expense is not on the claim: it may have been removed already"
        )
    try:
        services.remove_expense(expense, by=request.user)
    except services.ClaimMovedOn as moved_on:
        return _moved_on(request, claim, str(moved_on))
    except services.PaymentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The expense has been removed")
    return redirect("payments:claim-detail", pk=claim.pk)


@require_safe
@require_sign_in
def receipt(request: HttpRequest, pk: int, expense_pk: int) -> FileResponse:
    claim = get_claim(request, pk)
    expense = get_object_or_404(Expense.objects.filter(claim=claim), pk=expense_pk)
    if not expense.receipt:
        raise Http404("No receipt")
    extension = {
        "application/pdf": "pdf",
        "image/png": "png",
        "image/jpeg": "jpg",
        "image/heic": "heic",
        "image/webp": "webp",
    }.get(expense.receipt_type, "bin")
    response = FileResponse(
        expense.receipt.open("rb"),
        content_type=expense.receipt_type or "application/octet-stream",
        as_attachment=True,
        filename=f"receipt-{claim.reference}-{expense.pk}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
