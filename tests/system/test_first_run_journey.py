"""Going live on an empty installation: an administrator made by createsuperuser signs in, sets
up the trust, follows the Getting started checklist, imports the trust's structure and invites a
member of staff, who sets a password from the email and signs in."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from coproduce.accounts.models import Role, User
from coproduce.imports.tests.factories import csv_bytes
from coproduce.organisations.models import Directorate, Organisation, Service
from tests.system.conftest import assert_error_summary, axe_check, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "first administrator password"


def test_an_empty_installation_is_set_up_from_the_first_sign_in(page, monkeypatch):
    page.set_default_timeout(60_000)
    assert not Organisation.objects.exists() and not User.objects.exists()
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser",
        interactive=False,
        email="jane.smith@example.org",
        full_name="Jane Smith",
        verbosity=0,
    )
    admin = User.objects.get()

    sign_in(page, admin, PASSWORD)
    page.get_by_role("heading", name="Set up your trust first").wait_for()
    axe_check(page)
    page.get_by_role("link", name="Set up your trust", exact=True).click()
    page.get_by_role("heading", name="Set up your trust").wait_for()
    axe_check(page)

    page.get_by_label("Trust name").fill("Riverside NHS Foundation Trust")
    page.get_by_label("ODS code").fill("RV3A")
    page.get_by_role("button", name="Set up the trust").click()
    assert_error_summary(page, "Enter the ODS code in the correct format, like RV3")
    axe_check(page)
    page.get_by_label("ODS code").fill("rv3")
    page.get_by_role("button", name="Set up the trust").click()

    # The checklist takes over; the trust's structure is its first step.
    page.get_by_role("heading", name="Getting started").wait_for()
    axe_check(page)
    structure_step = page.locator("#step-structure")
    assert "Not done yet" in structure_step.inner_text()
    assert "Completed" not in page.locator("#step-staff").inner_text()
    structure_step.get_by_role("link", name="Import the structure from a spreadsheet").click()
    page.get_by_role("heading", name="Import the trust's structure").wait_for()
    axe_check(page)
    page.locator("input[type=file]").set_input_files(
        {
            "name": "structure.csv",
            "mimeType": "text/csv",
            "buffer": csv_bytes(
                [
                    ["Community Services", "", "CS100"],
                    ["District Nursing", "Community Services", "CS110"],
                    ["Adult Mental Health", "", "AM200"],
                    ["Willow Ward", "Adult Mental Health", ""],
                ],
                ["Name", "Parent", "Code"],
            ),
        }
    )
    page.get_by_role("button", name="Upload and continue").click()
    page.get_by_role("heading", name="Match the columns").wait_for()
    axe_check(page)
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Check what will be imported").wait_for()
    assert "District Nursing" in page.locator("table").inner_text()
    axe_check(page)
    page.get_by_role("button", name="Import the directorates and services").click()
    page.get_by_role("heading", name="Directorates and services imported").wait_for()
    axe_check(page)
    trust = Organisation.objects.get()
    assert trust.ods_code == "RV3"
    assert Directorate.objects.filter(organisation=trust).count() == 2
    assert Service.objects.filter(directorate__organisation=trust).count() == 2

    page.goto("/")
    assert "Completed" in page.locator("#step-structure").inner_text()
    # The new trust started from the published figures; the unconfirmed ones need checking.
    assert "Needs checking" in page.locator("#step-payments").inner_text()
    page.locator("#step-staff").get_by_role("link", name="Add a person").click()
    page.get_by_role("heading", name="Add a person").wait_for()
    axe_check(page)
    page.get_by_label("Full name").fill("Nia Jones")
    page.get_by_label("Email address").fill("nia.jones@example.org")
    page.get_by_label("Directorate (optional)").select_option(label="Community Services")
    page.get_by_label("Project lead").check()
    page.get_by_role("button", name="Add person").click()
    page.get_by_text("Nia Jones has been added and sent an email to set a password").wait_for()
    axe_check(page)
    page.goto("/")
    assert "Completed" in page.locator("#step-staff").inner_text()

    # Nia follows the link in her email, chooses a password and signs in.
    nia = User.objects.get(email="nia.jones@example.org")
    assert nia.role_set() == {Role.PROJECT_LEAD}
    assert nia.directorate.name == "Community Services"
    assert [m.to for m in mail.outbox] == [["nia.jones@example.org"]]
    link = re.search(r"https?://\S+?(/account/password-reset/\S+/)", mail.outbox[0].body).group(1)
    page.context.clear_cookies()
    page.goto(link)
    page.get_by_label("New password", exact=True).wait_for()
    axe_check(page)
    page.get_by_label("New password", exact=True).fill("nia's own long password")
    page.get_by_label("Confirm new password").fill("nia's own long password")
    page.get_by_role("button", name="Save password").click()
    page.wait_for_load_state()
    axe_check(page)
    sign_in(page, nia, "nia's own long password")
    page.get_by_role("heading", name="Hello, Nia").wait_for()
    assert "Getting started" not in page.content()
    axe_check(page)
