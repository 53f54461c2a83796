"""A lead deletes a driver from the driver diagram after being told what goes with it, and is
told why a change idea a patient proposed cannot be deleted."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from coproduce.pool.tests.factories import member_for
from coproduce.projects import services
from coproduce.projects.models import DriverElement, ElementKind, PdsaCycle
from coproduce.projects.tests.factories import make_project
from tests.system.conftest import axe_check, sign_in_by_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date


def test_a_lead_deletes_a_driver_and_keeps_a_patients_idea(page, personas):
    project = make_project(personas, title="Calmer ward rounds")
    lead_row = project.team.get(user=personas.leo)
    patient_row = services.add_team_member(
        project, pool_member=member_for(personas.pat), joined_on=D(2025, 2, 1), by=personas.leo
    )

    def add(kind, text, parent, proposer):  # type: ignore[no-untyped-def]
        return services.add_element(
            project,
            by=personas.leo,
            kind=kind,
            text=text,
            parent=parent,
            proposed_by=proposer,
            proposed_by_other="",
            proposed_on=D(2025, 3, 1),
        )

    staff_driver = add(ElementKind.PRIMARY, "Predictable rounds", None, lead_row)
    board = add(ElementKind.SECONDARY, "Known times", staff_driver, lead_row)
    services.add_pdsa(
        add(ElementKind.CHANGE_IDEA, "Rounds board", board, lead_row),
        by=personas.leo,
        participants=[lead_row],
        objective="Try the board on one ward",
        started_on=D(2025, 4, 1),
    )
    kept_driver = add(ElementKind.PRIMARY, "Families heard", None, lead_row)
    quiet = add(ElementKind.SECONDARY, "Space to talk", kept_driver, lead_row)
    add(ElementKind.CHANGE_IDEA, "Quiet hour", quiet, patient_row)

    page.goto("/account/sign-in/")
    sign_in_by_cookie(page, personas.leo)
    page.goto(f"/projects/{project.pk}/driver-diagram/")
    page.get_by_role("link", name="Delete Predictable rounds").click()
    expect(page).to_have_title(
        re.compile(r"^Are you sure you want to delete this primary driver\?")
    )
    axe_check(page)
    callout = page.locator(".nhsuk-card--warning")
    assert "Change idea: Rounds board" in callout.inner_text()
    assert "PDSA cycle 1 on “Rounds board”" in callout.inner_text()
    page.get_by_role("link", name="No, go back").click()
    assert DriverElement.objects.count() == 6

    page.get_by_role("link", name="Delete Predictable rounds").click()
    page.get_by_role("button", name="Yes, delete it all").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "Primary driver deleted, with 1 secondary driver, 1 change idea and 1 PDSA cycle"
    )
    axe_check(page)
    assert DriverElement.objects.count() == 3 and not PdsaCycle.objects.exists()

    page.get_by_role("link", name="Delete Families heard").click()
    expect(page).to_have_title(re.compile(r"^You cannot delete this primary driver"))
    axe_check(page)
    assert "“Quiet hour” was proposed by Pat Example, a patient or carer" in page.content()
    assert page.get_by_role("button", name="Yes, delete it all").count() == 0
    assert DriverElement.objects.count() == 3
