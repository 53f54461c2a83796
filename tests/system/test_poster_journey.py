"""A coordinator makes a recruitment poster whose QR code leads to joining the pool."""

import pytest
from django.conf import settings

from coproduce.resources.tests.test_posters import decode_qr_codes, pdf_first_page_image
from tests.system.conftest import axe_check, sign_in_by_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_makes_a_poster_with_a_qr_code_to_the_signup_page(page, personas):
    page.goto("/")
    sign_in_by_cookie(page, personas.cora)
    page.goto("/resources/")
    axe_check(page)
    page.get_by_role("button", name="Make a recruitment poster").click()
    axe_check(page)
    page.get_by_label("Which service is recruiting?").select_option(
        label=f"{personas.service.name} ({personas.directorate.name})"
    )
    page.get_by_label("Headline").fill("Help us make Willow Ward better")
    page.get_by_label("Message").fill("Share your experience of the ward and help shape it.")
    page.get_by_role("button", name="Make the poster").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your poster"
    preview = page.get_by_role("img", name="Preview of the poster", exact=False)
    preview.wait_for()
    # The preview is drawn on request; wait until the browser has it.
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=preview.element_handle(), timeout=20_000
    )
    axe_check(page)

    href = page.get_by_role("button", name="Download the poster (PDF)").get_attribute("href")
    pdf = page.context.request.get(href)
    assert pdf.headers["content-type"] == "application/pdf"
    expected = f"{settings.SITE_URL}/pool/join/?service={personas.service.pk}"
    assert decode_qr_codes(pdf_first_page_image(pdf.body())) == [expected]
