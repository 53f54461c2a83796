"""Training emails and calendar files name the involvement team of the course's own trust."""

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.organisations.models import Organisation
from coproduce.organisations.tests.teams import TeamContacts
from coproduce.training import services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fallback_team")]


def test_booking_emails_and_calendar_files_name_the_courses_trusts_team(
    client, personas, upcoming, django_capture_on_commit_callbacks
):
    Organisation.objects.filter(pk=personas.trust.pk).update(team_email=TeamContacts.A_EMAIL)
    Organisation.objects.filter(pk=personas.other_trust.pk).update(
        team_email="team@elsewhere.example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.book(upcoming, personas.pat, by=personas.pat)
    assert TeamContacts.A_EMAIL in mail.outbox[0].body
    assert TeamContacts.FALLBACK_EMAIL not in mail.outbox[0].body
    assert "elsewhere" not in mail.outbox[0].body
    client.force_login(personas.pat)
    ics = client.get(reverse("training:session-calendar", args=[upcoming.pk])).content.decode()
    assert f"mailto:{TeamContacts.A_EMAIL}" in ics.replace("\r\n ", "")


def test_with_nothing_set_they_name_the_installations_team(
    client, personas, upcoming, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.book(upcoming, personas.pat, by=personas.pat)
    assert TeamContacts.FALLBACK_EMAIL in mail.outbox[0].body
    client.force_login(personas.pat)
    ics = client.get(reverse("training:session-calendar", args=[upcoming.pk])).content.decode()
    assert f"mailto:{TeamContacts.FALLBACK_EMAIL}" in ics.replace("\r\n ", "")
