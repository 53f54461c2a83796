"""Anyone can ask for support; signed-in people pick their project."""

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.projects.models import Project
from coproduce.support.models import RequestStatus, SupportRequest

pytestmark = pytest.mark.django_db

VISITOR = {
    "name": "Sam Visitor",
    "email": "Sam.Visitor@Example.org",
    "phone": "07700 900123",
    "requester_role": "staff",
    "project_description": "Reducing restraint on Willow Ward",
    "help_wanted": ["call", "finding_people"],
    "availability": "Tuesday afternoons",
    "consent_to_contact": "on",
}


@pytest.fixture
def project(personas):  # type: ignore[no-untyped-def]
    return Project.objects.create(
        organisation=personas.trust,
        directorate=personas.directorate,
        title="Safer discharge",
        lead=personas.leo,
        start_date="2026-01-05",
    )


def test_a_visitor_asks_without_an_account_and_both_sides_are_emailed(
    client, personas, django_capture_on_commit_callbacks
):
    url = reverse("support:request-new")
    page = client.get(url)
    assert page.status_code == 200
    assert b"involvement@example.org" in page.content  # the team's details are on the page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**VISITOR, "organisation": personas.trust.pk})
    assert response["Location"] == reverse("support:request-sent")
    item = SupportRequest.objects.get()
    assert item.organisation == personas.trust
    assert item.requester is None and item.email == "sam.visitor@example.org"
    assert item.help_wanted == ["call", "finding_people"]
    assert item.status == RequestStatus.NEW
    assert {m.to[0] for m in mail.outbox} == {"sam.visitor@example.org", "involvement@example.org"}
    sent = client.get(reverse("support:request-sent"))
    assert item.reference.encode() in sent.content
    assert AuditEvent.objects.filter(action="support.request_received").exists()


def test_a_request_needs_consent_and_says_what_is_missing(client, personas):
    response = client.post(
        reverse("support:request-new"),
        {"organisation": personas.trust.pk, "help_wanted": ["other"], "email": "not-an-email"},
    )
    content = response.content.decode()
    assert "Error: Ask for support with involvement" in content
    for message in (
        "Enter your name",
        "Enter an email address in the correct format, like name@example.org",
        "Select whether you are staff, a patient or a carer",
        "Tell us what else would help",
        "Tell us when suits you for us to get in touch",
        "Confirm that the involvement team may contact you about this request",
    ):
        assert message in content, message
    assert not SupportRequest.objects.exists()


def test_a_signed_in_lead_picks_their_project_prefilled_from_the_link(client, personas, project):
    client.force_login(personas.leo)
    url = reverse("support:request-new") + f"?project={project.pk}"
    page = client.get(url).content.decode()
    assert f'<option value="{project.pk}" selected' in page
    assert "Your email address" not in page  # we know who they are
    response = client.post(
        url,
        {
            "requester_role": "staff",
            "project": str(project.pk),
            "help_wanted": ["training"],
            "availability": "Any time",
            "consent_to_contact": "on",
        },
    )
    assert response.status_code == 302
    item = SupportRequest.objects.get()
    assert item.project == project and item.requester == personas.leo
    assert item.email == personas.leo.email and item.organisation == personas.trust


def test_another_trusts_project_cannot_be_prefilled_or_chosen(client, personas, project):
    client.force_login(personas.olga)
    page = client.get(reverse("support:request-new") + f"?project={project.pk}").content.decode()
    assert "Safer discharge" not in page
    response = client.post(
        reverse("support:request-new"),
        {
            "requester_role": "staff",
            "project": str(project.pk),
            "help_wanted": ["call"],
            "availability": "Any time",
            "consent_to_contact": "on",
        },
    )
    assert "Select a valid choice" in response.content.decode() or response.status_code == 200
    assert not SupportRequest.objects.exists()


def test_visitors_are_not_shown_a_trusts_projects(client, personas, project):
    page = client.get(reverse("support:request-new") + f"?project={project.pk}").content.decode()
    assert "Safer discharge" not in page


def test_visitors_choose_among_the_real_trusts_and_not_a_demo_one(client, personas):
    from coproduce.organisations.tests.factories import OrganisationFactory

    demo = OrganisationFactory(name="Demo Trust", is_demo=True)
    url = reverse("support:request-new")
    page = client.get(url).content.decode()
    assert personas.trust.name in page and personas.other_trust.name in page
    assert "Demo Trust" not in page
    refused = client.post(url, {**VISITOR, "organisation": demo.pk}).content.decode()
    assert "Select the NHS trust" in refused and "<title>Error: " in refused
    assert not SupportRequest.objects.exists()


def test_with_one_real_trust_beside_a_demo_one_a_visitor_is_not_asked(client, personas):
    from coproduce.organisations.tests.factories import OrganisationFactory

    personas.olga.delete()
    personas.other_trust.delete()
    OrganisationFactory(name="Demo Trust", is_demo=True)
    url = reverse("support:request-new")
    assert "Which NHS trust is it about?" not in client.get(url).content.decode()
    client.post(url, VISITOR)
    assert SupportRequest.objects.get().organisation == personas.trust
