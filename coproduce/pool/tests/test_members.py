import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import Role, User
from coproduce.audit.models import AuditEvent
from coproduce.pool.models import MemberStatus, OptionKind
from coproduce.pool.tests.factories import PoolMemberFactory, ProfileOptionFactory

pytestmark = pytest.mark.django_db


def status_form(to: str, reason: str = "Had a welcome chat", when: datetime.date | None = None):  # type: ignore[no-untyped-def]
    when = when or timezone.localdate()
    return {
        "to_status": to,
        "changed_on_0": when.day,
        "changed_on_1": when.month,
        "changed_on_2": when.year,
        "reason": reason,
    }


@pytest.fixture
def enquiry(personas):  # type: ignore[no-untyped-def]
    return PoolMemberFactory(
        organisation=personas.trust,
        first_name="Carol",
        last_name="Jones",
        email="carol.jones@example.org",
        status=MemberStatus.ENQUIRY,
    )


def test_the_coordinator_sees_the_pool_with_counts_and_filters(client, personas, enquiry):
    PoolMemberFactory(organisation=personas.trust, first_name="Zed", status=MemberStatus.PAUSED)
    PoolMemberFactory(organisation=personas.other_trust, first_name="Outsider")
    client.force_login(personas.cora)
    body = client.get(reverse("pool:list")).content.decode()
    assert "Carol Jones" in body and "Zed" in body
    assert "Outsider" not in body
    assert "Enquiry: 1" in body
    filtered = client.get(reverse("pool:list"), {"status": "paused"}).content.decode()
    assert "Zed" in filtered and "Carol Jones" not in filtered


