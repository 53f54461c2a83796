"""A member logs an activity, claims for it, adds expenses and chooses how to be paid."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coproduce.payments.demo import RECEIPT_PDF
from coproduce.payments.forms.fields import MAX_RECEIPT_BYTES
from coproduce.payments.models import Activity, Claim, ClaimStatus, Expense
from coproduce.projects.models import TeamMember

pytestmark = pytest.mark.django_db

KEY = "0b7d9f0e-7c55-4c0b-9b7e-2f3c1b1a8e11"


def activity_form(**overrides):
    data = {
        "idempotency_key": KEY,
        "activity_type": "",
        "activity_date_0": "11",
        "activity_date_1": "6",
        "activity_date_2": "2025",
        "hours": "1",
        "minutes": "30",
        "project": "",
        "description": "Project team meeting",
    }
    data.update(overrides)
    return data


def test_a_member_logs_an_activity_once_even_if_the_form_is_sent_twice(client, world):
    client.force_login(world.personas.pat)
    standard = world.policy.rates.get(activity_type__code="standard").activity_type
    TeamMember.objects.create(
        project=world.project, pool_member=world.pat_member, joined_on="2025-01-01"
    )
    data = activity_form(activity_type=standard.pk, project=world.project.pk)
    url = reverse("payments:my-activity-new")
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    activity = Activity.objects.get()
    assert (activity.duration_minutes, activity.project, activity.logged_by) == (
        90,
        world.project,
        world.personas.pat,
    )
    start = reverse("payments:my-claim-start", kwargs={"activity_pk": activity.pk})
    first = client.post(start)
    second = client.post(start)
    assert first.url == second.url
    claim = Claim.objects.get()
    assert claim.fee == Decimal("17.25")


def test_a_member_can_only_pick_projects_they_are_on(client, world):
    client.force_login(world.personas.pat)
    standard = world.policy.rates.get(activity_type__code="standard").activity_type
    data = activity_form(activity_type=standard.pk, project=world.project.pk)
    response = client.post(reverse("payments:my-activity-new"), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"activity_type": ""}, "Select what you did"),
        ({"hours": "", "minutes": ""}, "Enter how long the activity took"),
        ({"hours": "two"}, "Hours must be a whole number, like 2"),
        ({"minutes": "75"}, "Minutes must be 59 or fewer"),
        ({"activity_date_0": "", "activity_date_1": "", "activity_date_2": ""}, "Enter the date"),
        ({"activity_date_2": "2999"}, "must be today or in the past"),
        ({"activity_date_0": "31", "activity_date_1": "2"}, "must be a real date"),
    ],
)
def test_logging_an_activity_explains_each_mistake(client, world, overrides, message):
    client.force_login(world.personas.pat)
    standard = world.policy.rates.get(activity_type__code="standard").activity_type
    data = activity_form(activity_type=standard.pk)
    data.update(overrides)
    response = client.post(reverse("payments:my-activity-new"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "<title>Error: " in body
    assert not Activity.objects.exists()


def test_declining_is_one_click_and_respected(client, world):
    claim = world.claim()
    client.force_login(world.personas.pat)
    url = reverse("payments:claim-detail", kwargs={"pk": claim.pk})
    assert "I do not want to be paid for this" in client.get(url).content.decode()
    response = client.post(url, {"action": "decline"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.payable_fee) == (ClaimStatus.DECLINED, Decimal("0.00"))
    page = client.get(url).content.decode()
    assert "Payment declined" in page
    assert "Send claim for approval" not in page


def test_choosing_a_reduced_amount_needs_the_amount(client, world):
    claim = world.claim(minutes=60)
    client.force_login(world.personas.pat)
    url = reverse("payments:claim-detail", kwargs={"pk": claim.pk})
    response = client.post(url, {"action": "choice", "choice": "reduced", "reduced_amount": ""})
    assert "Enter the amount you would like" in response.content.decode()
    response = client.post(url, {"action": "choice", "choice": "reduced", "reduced_amount": "abc"})
    assert "must be in pounds and pence, like 12.50" in response.content.decode()
    response = client.post(url, {"action": "choice", "choice": "reduced", "reduced_amount": "20"})
    assert "less than the full fee of £11.50" in response.content.decode()
    client.post(url, {"action": "choice", "choice": "reduced", "reduced_amount": "£5.50"})
    claim.refresh_from_db()
    assert (claim.choice, claim.payable_fee) == ("reduced", Decimal("5.50"))


def test_a_receipt_is_checked_by_its_content_not_its_name(client, world):
    claim = world.claim()
    client.force_login(world.personas.pat)
    url = reverse("payments:expense-new", kwargs={"pk": claim.pk})
    fake = SimpleUploadedFile("receipt.pdf", b"<script>alert(1)</script>", "application/pdf")
    response = client.post(url, {"kind": "parking", "amount": "3.00", "receipt": fake})
    assert "The receipt must be a PDF, JPG, PNG, HEIC or WEBP file" in response.content.decode()
    big = SimpleUploadedFile("big.pdf", RECEIPT_PDF + b"0" * MAX_RECEIPT_BYTES)
    response = client.post(url, {"kind": "parking", "amount": "3.00", "receipt": big})
    assert "The receipt must be smaller than 5MB" in response.content.decode()
    response = client.post(url, {"kind": "parking", "amount": "3.00"})
    assert "Upload a photo or PDF of the receipt" in response.content.decode()
    assert not Expense.objects.exists()
    png = SimpleUploadedFile("photo", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "text/plain")
    response = client.post(url, {"kind": "parking", "amount": "3.00", "receipt": png})
    assert response.status_code == 302
    expense = Expense.objects.get()
    assert (expense.receipt_type, expense.amount, expense.finance_code) == (
        "image/png",
        Decimal("3.00"),
        "5402-TRAVEL",
    )
    assert "photo" not in expense.receipt.name


def test_mileage_needs_miles_and_no_receipt(client, world):
    claim = world.claim()
    client.force_login(world.personas.pat)
    url = reverse("payments:expense-new", kwargs={"pk": claim.pk})
    response = client.post(url, {"kind": "car", "miles": ""})
    assert "Enter how many miles you travelled" in response.content.decode()
    response = client.post(url, {"kind": "car", "miles": "12.55"})
    assert "at most 1 decimal place" in response.content.decode()
    assert client.post(url, {"kind": "car", "miles": "12.5"}).status_code == 302
    claim.refresh_from_db()
    assert claim.expenses_total == Decimal("5.63")


def test_the_team_logs_an_activity_for_a_member_and_it_becomes_a_draft_claim(client, world):
    client.force_login(world.personas.cora)
    enhanced = world.policy.rates.get(activity_type__code="enhanced").activity_type
    data = activity_form(
        activity_type=enhanced.pk, member=world.carl_member.pk, project=world.other_project.pk
    )
    response = client.post(reverse("payments:activity-new"), data)
    claim = Claim.objects.get()
    assert response.url == reverse("payments:claim-detail", kwargs={"pk": claim.pk})
    assert (claim.member, claim.fee, claim.status) == (
        world.carl_member,
        Decimal("22.50"),
        ClaimStatus.DRAFT,
    )
    assert claim.activity.source == "team"


def test_a_rejected_claim_shows_the_reason_to_the_member(client, world):
    from coproduce.payments import services

    claim = world.submitted()
    services.reject(claim, by=world.personas.cora, reason="The meeting was cancelled")
    client.force_login(world.personas.pat)
    page = client.get(reverse("payments:claim-detail", kwargs={"pk": claim.pk})).content.decode()
    assert "Not approved" in page
    assert "The meeting was cancelled" in page
    mine = client.get(reverse("payments:my-claims")).content.decode()
    assert claim.reference in mine
