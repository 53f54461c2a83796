"""A project lead brings a patient onto a project and records each stage of their involvement;
the project becomes Big I and this month's figure on the dashboard goes up."""

import datetime

import pytest
from django.utils import timezone

from coproduce.pool.tests.factories import member_for
from coproduce.projects.models import DriverElement, ElementKind
from coproduce.projects.tests.factories import make_project
from tests.system.conftest import assert_error_summary, axe_check, sign_in_by_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page, name: str, day: datetime.date) -> None:
    page.locator(f"#id_{name}_0").fill(str(day.day))
    page.locator(f"#id_{name}_1").fill(str(day.month))
    page.locator(f"#id_{name}_2").fill(str(day.year))


def add_element(page, project, start, kind: str, text: str, proposer: str) -> None:
    if kind != "Primary driver":
        parent = DriverElement.objects.filter(project=project).order_by("-pk").first()
        page.goto(f"/projects/{project.pk}/driver-diagram/add/?parent={parent.pk}")
    else:
        page.goto(f"/projects/{project.pk}/driver-diagram/add/")
        page.get_by_label(kind, exact=True).check()
    axe_check(page)
    page.get_by_label("Description").fill(text)
    page.get_by_label("Who proposed it?").select_option(label=proposer)
    fill_date(page, "proposed_on", start)
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Driver diagram"


def test_a_patient_joins_a_team_and_the_project_becomes_big_i(page, personas):
    pat = member_for(personas.pat)
    start = timezone.localdate() - datetime.timedelta(days=40)
    project = make_project(personas, title="Calmer evenings on the ward", start_date=start)
    make_project(personas, title="Shorter waits", start_date=start)
    page.goto("/account/sign-in/")  # the session cookie needs the site's address
    sign_in_by_cookie(page, personas.leo)

    page.goto("/involvement/")
    axe_check(page)
    assert page.locator("#headline-figure").inner_text() == "0.0%"

    page.goto(f"/projects/{project.pk}/")
    axe_check(page)
    assert "None: no patient or carer involvement recorded yet" in page.content()

    # Stage 2: a patient from the pool joins the team (after one mistake).
    page.get_by_role("button", name="Add someone to the team").click()
    axe_check(page)
    page.get_by_role("button", name="Add to the team").click()
    assert_error_summary(page, "Select who you are adding", "Enter the date they joined the team")
    axe_check(page)
    page.get_by_label("A patient or carer from the pool").check()
    page.locator("#id_pool_member").select_option(label="Pat Example")
    page.get_by_label("Role on the team").fill("Lived experience partner")
    fill_date(page, "joined_on", start)
    page.get_by_role("button", name="Add to the team").click()
    axe_check(page)
    assert "little i: no patient or carer involved in choosing the focus" in page.content()

    # Stage 1: choosing the focus, recorded by hand in the ledger.
    page.get_by_role("link", name="See who was involved at each stage").click()
    axe_check(page)
    page.get_by_role("button", name="Record involvement").click()
    axe_check(page)
    page.get_by_label("Choosing the focus").check()
    page.get_by_label("A patient or carer from the pool").check()
    page.locator("#id_pool_member").select_option(label="Pat Example")
    page.get_by_label("Co-led").check()
    fill_date(page, "started_on", start)
    page.get_by_label("Evidence").fill("Co-chaired the workshop that chose the focus")
    page.get_by_role("button", name="Save entry").click()
    axe_check(page)
    assert page.locator("#level-explanation").inner_text() == (
        "Big I: involved in all 2 stages reached so far"
    )

    # Stage 3: a change idea Pat proposed, on the driver diagram.
    page.goto(f"/projects/{project.pk}/driver-diagram/")
    axe_check(page)
    add_element(
        page, project, start, "Primary driver", "A calm ward in the evening", "Leo Example (staff)"
    )
    add_element(
        page, project, start, "Secondary driver", "Things to do after tea", "Leo Example (staff)"
    )
    add_element(
        page,
        project,
        start,
        "Change idea",
        "Music group run by patients",
        "Pat Example (patient or carer)",
    )
    axe_check(page)
    assert "Patient or carer idea" in page.content()

    # Stage 4: a PDSA cycle Pat takes part in.
    page.get_by_role("link", name="Plan a PDSA cycle for Music group run by patients").click()
    axe_check(page)
    page.get_by_label("Objective").fill("Run the music group for two evenings")
    fill_date(page, "started_on", start)
    page.get_by_label("Pat Example (patient or carer)").check()
    page.get_by_role("button", name="Save cycle").click()
    axe_check(page)

    page.goto(f"/involvement/projects/{project.pk}/")
    axe_check(page)
    assert page.locator("#level-explanation").inner_text() == (
        "Big I: involved in all 4 stages reached so far"
    )
    idea = DriverElement.objects.get(project=project, kind=ElementKind.CHANGE_IDEA)
    assert idea.proposed_by.pool_member == pat

    page.goto("/involvement/")
    axe_check(page)
    assert page.locator("#headline-figure").inner_text() == "50.0%"
    assert "1 of 2 active projects have Big I involvement" in page.content()

    page.get_by_role("link", name="See what each one is missing").click()
    axe_check(page)
    assert "Shorter waits" in page.content()
    assert "Calmer evenings on the ward" not in page.content()
