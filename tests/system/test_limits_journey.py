"""The involvement team marks a month where the process changed: the page warns that Making
Data Count advises against it there, the coordinator confirms with a reason, the chart shows
the break with its reason, and the change is undone."""

import datetime

import pytest

from coproduce.involvement.tests.test_limits import _big_i
from coproduce.projects.tests.factories import make_project
from tests.system.conftest import assert_error_summary, axe_check, sign_in_by_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date
REASON = "New rota on the wards"
LIMITS_CHART = "svg[aria-labelledby='chart-limits-title'] line.recalculation"


def test_mark_a_month_see_the_warning_give_a_reason_see_the_break_and_undo(page, personas):
    _big_i(make_project(personas, title="Co-designed discharge"), personas, D(2025, 1, 20))
    _big_i(make_project(personas, title="Staff rota review"), personas, D(2025, 11, 5))
    page.goto("/account/sign-in/")
    sign_in_by_cookie(page, personas.cora)
    page.goto("/involvement/")
    page.get_by_role("link", name="the limits of the trust chart").click()
    page.get_by_role("heading", level=1, name="Recalculate the limits").wait_for()
    assert "A sustained shift is running" in page.locator("#suggestion").inner_text()
    axe_check(page)

    # June 2025 is in the middle of a steady stretch: no sustained shift after it.
    page.get_by_label("Month the process changed").select_option("2025-06-30")
    page.get_by_label("Why the process changed").fill(REASON)
    page.get_by_role("button", name="Record the change").click()
    assert_error_summary(page, "Making Data Count advises against recalculating here")
    assert "no sustained shift" in page.locator("#guidance-warning").inner_text()
    axe_check(page)

    page.get_by_label("I have read the guidance above").check()
    page.get_by_role("button", name="Recalculate anyway").click()
    page.get_by_text("The limits start again from June 2025").wait_for()
    assert page.locator(LIMITS_CHART).count() == 1
    assert REASON in page.locator("#limit-changes").inner_text()
    axe_check(page)
    page.goto("/involvement/")
    trust_table = page.locator("#table-trust")
    assert f"Limits recalculated: {REASON}" in trust_table.inner_text()
    assert page.locator("svg[aria-labelledby='chart-trust-title'] line.recalculation").count() == 1

    page.get_by_role("link", name="the limits of the trust chart").click()
    page.get_by_role("button", name="Undo the change from June 2025").click()
    page.get_by_text("The change from June 2025 has been undone").wait_for()
    assert page.locator(LIMITS_CHART).count() == 0
    assert "None: the limits are worked out over the whole chart" in page.content()
    axe_check(page)
