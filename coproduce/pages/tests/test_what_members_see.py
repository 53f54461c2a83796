"""A patient or carer from the pool sees only what a member needs: no staff tools on their
pages, and none at their addresses either; a waiting invitation comes first on their home page."""

import datetime

import pytest
from django.urls import reverse

from coproduce.api.models import ApiToken
from coproduce.matching import services as matching
from coproduce.matching.models import InvitationStatus
from coproduce.matching.tests.factories import InvitationFactory, OpportunityFactory
from coproduce.pool.tests.factories import CheckFactory, member_for
from coproduce.projects import services as project_services
from coproduce.projects.tests.factories import make_project
from coproduce.support.models import SupportRequest
from coproduce.training.tests.factories import CourseFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pat_member(personas):  # type: ignore[no-untyped-def]
    return member_for(personas.pat)


# Downloads of lists --------------------------------------------------------------------------


def test_a_member_is_offered_no_downloads_on_the_training_page_and_gets_none(
    client, personas, pat_member
):
    SessionFactory(course=CourseFactory(organisation=personas.trust, title="QI basics"))
    client.force_login(personas.pat)
    page = client.get(reverse("training:course-list")).content.decode()
    assert "QI basics" in page
    assert "/imports/download/" not in page and "Excel" not in page
    for file_format in ("csv", "xlsx"):
        url = reverse("imports:download", args=["training", file_format])
        assert client.get(url).status_code == 403
    # Staff who see the same page are offered both, and get them.
    client.force_login(personas.sam)
    page = client.get(reverse("training:course-list")).content.decode()
    assert reverse("imports:download", args=["training", "csv"]) in page
    assert client.get(reverse("imports:download", args=["training", "xlsx"])).status_code == 200


# API tokens ----------------------------------------------------------------------------------


def test_a_member_is_not_offered_api_tokens_and_cannot_make_one(client, personas, pat_member):
    client.force_login(personas.pat)
    account = client.get(reverse("accounts:my-account")).content.decode()
    assert "Change your password" in account
    assert reverse("api-tokens:list") not in account and "API tokens" not in account
    assert client.get(reverse("api-tokens:list")).status_code == 403
    assert client.post(reverse("api-tokens:list"), {"name": "Mine"}).status_code == 403
    assert not ApiToken.objects.exists()
    # Staff and finance keep them.
    for person in (personas.leo, personas.fin):
        client.force_login(person)
        assert (
            reverse("api-tokens:list")
            in client.get(reverse("accounts:my-account")).content.decode()
        )
        assert client.get(reverse("api-tokens:list")).status_code == 200


def test_a_member_may_still_revoke_a_token_of_their_own(client, personas, pat_member):
    token, _ = ApiToken.issue(personas.pat, "Made before tokens were for staff")
    client.force_login(personas.pat)
    client.post(reverse("api-tokens:revoke", args=[token.pk]))
    token.refresh_from_db()
    assert not token.is_active


# Support ---------------------------------------------------------------------------------------


def test_the_support_card_and_form_offer_a_member_what_a_member_may_need(
    client, personas, pat_member
):
    mine = make_project(personas, title="Kinder ward rounds")
    make_project(personas, title="A staff-only project")
    project_services.add_team_member(
        mine, pool_member=pat_member, joined_on=datetime.date(2025, 2, 1), by=personas.leo
    )
    client.force_login(personas.pat)
    home = client.get("/").content.decode()
    assert reverse("support:request-new") in home
    assert "finding patients and carers" not in home
    form = client.get(reverse("support:request-new")).content.decode()
    assert "Finding patients and carers to involve" not in form
    assert "Advice on paying patients and carers" not in form
    assert "A video call with someone from the involvement team" in form
    # Their own projects, not the trust's list.
    assert "Kinder ward rounds" in form and "A staff-only project" not in form

    response = client.post(
        reverse("support:request-new"),
        {
            "requester_role": "patient",
            "project": "not_listed",
            "help_wanted": ["finding_people"],
            "availability": "Mornings",
            "consent_to_contact": "on",
        },
    )
    assert "Select the help you would like from the list" in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_staff_are_still_offered_help_with_their_projects(client, personas):
    make_project(personas, title="A staff-only project")
    client.force_login(personas.leo)
    home = client.get("/").content.decode()
    assert "help finding patients and carers" in home
    form = client.get(reverse("support:request-new")).content.decode()
    assert "Finding patients and carers to involve" in form
    assert "A staff-only project" in form


# Training in one place -------------------------------------------------------------------------


def test_a_member_has_one_training_page_among_their_own_pages(client, personas, pat_member):
    CheckFactory(member=pat_member, reference="PAT-REF")
    client.force_login(personas.pat)
    home = client.get("/").content.decode()
    assert home.count(reverse("training:my-training")) == 0  # reached from "My involvement"
    assert "Your training" not in home
    assert reverse("training:course-list") in home  # finding a course stays on offer
    involvement = client.get(reverse("pool:my-involvement")).content.decode()
    assert f'href="{reverse("training:my-training")}">My training</a>' in involvement

    old = client.get("/pool/me/training/")
    assert old.status_code == 301 and old["Location"] == reverse("training:my-training")
    page = client.get(reverse("training:my-training")).content.decode()
    assert "<h1>My training</h1>" in page
    assert "DBS check" in page  # their checks, as the old page showed
    assert 'aria-label="Your pages"' in page


def test_staff_keep_their_training_page_without_a_members_menu(client, personas):
    client.force_login(personas.sam)
    assert "Your training" in client.get("/").content.decode()
    page = client.get(reverse("training:my-training")).content.decode()
    assert "<h1>Your training</h1>" in page
    assert "<h2>Checks</h2>" not in page and 'aria-label="Your pages"' not in page


# Invitations first ----------------------------------------------------------------------------


def test_a_waiting_invitation_comes_first_on_a_members_home_page(client, personas, pat_member):
    project = make_project(personas, title="Kinder ward rounds")
    waiting = InvitationFactory(
        opportunity=OpportunityFactory(project=project, title="Shape the new ward round"),
        member=pat_member,
    )
    answered = InvitationFactory(
        opportunity=OpportunityFactory(project=project, title="Review the leaflet"),
        member=pat_member,
    )
    matching.reply(answered, accept=False, reason="", by=personas.pat)
    carl = member_for(personas.carl)
    InvitationFactory(
        opportunity=OpportunityFactory(project=project, title="Someone else's invitation"),
        member=carl,
    )
    client.force_login(personas.pat)
    home = client.get("/").content.decode()
    assert "You have an invitation waiting for your reply" in home
    link = reverse("pool:my-invitation", args=[waiting.pk])
    assert link in home
    assert home.index(link) < home.index("What would you like to do?")
    assert "Review the leaflet" not in home and "Someone else's invitation" not in home

    waiting.status = InvitationStatus.WITHDRAWN
    waiting.save()
    home = client.get("/").content.decode()
    assert "waiting for your reply" not in home


def test_staff_home_pages_have_no_invitations_section(client, personas):
    client.force_login(personas.cora)
    home = client.get("/").content.decode()
    assert "waiting for your reply" not in home
