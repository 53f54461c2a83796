"""A member of staff asks for support without signing in; the coordinator books the call."""

import datetime

import pytest
from django.utils import timezone

from coproduce.support.models import SupportRequest
from tests.system.conftest import assert_error_summary, axe_check, sign_in_by_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_ask_for_support_without_an_account_and_the_coordinator_books_a_call(page, personas):
    page.goto("/support/ask/")
    axe_check(page)
    page.get_by_role("button", name="Send request").click()
    assert_error_summary(page, "Enter your name", "Select the help you would like")
    axe_check(page)

    page.get_by_label("Which NHS trust is it about?").select_option(label=personas.trust.name)
    page.get_by_label("Your name").fill("Robin Ward-Manager")
    page.get_by_label("Your email address").fill("robin@example.org")
    page.get_by_label("I work for the trust").check()
    page.get_by_label("Which project is it about?").fill("Calmer mealtimes on Willow Ward")
    page.get_by_label("A video call with someone from the involvement team").check()
    page.get_by_label("When suits you for us to get in touch?").fill("Tuesday mornings")
    page.get_by_label("I agree that the involvement team may contact me").check()
    page.get_by_role("button", name="Send request").click()
    assert page.get_by_role("heading", level=1).inner_text() == "We have your request"
    axe_check(page)
    item = SupportRequest.objects.get()

    page.goto("/")

    sign_in_by_cookie(page, personas.cora)
    page.goto("/support/")
    assert "Robin Ward-Manager" in page.inner_text("main")
    axe_check(page)
    page.get_by_role("link", name=item.reference).click()
    axe_check(page)
    day = timezone.localdate() + datetime.timedelta(days=4)
    page.locator("#id_book_call-call_date_0").fill(str(day.day))
    page.locator("#id_book_call-call_date_1").fill(str(day.month))
    page.locator("#id_book_call-call_date_2").fill(str(day.year))
    page.get_by_label("Time of the call").fill("11:00")
    page.get_by_label("Video call link").fill("https://video.example.org/robin")
    page.get_by_role("button", name="Book the call").click()
    assert "The call is booked" in page.inner_text("main")
    axe_check(page)
    item.refresh_from_db()
    assert item.status == "call_booked"
    assert item.first_contacted_at is not None
    assert timezone.localtime(item.call_at).date() == day
