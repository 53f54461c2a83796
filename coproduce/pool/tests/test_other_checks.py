"""An "Other check" is named by the team, and is renewed only by a newer check of the same name,
so two different other checks never hide each other's reminders."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.pool import presenters, services
from coproduce.pool.models import Check, CheckKind
from coproduce.pool.tests.factories import CheckFactory, PoolMemberFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 2, 1)


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


def other(member, name: str, done: int, expires_in: int) -> Check:  # type: ignore[no-untyped-def]
    return CheckFactory(
        member=member,
        kind=CheckKind.OTHER,
        name=name,
        checked_on=day(done),
        expires_on=day(expires_in),
    )


@pytest.fixture
def rita(personas):  # type: ignore[no-untyped-def]
    return PoolMemberFactory(
        organisation=personas.trust, first_name="Rita", last_name="Singh", email="rita@example.org"
    )


def _form(kind: str, name: str = "") -> dict[str, str]:
    checked = timezone.localdate() - datetime.timedelta(days=10)
    expires = checked + datetime.timedelta(days=365)
    return {
        "kind": kind,
        "name": name,
        "checked_on_0": str(checked.day),
        "checked_on_1": str(checked.month),
        "checked_on_2": str(checked.year),
        "expires_on_0": str(expires.day),
        "expires_on_1": str(expires.month),
        "expires_on_2": str(expires.year),
        "reference": "",
    }


def test_two_different_other_checks_are_both_current_and_both_reminded(personas, rita):
    health = other(rita, "Occupational health clearance", done=-400, expires_in=7)
    driving = other(rita, "Driving licence check", done=-10, expires_in=30)

    assert set(services.current_checks().filter(member=rita)) == {health, driving}
    result = services.send_check_reminders(TODAY)

    assert result.checks == 2
    (note,) = [message for message in mail.outbox if message.to == ["rita@example.org"]]
    assert "Your Occupational health clearance runs out on 8 February 2027." in note.body
    assert "Your Driving licence check runs out on 3 March 2027." in note.body
    (summary,) = [message for message in mail.outbox if message.to == ["cora@example.org"]]
    assert "Occupational health clearance" in summary.body
    assert "Driving licence check" in summary.body


def test_a_newer_other_check_of_the_same_name_in_any_case_renews_the_older(personas, rita):
    old = other(rita, "Occupational health clearance", done=-400, expires_in=7)
    new = other(rita, "occupational Health clearance", done=-5, expires_in=360)

    assert list(services.current_checks().filter(member=rita)) == [new]
    assert services.send_check_reminders(TODAY).checks == 0
    rows = {row["check"]: row["state"] for row in presenters.checks(rita, TODAY)}
    assert rows[old] == "Renewed"
    assert rows[new] == "Current"


def test_a_named_kind_is_still_renewed_by_its_kind(personas, rita):
    old = CheckFactory(member=rita, kind=CheckKind.DBS, checked_on=day(-900), expires_on=day(7))
    CheckFactory(member=rita, kind=CheckKind.DBS, checked_on=day(-3), expires_on=day(1000))
    health = other(rita, "Occupational health clearance", done=-400, expires_in=7)

    current = set(services.current_checks().filter(member=rita))
    assert old not in current
    assert health in current


def test_the_team_records_an_other_check_by_name_and_sees_the_name(client, personas, rita):
    client.force_login(personas.cora)
    url = reverse("pool:check-new", args=[rita.pk])

    response = client.post(url, _form(CheckKind.OTHER, "  Occupational   health clearance "))

    assert response.status_code == 302
    check = Check.objects.get(member=rita)
    assert check.name == "Occupational health clearance"
    assert check.title == "Occupational health clearance"
    event = AuditEvent.objects.get(action="pool.check_recorded")
    assert event.changes["check"] == [None, "Occupational health clearance"]
    page = client.get(reverse("pool:member-detail", args=[rita.pk])).content.decode()
    assert "Occupational health clearance" in page


def test_an_other_check_without_a_name_is_refused_and_nothing_is_saved(client, personas, rita):
    client.force_login(personas.cora)
    url = reverse("pool:check-new", args=[rita.pk])

    response = client.post(url, _form(CheckKind.OTHER, "   "))

    assert response.status_code == 200
    page = response.content.decode()
    assert "nhsuk-error-summary" in page
    assert "Enter the name of the check, as it is an other check" in page
    assert not Check.objects.filter(member=rita).exists()
    assert not AuditEvent.objects.filter(action="pool.check_recorded").exists()


def test_a_name_given_with_a_named_kind_is_not_kept(client, personas, rita):
    client.force_login(personas.cora)
    client.post(reverse("pool:check-new", args=[rita.pk]), _form(CheckKind.DBS, "Something"))
    check = Check.objects.get(member=rita)
    assert (check.name, check.title) == ("", "DBS check")


def test_correcting_the_name_is_audited_and_shown_on_the_change_form(client, personas, rita):
    check = other(rita, "Occupational health", done=-400, expires_in=90)
    client.force_login(personas.cora)
    url = reverse("pool:check-change", args=[rita.pk, check.pk])
    assert 'value="Occupational health"' in client.get(url).content.decode()

    answers = _form(CheckKind.OTHER, "Occupational health clearance")
    for part, value in zip(
        ("0", "1", "2"),
        (check.checked_on.day, check.checked_on.month, check.checked_on.year),
        strict=True,
    ):
        answers[f"checked_on_{part}"] = str(value)
    for part, value in zip(
        ("0", "1", "2"),
        (check.expires_on.day, check.expires_on.month, check.expires_on.year),
        strict=True,
    ):
        answers[f"expires_on_{part}"] = str(value)
    answers["reference"] = check.reference
    response = client.post(url, answers)

    assert response.status_code == 302
    check.refresh_from_db()
    assert check.name == "Occupational health clearance"
    event = AuditEvent.objects.get(action="pool.check_corrected")
    assert event.changes["name"] == ["Occupational health", "Occupational health clearance"]
    assert set(event.changes) == {"check", "name"}


def test_the_team_summary_goes_to_the_trusts_own_address_when_it_has_no_coordinator(personas, rita):
    personas.cora.role_grants.all().delete()
    personas.trust.team_email = "involvement@trust.example.org"
    personas.trust.save()
    other(rita, "Occupational health clearance", done=-400, expires_in=7)

    result = services.send_check_reminders(TODAY)

    assert (result.team_summaries, result.organisations_without_team) == (1, 0)
    (summary,) = [m for m in mail.outbox if m.to == ["involvement@trust.example.org"]]
    assert "Rita Singh" in summary.body