def test_moving_an_enquiry_on_records_the_date_and_reason(client, personas, enquiry):
    client.force_login(personas.cora)
    response = client.post(
        reverse("pool:member-status", args=[enquiry.pk]), status_form("onboarding")
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == MemberStatus.ONBOARDING
    change = enquiry.status_changes.first()
    assert (change.from_status, change.to_status, change.reason) == (
        "enquiry",
        "onboarding",
        "Had a welcome chat",
    )
    assert change.changed_by == personas.cora
    event = AuditEvent.objects.get(action="pool.member_status_changed")
    assert event.changes["status"] == ["enquiry", "onboarding"]


def test_activation_creates_a_sign_in_and_emails_a_set_password_link(
    client, personas, enquiry, django_capture_on_commit_callbacks
):
    client.force_login(personas.cora)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pool:member-status", args=[enquiry.pk]), status_form("active"))
    enquiry.refresh_from_db()
    assert enquiry.status == MemberStatus.ACTIVE
    user = User.objects.get(email="carol.jones@example.org")
    assert enquiry.user == user
    assert user.organisation == personas.trust
    assert user.has_role(Role.POOL_MEMBER)
    assert not user.has_usable_password()
    [email] = mail.outbox
    assert email.to == ["carol.jones@example.org"]
    assert "/account/password-reset/" in email.body
    assert user.has_perm("pool.view_own_pages")


def test_activation_without_an_email_address_is_refused_and_changes_nothing(
    client, personas, enquiry
):
    enquiry.email = ""
    enquiry.save()
    client.force_login(personas.cora)
    body = client.post(
        reverse("pool:member-status", args=[enquiry.pk]), status_form("active")
    ).content.decode()
    assert "Add an email address for Carol before making them active" in body
    enquiry.refresh_from_db()
    assert enquiry.status == MemberStatus.ENQUIRY
    assert enquiry.user is None
    assert enquiry.status_changes.count() == 0


def test_only_allowed_moves_are_offered_and_others_are_refused(client, personas, enquiry):
    client.force_login(personas.cora)
    page = client.get(reverse("pool:member-status", args=[enquiry.pk])).content.decode()
    assert 'value="onboarding"' in page and 'value="paused"' not in page
    body = client.post(
        reverse("pool:member-status", args=[enquiry.pk]), status_form("paused")
    ).content.decode()
    assert "Select a valid choice" in body
    enquiry.refresh_from_db()
    assert enquiry.status == MemberStatus.ENQUIRY


def test_a_status_change_needs_a_reason_and_a_date_not_in_the_future(client, personas, enquiry):
    client.force_login(personas.cora)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    body = client.post(
        reverse("pool:member-status", args=[enquiry.pk]),
        status_form("onboarding", reason="", when=tomorrow),
    ).content.decode()
    assert "Enter a reason for the change" in body
    assert "Date of the change must be today or in the past" in body


def test_leaving_switches_off_their_sign_in(client, personas):
    member = PoolMemberFactory(organisation=personas.trust, user=personas.carl)
    client.force_login(personas.cora)
    client.post(reverse("pool:member-status", args=[member.pk]), status_form("left", "Moved away"))
    personas.carl.refresh_from_db()
    assert not personas.carl.is_active


def test_the_team_edits_a_profile_and_sensitive_values_stay_out_of_the_audit_log(client, personas):
    member = PoolMemberFactory(organisation=personas.trust)
    topic = ProfileOptionFactory(organisation=personas.trust, kind=OptionKind.TOPIC, name="Food")
    condition = ProfileOptionFactory(
        organisation=personas.trust, kind=OptionKind.CONDITION, name="Psychosis"
    )
    client.force_login(personas.cora)
    response = client.post(
        reverse("pool:member-edit", args=[member.pk]),
        {
            "first_name": member.first_name,
            "last_name": member.last_name,
            "email": member.email,
            "phone": "",
            "kind": "both",
            "topics": [topic.pk],
            "conditions": [condition.pk],
            "services_used": [personas.service.pk],
            "adjustments": "Needs a hearing loop",
            "available_days": ["mon"],
            "in_person": "on",
            "max_hours_per_month": "6",
            "payment_preference": "voucher",
            "declared_benefits": ["esa"],
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.adjustments == "Needs a hearing loop"
    assert list(member.topics.all()) == [topic]
    assert member.declared_benefits == ["esa"]
    assert f"t{topic.pk}" in member.match_terms.split()
    assert f"s{personas.service.pk}" in member.match_terms.split()
    assert "remote" not in member.match_terms.split()
    event = AuditEvent.objects.get(action="pool.profile_changed")
    assert "hearing loop" not in str(event.changes)
    assert event.changes["adjustments"] == ["(hidden)", "(hidden)"]
    assert event.changes["conditions"] == ["(hidden)", "(hidden)"]
    assert event.changes["payment_preference"] == ["paid", "voucher"]


def test_the_profile_needs_some_way_of_taking_part(client, personas):
    member = PoolMemberFactory(organisation=personas.trust)
    client.force_login(personas.cora)
    body = client.post(
        reverse("pool:member-edit", args=[member.pk]),
        {
            "first_name": "A",
            "kind": "patient",
            "max_hours_per_month": "abc",
            "payment_preference": "paid",
        },
    ).content.decode()
    assert "Select in person, online or both" in body
    assert "Most hours a month must be a whole number, like 8" in body


def test_recording_a_check_shows_its_expiry(client, personas):
    member = PoolMemberFactory(organisation=personas.trust)
    client.force_login(personas.cora)
    response = client.post(
        reverse("pool:check-new", args=[member.pk]),
        {
            "kind": "dbs",
            "checked_on_0": "1",
            "checked_on_1": "2",
            "checked_on_2": "2024",
            "expires_on_0": "1",
            "expires_on_1": "2",
            "expires_on_2": "2025",
            "reference": "001234",
        },
    )
    assert response.status_code == 302
    body = client.get(reverse("pool:member-detail", args=[member.pk])).content.decode()
    assert "DBS check" in body and "Expired" in body
    assert AuditEvent.objects.filter(action="pool.check_recorded").exists()


def test_a_check_cannot_run_out_before_it_was_done(client, personas):
    member = PoolMemberFactory(organisation=personas.trust)
    client.force_login(personas.cora)
    body = client.post(
        reverse("pool:check-new", args=[member.pk]),
        {
            "kind": "dbs",
            "checked_on_0": "1",
            "checked_on_1": "2",
            "checked_on_2": "2025",
            "expires_on_0": "1",
            "expires_on_1": "2",
            "expires_on_2": "2024",
        },
    ).content.decode()
    assert "Date it runs out must be after the date of the check" in body
    assert not member.checks.exists()


def test_the_team_manages_the_profile_lists(client, personas):
    client.force_login(personas.cora)
    client.post(reverse("pool:options"), {"kind": "topic", "name": "Medication"})
    body = client.post(
        reverse("pool:options"), {"kind": "topic", "name": "medication"}
    ).content.decode()
    assert "medication is already on this list" in body
    option = personas.trust.profile_options.get()
    client.post(reverse("pool:options"), {"toggle": option.pk})
    option.refresh_from_db()
    assert not option.is_active
