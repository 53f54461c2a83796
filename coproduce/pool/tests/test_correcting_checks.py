"""The involvement team puts right a check recorded with a mistake, or removes one recorded by
mistake; both are audited, and nobody else can do either."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.pool import services
from coproduce.pool.models import Check, ReminderStage
from coproduce.pool.tests.factories import CheckFactory, PoolMemberFactory

pytestmark = pytest.mark.django_db


def _dates(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def _answers(check: Check, **changes: object) -> dict[str, str]:
    values = {
        "kind": check.kind,
        "checked_on": check.checked_on,
        "expires_on": check.expires_on,
        "reference": check.reference,
        **changes,
    }
    return {
        "kind": str(values["kind"]),
        **_dates("checked_on", values["checked_on"]),  # type: ignore[arg-type]
        **_dates("expires_on", values["expires_on"]),  # type: ignore[arg-type]
        "reference": str(values["reference"]),
    }


@pytest.fixture
def check(personas):  # type: ignore[no-untyped-def]
    member = PoolMemberFactory(organisation=personas.trust, first_name="Rita", last_name="Singh")
    return CheckFactory(member=member, reference="001234567890")


def test_the_team_corrects_a_date_and_reminders_follow_the_new_date(client, personas, check):
    Check.objects.filter(pk=check.pk).update(
        reminder_stage=ReminderStage.DAYS_60, last_reminded_on=timezone.localdate()
    )
    later = timezone.localdate() + datetime.timedelta(days=400)
    client.force_login(personas.cora)
    page = client.get(reverse("pool:member-detail", args=[check.member.pk])).content.decode()
    change_url = reverse("pool:check-change", args=[check.member.pk, check.pk])
    assert change_url in page
    form = client.get(change_url).content.decode()
    assert "Correct a check" in form and 'value="001234567890"' in form

    response = client.post(change_url, _answers(check, expires_on=later))

    assert response.status_code == 302
    check.refresh_from_db()
    assert check.expires_on == later
    assert check.reminder_stage == ReminderStage.NONE and check.last_reminded_on is None
    event = AuditEvent.objects.get(action="pool.check_corrected")
    assert event.target_id == str(check.member.pk)
    assert event.changes["expires_on"][1] == later.isoformat()
    assert event.actor == personas.cora


def test_a_corrected_date_already_past_owes_no_reminder(personas, check):
    past = timezone.localdate() - datetime.timedelta(days=3)
    services.correct_check(
        check,
        kind=check.kind,
        checked_on=check.checked_on,
        expires_on=past,
        reference=check.reference,
        by=personas.cora,
    )
    check.refresh_from_db()
    assert check.reminder_stage == ReminderStage.EXPIRED


def test_the_reference_number_stays_out_of_the_audit_log(personas, check):
    changed = services.correct_check(
        check,
        kind=check.kind,
        checked_on=check.checked_on,
        expires_on=check.expires_on,
        reference="009999999999",
        by=personas.cora,
    )
    assert changed == ["reference"]
    event = AuditEvent.objects.get(action="pool.check_corrected")
    assert "009999999999" not in str(event.changes)
    assert "001234567890" not in str(event.changes)


def test_saving_without_changes_changes_nothing(client, personas, check):
    client.force_login(personas.cora)
    url = reverse("pool:check-change", args=[check.member.pk, check.pk])
    client.post(url, _answers(check))
    assert not AuditEvent.objects.filter(action="pool.check_corrected").exists()


def test_a_correction_with_a_mistake_is_shown_and_saves_nothing(client, personas, check):
    client.force_login(personas.cora)
    url = reverse("pool:check-change", args=[check.member.pk, check.pk])
    before = check.expires_on
    response = client.post(
        url, _answers(check, expires_on=check.checked_on - datetime.timedelta(days=1))
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in body
    assert "Date it runs out must be after the date of the check" in body
    check.refresh_from_db()
    assert check.expires_on == before


def test_the_team_removes_a_check_after_confirming(client, personas, check):
    client.force_login(personas.cora)
    url = reverse("pool:check-remove", args=[check.member.pk, check.pk])
    page = client.get(url).content.decode()
    assert "Remove the DBS check" in page
    assert Check.objects.filter(pk=check.pk).exists()  # looking does not remove it

    response = client.post(url)

    assert response.status_code == 302
    assert not Check.objects.filter(pk=check.pk).exists()
    event = AuditEvent.objects.get(action="pool.check_removed")
    assert event.changes["check"] == ["DBS check", None]


@pytest.mark.parametrize("who", ["leo", "sam", "fin", "pat", "carl", "olga", "alice"])
def test_nobody_else_can_correct_or_remove_a_check(client, personas, check, who):
    client.force_login(getattr(personas, who))
    for name in ("pool:check-change", "pool:check-remove"):
        url = reverse(name, args=[check.member.pk, check.pk])
        assert client.get(url).status_code in (403, 404)
        assert client.post(url, _answers(check, reference="X")).status_code in (403, 404)
    check.refresh_from_db()
    assert check.reference == "001234567890"
    assert not AuditEvent.objects.filter(action__startswith="pool.check_").exists()


def test_a_check_is_only_reached_through_its_own_member(client, personas, check):
    other = PoolMemberFactory(organisation=personas.trust)
    client.force_login(personas.cora)
    for name in ("pool:check-change", "pool:check-remove"):
        url = reverse(name, args=[other.pk, check.pk])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert Check.objects.filter(pk=check.pk).exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, check):
    url = reverse("pool:check-remove", args=[check.member.pk, check.pk])
    response = client.post(url)
    assert response.status_code == 302 and "sign-in" in response["Location"]
    assert Check.objects.filter(pk=check.pk).exists()
