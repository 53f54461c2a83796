"""A carer joins the pool, is matched to a project, and ends up on its team."""

import datetime

import pytest
from playwright.sync_api import expect

from coproduce.accounts.models import User
from coproduce.pool.models import CheckKind, PoolMember
from coproduce.pool.tests.factories import CheckFactory, PoolMemberFactory
from coproduce.projects.tests.factories import make_project
from tests.system.conftest import assert_error_summary, axe_check, sign_in_by_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_to(page, user) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    # sign_in_by_cookie scopes the cookie to the current page's path; start from the root.
    page.goto("/")
    sign_in_by_cookie(page, user)


def test_a_carer_joins_is_matched_invited_and_joins_the_project_team(page, personas):
    project = make_project(
        personas, service=personas.service, title="Calmer discharge from Willow Ward"
    )

    # A carer scans the QR code on a Willow Ward poster and expresses interest.
    page.goto(f"/pool/join/?service={personas.service.pk}")
    axe_check(page)
    page.get_by_role("button", name="Send").click()
    assert_error_summary(page, "Enter your first name", "Tick the box to agree")
    axe_check(page)
    page.get_by_label("First name").fill("Carol")
    page.get_by_label("Last name").fill("Jones")
    page.get_by_label("Carer", exact=True).check()
    page.get_by_label("Email address").fill("carol.jones@example.org")
    page.get_by_label("Project team member").check()
    page.get_by_label("I agree that the involvement team can keep these details").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you, Carol")
    axe_check(page)
    carol = PoolMember.objects.get(email="carol.jones@example.org")
    assert carol.source_service == personas.service

    # The coordinator finds her enquiry and makes her active.
    switch_to(page, personas.cora)
    page.goto("/pool/")
    axe_check(page)
    page.get_by_role("link", name="Carol Jones").click()
    axe_check(page)
    page.get_by_role("button", name="Change status").click()
    axe_check(page)
    page.get_by_label("Active").check()
    page.get_by_label("Reason").fill("Welcome chat done; keen to join a project team")
    page.get_by_role("button", name="Save status").click()
    expect(page.locator("main")).to_contain_text("Carol is now active")
    axe_check(page)
    carol_user = User.objects.get(email="carol.jones@example.org")

    # The project lead posts an opportunity.
    switch_to(page, personas.leo)
    page.goto("/matching/")
    axe_check(page)
    page.get_by_role("button", name="Post an opportunity").click()
    axe_check(page)
    page.get_by_label("Project", exact=True).select_option(str(project.pk))
    page.get_by_label("Title").fill("Help redesign discharge planning")
    page.get_by_label("Project team member").check()
    start = datetime.date.today() + datetime.timedelta(days=20)
    page.locator("#id_start_date_0").fill(str(start.day))
    page.locator("#id_start_date_1").fill(str(start.month))
    page.locator("#id_start_date_2").fill(str(start.year))
    page.get_by_label("Hours a month").fill("3")
    page.get_by_label("In person or remote").check()
    page.get_by_label("How many people").fill("1")
    page.get_by_role("button", name="Post opportunity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Help redesign discharge planning")
    axe_check(page)
    # The lead sees suggestions by first name, with the experience that fits.
    page.get_by_role("button", name="See suggested people").click()
    axe_check(page)
    expect(page.locator("main")).to_contain_text("Lived experience")
    expect(page.locator("main")).to_contain_text("Carol")
    expect(page.locator("main")).not_to_contain_text("Carol Jones")

    # The coordinator sees Carol among the suggestions, with reasons, and invites her.
    switch_to(page, personas.cora)
    page.goto("/matching/")
    page.get_by_role("link", name="Help redesign discharge planning").click()
    page.get_by_role("button", name="See suggested people").click()
    axe_check(page)
    card = page.locator(".app-suggestion", has_text="Carol Jones")
    expect(card).to_contain_text("Has not been involved in a project yet")
    expect(card).to_contain_text("out of 100")
    card.get_by_role("checkbox").check()
    page.get_by_label("A note for them").fill("Your view as a carer would really help.")
    page.get_by_role("button", name="Invite the people selected").click()
    expect(page.locator("main")).to_contain_text("1 invitation has been sent")
    axe_check(page)

    # Carol signs in, sees the invitation in her own pages and accepts.
    switch_to(page, carol_user)
    page.goto("/pool/me/")
    axe_check(page)
    page.get_by_role("link", name="Help redesign discharge planning").click()
    axe_check(page)
    page.get_by_role("button", name="Send my reply").click()
    assert_error_summary(page, "Select yes or no")
    axe_check(page)
    page.get_by_label("Yes, I would like to take part").check()
    page.get_by_role("button", name="Send my reply").click()
    expect(page.locator("main")).to_contain_text(
        "You are now on the team for Calmer discharge from Willow Ward"
    )
    axe_check(page)
    page.get_by_role("link", name="My projects").click()
    expect(page.locator("main")).to_contain_text("Calmer discharge from Willow Ward")
    axe_check(page)

    # She is on the project team, and the lead now sees her contact details.
    switch_to(page, personas.leo)
    page.goto("/matching/?status=all")
    page.get_by_role("link", name="Help redesign discharge planning").click()
    axe_check(page)
    team = page.locator("table", has_text="Staff or patient or carer")
    expect(team).to_contain_text("Carol Jones")
    expect(page.locator("main")).to_contain_text("carol.jones@example.org")
    assert project.team.filter(pool_member=carol).exists()


