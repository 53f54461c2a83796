"""A patient's claim from logging the activity to a paid finance batch, with a benefit warning
on the way, as the patient, the project lead and finance see it."""

from datetime import date
from decimal import Decimal

import pytest

from coproduce.payments import services
from coproduce.payments.demo import RECEIPT_PDF, load_policy
from coproduce.payments.models import Claim, ClaimStatus, PaymentBatch
from coproduce.pool.models import Benefit
from coproduce.pool.tests.factories import PoolMemberFactory
from coproduce.projects.tests.factories import make_project
from tests.system.conftest import assert_error_summary, axe_check
from tests.system.conftest import sign_in_by_cookie as add_session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def error_summary(page, *messages: str) -> None:  # type: ignore[no-untyped-def]
    """The NHS script focuses the summary once it has loaded, which can lag on a busy machine."""
    page.locator(".nhsuk-error-summary:focus").wait_for()
    assert_error_summary(page, *messages)


def sign_in_by_cookie(page, user) -> None:  # type: ignore[no-untyped-def]
    """Switch to another person: the cookie needs the page to be on the site first."""
    page.context.clear_cookies()
    page.goto("/account/sign-in/")
    add_session_cookie(page, user)


def test_a_patients_claim_goes_from_logging_to_a_paid_batch(page, personas):
    load_policy(personas.trust, by=personas.alice)
    member = PoolMemberFactory(
        organisation=personas.trust,
        user=personas.pat,
        first_name="Pat",
        last_name="Example",
        declared_benefits=[Benefit.ESA],
    )
    project = make_project(personas, title="Safer discharge from Willow Ward", lead=personas.leo)
    project.team.create(pool_member=member, is_patient_or_carer=True, joined_on=date(2025, 1, 6))
    # Earlier the same week Pat earned £60, which the warning must count.
    earlier = services.log_activity(
        member,
        activity_date=date(2025, 6, 9),
        duration_minutes=240,
        activity_type="enhanced",
        project=project,
        by=personas.cora,
    )
    services.submit(services.start_claim(earlier, by=personas.cora), by=personas.cora)

    # The administrator checks the policy and benefit limits in force.
    sign_in_by_cookie(page, personas.alice)
    page.goto("/payments/policy/")
    axe_check(page)
    page.get_by_role("link", name="1 January 2022").click()
    assert "£15.00 an hour" in page.locator("main").inner_text()
    axe_check(page)
    # A claim already uses this version, so changes go in a new version.
    assert "cannot be changed" in page.locator("main").inner_text()
    page.get_by_role("link", name="Back to the payment policy").click()
    page.get_by_role("button", name="Add a new version").click()
    page.get_by_role("button", name="Save policy").click()
    error_summary(page, "Enter the date the policy starts")
    axe_check(page)
    page.goto("/payments/policy/")
    page.get_by_role(
        "link", name="Employment and Support Allowance (ESA): Permitted work higher"
    ).first.click()
    assert page.get_by_label("Limit in pounds").input_value() == "195.50"
    axe_check(page)

    # Pat logs a day of training she co-delivered.
    sign_in_by_cookie(page, personas.pat)
    page.goto("/payments/mine/")
    axe_check(page)
    page.get_by_role("button", name="Log an activity").click()
    axe_check(page)
    page.get_by_role("button", name="Save activity").click()
    error_summary(page, "Select what you did", "Enter the date of the activity")
    axe_check(page)
    page.get_by_label("Chairing, training or leading").check()
    page.get_by_label("Day", exact=True).fill("11")
    page.get_by_label("Month", exact=True).fill("6")
    page.get_by_label("Year", exact=True).fill("2025")
    page.get_by_label("Hours", exact=True).fill("8")
    page.get_by_label("Minutes", exact=True).fill("0")
    page.get_by_label("Which project was it for?").select_option(label=project.title)
    page.get_by_label("What was it?").fill("Co-delivered Big I training")
    page.get_by_role("button", name="Save activity").click()
    assert "has been added" in page.locator(".nhsuk-notification-banner").inner_text()
    axe_check(page)

    # She claims for it, and sees how it fits with her ESA before sending it.
    page.get_by_role("button", name="Make a claim for Chairing, training or leading").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Claim C")
    warning = page.locator("#benefit-warning")
    assert "How this payment fits with your benefits" in warning.inner_text()
    assert "£195.50 a week" in warning.inner_text()
    assert "the week's total is £180.00" in warning.inner_text()
    assert "close to this limit: £15.50 is left" in warning.inner_text()
    assert "talk to a benefits adviser" in warning.inner_text()
    axe_check(page)

    # A bus fare with its receipt.
    page.get_by_role("link", name="Add an expense").click()
    axe_check(page)
    page.get_by_label("Public transport").check()
    page.get_by_label("Amount on the receipt").fill("4.80")
    page.locator("input[type=file][name=receipt]").set_input_files(
        {"name": "bus-ticket.pdf", "mimeType": "application/pdf", "buffer": RECEIPT_PDF}
    )
    page.get_by_role("button", name="Add expense").click()
    assert "£4.80" in page.locator("table").first.inner_text()
    assert "£124.80" in page.locator(".nhsuk-summary-list").inner_text()
    axe_check(page)
    page.get_by_role("button", name="Send claim for approval").click()
    assert "sent for approval" in page.locator(".nhsuk-notification-banner").inner_text()
    assert "Waiting for approval" in page.locator(".nhsuk-tag").first.inner_text()
    axe_check(page)
    claim = Claim.objects.get(activity__description="Co-delivered Big I training")

    # Leo leads the project: he sees the same warning before approving.
    sign_in_by_cookie(page, personas.leo)
    page.goto("/payments/claims/")
    axe_check(page)
    page.get_by_role("link", name=claim.reference).click()
    assert "Pat's benefits" in page.locator("#benefit-warning").inner_text()
    axe_check(page)
    page.get_by_role("button", name="Save decision").click()
    error_summary(page, "Select whether you approve this claim")
    axe_check(page)
    page.get_by_label("Yes, approve it").check()
    page.get_by_role("button", name="Save decision").click()
    assert "has been approved" in page.locator(".nhsuk-notification-banner").inner_text()
    axe_check(page)

    # Finance batches, exports and pays it.
    sign_in_by_cookie(page, personas.fin)
    page.goto("/payments/finance/")
    axe_check(page)
    page.get_by_role("button", name="Put approved claims in a new batch").click()
    axe_check(page)
    page.get_by_role("button", name="Export batch").click()
    axe_check(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    csv_text = open(download_info.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    assert f"{claim.reference}" in csv_text
    assert "Expense: Public transport,4.80,5402-TRAVEL" in csv_text
    page.get_by_role("button", name="Mark batch as paid").click()
    assert "marked as paid" in page.locator(".nhsuk-notification-banner").inner_text()
    axe_check(page)
    page.goto("/payments/reports/?year=2025")
    assert "Safer discharge from Willow Ward" in page.locator("main").inner_text()
    axe_check(page)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    assert claim.total == Decimal("124.80")
    assert PaymentBatch.objects.get().status == "paid"

    # Pat sees it paid.
    sign_in_by_cookie(page, personas.pat)
    page.goto("/payments/mine/")
    assert "Paid" in page.locator("table").last.inner_text()
    axe_check(page)
