"""Support requests, and reminders about them, go to the involvement team of the request's own
trust, and the pages show that trust's team once it is known."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coproduce.organisations.models import Organisation
from coproduce.organisations.tests.teams import TeamContacts
from coproduce.support import services
from coproduce.support.models import SupportRequest
from coproduce.support.tests.factories import SupportRequestFactory
from coproduce.support.tests.test_asking import VISITOR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fallback_team")]

NEW = reverse("support:request-new")


def _team_emails() -> list[list[str]]:
    return [m.to for m in mail.outbox if m.subject.startswith("New support request")]


def test_a_visitors_request_for_one_trust_goes_to_that_trusts_team_only(
    client, two_teams, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW, {**VISITOR, "organisation": two_teams.other_trust.pk})
    assert SupportRequest.objects.get().organisation == two_teams.other_trust
    assert _team_emails() == [[TeamContacts.B_EMAIL]]
    everyone = {address for message in mail.outbox for address in message.to}
    assert TeamContacts.A_EMAIL not in everyone and TeamContacts.FALLBACK_EMAIL not in everyone
    received = next(m for m in mail.outbox if m.to == ["sam.visitor@example.org"])
    assert TeamContacts.B_EMAIL in received.body and TeamContacts.B_PHONE in received.body
    assert TeamContacts.A_PHONE not in received.body
    sent = client.get(reverse("support:request-sent")).content.decode()
    assert (
        TeamContacts.B_PHONE in sent
        and TeamContacts.A_PHONE not in sent
        and TeamContacts.FALLBACK_PHONE not in sent
    )


def test_a_signed_in_persons_request_goes_to_their_own_trusts_team_only(
    client, two_teams, django_capture_on_commit_callbacks
):
    client.force_login(two_teams.leo)
    page = client.get(NEW).content.decode()
    assert TeamContacts.A_PHONE in page and TeamContacts.B_PHONE not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            NEW,
            {
                "requester_role": "staff",
                "project": "not_listed",
                "project_description": "Safer discharge",
                "help_wanted": ["call"],
                "availability": "Mornings",
                "consent_to_contact": "on",
            },
        )
    assert SupportRequest.objects.get().organisation == two_teams.trust
    assert _team_emails() == [[TeamContacts.A_EMAIL]]


def test_before_choosing_a_trust_a_visitor_sees_the_installations_team(client, two_teams):
    page = client.get(NEW).content.decode()
    assert (
        TeamContacts.FALLBACK_PHONE in page
        and TeamContacts.A_PHONE not in page
        and TeamContacts.B_PHONE not in page
    )
    # Once chosen, the trust's own team is shown, even while other answers need correcting.
    again = client.post(NEW, {"organisation": two_teams.other_trust.pk}).content.decode()
    assert "There is a problem" in again
    assert TeamContacts.B_PHONE in again and TeamContacts.FALLBACK_PHONE not in again


def test_with_only_one_trust_a_visitor_sees_its_team_from_the_start(client, personas):
    Organisation.objects.filter(pk=personas.trust.pk).update(team_phone=TeamContacts.A_PHONE)
    personas.olga.delete()
    personas.other_trust.delete()
    assert TeamContacts.A_PHONE in client.get(NEW).content.decode()


def test_with_nothing_set_a_request_goes_to_the_installations_address(
    client, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW, {**VISITOR, "organisation": personas.trust.pk})
    assert _team_emails() == [[TeamContacts.FALLBACK_EMAIL]]
    assert (
        TeamContacts.FALLBACK_PHONE in client.get(reverse("support:request-sent")).content.decode()
    )


def test_each_trusts_team_is_reminded_only_about_its_own_waiting_requests(two_teams):
    long_ago = timezone.now() - datetime.timedelta(days=3)
    for organisation, name in (
        (two_teams.trust, "Riverside Asker"),
        (two_teams.other_trust, "Elsewhere Asker"),
    ):
        item = SupportRequestFactory(organisation=organisation, name=name)
        SupportRequest.objects.filter(pk=item.pk).update(created_at=long_ago)
    assert services.send_waiting_reminders() == 2
    by_team = {tuple(m.to): m.body for m in mail.outbox}
    assert set(by_team) == {(TeamContacts.A_EMAIL,), (TeamContacts.B_EMAIL,)}
    assert "Riverside Asker" in by_team[(TeamContacts.A_EMAIL,)]
    assert "Elsewhere Asker" not in by_team[(TeamContacts.A_EMAIL,)]
    assert "Elsewhere Asker" in by_team[(TeamContacts.B_EMAIL,)]
    assert "Riverside Asker" not in by_team[(TeamContacts.B_EMAIL,)]


def test_with_nothing_set_reminders_go_to_the_installations_address(personas):
    item = SupportRequestFactory(organisation=personas.trust)
    SupportRequest.objects.filter(pk=item.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    services.send_waiting_reminders()
    assert [m.to for m in mail.outbox] == [[TeamContacts.FALLBACK_EMAIL]]