def test_without_a_poster_a_carer_says_which_trust_and_hears_from_its_team(page, personas):
    personas.other_trust.team_phone = "0113 496 0202"
    personas.other_trust.save()

    # The installation serves two trusts, so the page asks which one's services she uses.
    page.goto("/pool/join/")
    question = page.get_by_role("group", name="Which NHS trust's services do you use?")
    expect(question).to_contain_text("If you are not sure, choose the one")
    axe_check(page)
    page.get_by_label("First name").fill("Carol")
    page.get_by_label("Carer", exact=True).check()
    page.get_by_label("Email address").fill("carol.jones@example.org")
    page.get_by_label("I agree that the involvement team can keep these details").check()
    page.get_by_role("button", name="Send").click()
    assert_error_summary(page, "Select the NHS trust whose services you use")
    axe_check(page)
    page.get_by_role("link", name="Select the NHS trust whose services you use").click()
    page.get_by_label(personas.other_trust.name).check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you, Carol")
    expect(page.locator("main")).to_contain_text("0113 496 0202")
    axe_check(page)
    assert PoolMember.objects.get(email="carol.jones@example.org").organisation == (
        personas.other_trust
    )


def test_the_coordinator_sees_checks_running_out_and_the_member_sees_their_own(page, personas):
    today = datetime.date.today()
    rita = PoolMemberFactory(
        organisation=personas.trust, user=personas.pat, first_name="Rita", last_name="Singh"
    )
    CheckFactory(member=rita, expires_on=today + datetime.timedelta(days=10))
    CheckFactory(
        member=rita, kind=CheckKind.REFERENCES, expires_on=today - datetime.timedelta(days=2)
    )

    # The coordinator finds the list from the pool, soonest first, and opens Rita's profile.
    switch_to(page, personas.cora)
    page.goto("/pool/")
    page.get_by_role("link", name="Checks running out (2)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Checks running out")
    rows = page.locator("tbody tr")
    expect(rows.nth(0)).to_contain_text("References")
    expect(rows.nth(0)).to_contain_text("Expired")
    expect(rows.nth(1)).to_contain_text("Runs out in 10 days")
    axe_check(page)
    rows.nth(1).get_by_role("link", name="Rita Singh").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rita Singh")
    expect(page.locator("main")).to_contain_text("Runs out in 10 days")
    axe_check(page)

    # The references were recorded by mistake: she corrects the date first, then removes them.
    page.get_by_role("link", name="Change References").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Correct a check")
    axe_check(page)
    page.get_by_role("link", name="Remove this check").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Remove the References")
    axe_check(page)
    page.get_by_role("button", name="Remove the check").click()
    expect(page.locator("main")).to_contain_text("The check has been removed")
    expect(page.locator("main")).not_to_contain_text("Expired")

    # Rita sees her own checks on her training page, and not the team's list.
    switch_to(page, personas.pat)
    page.goto("/pool/me/training/")
    expect(page.locator("main")).to_contain_text("Runs out in 10 days")
    axe_check(page)
    response = page.goto("/pool/checks/")
    assert response is not None and response.status == 403
