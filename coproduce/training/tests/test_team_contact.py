"""Training emails and calendar files name the involvement team of the course's own trust."""

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.organisations.models import Organisation
from coproduce.training import services

pytestmark = pytest.mark.django_db

A_EMAIL = "team@riverside.example.org"
FALLBACK_EMAIL = "fallback@example.org"


@pytest.fixture(autouse=True)
def _fallback(settings):  # type: ignore[no-untyped-def]
    settings.INVOLVEMENT_TEAM_EMAIL = FALLBACK_EMAIL


def test_booking_emails_and_calendar_files_name_the_courses_trusts_team(
    client, personas, upcoming, django_capture_on_commit_callbacks
):
    Organisation.objects.filter(pk=personas.trust.pk).update(team_email=A_EMAIL)
    Organisation.objects.filter(pk=personas.other_trust.pk).update(
        team_email="team@elsewhere.example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.book(upcoming, personas.pat, by=personas.pat)
    assert A_EMAIL in mail.outbox[0].body
    assert FALLBACK_EMAIL not in mail.outbox[0].body
    assert "elsewhere" not in mail.outbox[0].body
    client.force_login(personas.pat)
    ics = client.get(reverse("training:session-calendar", args=[upcoming.pk])).content.decode()
    assert f"mailto:{A_EMAIL}" in ics.replace("\r\n ", "")


def test_with_nothing_set_they_name_the_installations_team(
    client, personas, upcoming, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.book(upcoming, personas.pat, by=personas.pat)
    assert FALLBACK_EMAIL in mail.outbox[0].body
    client.force_login(personas.pat)
    ics = client.get(reverse("training:session-calendar", args=[upcoming.pk])).content.decode()
    assert f"mailto:{FALLBACK_EMAIL}" in ics.replace("\r\n ", "")
