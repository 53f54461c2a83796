"""A patient or carer who facilitates a session is logged for payment once, at the enhanced rate."""

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.audit.models import AuditEvent
from coproduce.payments.demo import load_policy
from coproduce.payments.models import Activity, ActivityType
from coproduce.pool.tests.factories import member_for
from coproduce.training import services
from coproduce.training.models import Completion, Facilitator
from coproduce.training.tests.factories import EnrolmentFactory, FacilitatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def co_facilitated(personas, past_session):  # type: ignore[no-untyped-def]
    """Sam (staff) and Carl (a carer in the pool) run the session; Pat is booked on it."""
    FacilitatorFactory(session=past_session, user=personas.sam)
    FacilitatorFactory(session=past_session, user=personas.carl)
    EnrolmentFactory(session=past_session, user=personas.pat)
    return past_session


def test_a_pool_member_who_facilitates_is_logged_once_at_the_enhanced_rate(
    personas, co_facilitated
):
    load_policy(personas.trust, by=personas.alice)
    carl = member_for(personas.carl)
    services.record_attendance(co_facilitated, attended_user_ids={personas.pat.pk}, by=personas.sam)
    activity = Activity.objects.get()
    assert activity.member == carl
    assert activity.activity_type.code == "enhanced"
    assert activity.source == "training"
    assert activity.duration_minutes == 120
    assert activity.activity_date == timezone.localdate(co_facilitated.starts_at)
    assert activity.logged_by == personas.sam
    facilitation = Facilitator.objects.get(user=personas.carl)
    assert facilitation.paid_activity_id == activity.pk
    # Sam is staff: not paid through Coproduce.
    assert Facilitator.objects.get(user=personas.sam).paid_activity_id is None
    assert AuditEvent.objects.filter(action="payments.activity_logged").count() == 1

    # Correcting attendance, or saving it again, never logs a second activity...
    services.record_attendance(co_facilitated, attended_user_ids=set(), by=personas.sam)
    services.record_attendance(co_facilitated, attended_user_ids={personas.pat.pk}, by=personas.sam)
    # ...even if the link to the activity were lost: the key comes from the facilitation.
    Facilitator.objects.filter(pk=facilitation.pk).update(paid_activity_id=None)
    services.record_attendance(co_facilitated, attended_user_ids={personas.pat.pk}, by=personas.sam)
    assert Activity.objects.count() == 1
    assert Facilitator.objects.get(pk=facilitation.pk).paid_activity_id == activity.pk
    assert AuditEvent.objects.filter(action="payments.activity_logged").count() == 1


def test_attendance_stands_when_the_policy_cannot_pay_for_facilitating(
    client, personas, co_facilitated
):
    load_policy(personas.trust, by=personas.alice)
    ActivityType.objects.filter(organisation=personas.trust, code="enhanced").update(
        code="chairing"
    )
    member_for(personas.carl)
    client.force_login(personas.sam)
    url = reverse("training:session-attendance", args=[co_facilitated.pk])
    response = client.post(url, {"attended": [str(personas.pat.pk)]}, follow=True)
    text = response.content.decode()
    assert "Attendance saved: 1 person completed" in text
    assert "Payment for facilitating was not logged for Carl Example" in text
    # The attendance and completion are kept; nothing is logged for payment.
    assert Completion.objects.filter(user=personas.pat).exists()
    assert not Activity.objects.exists()
    assert Facilitator.objects.get(user=personas.carl).paid_activity_id is None
    failure = AuditEvent.objects.get(action="training.facilitation_not_logged_for_payment")
    assert "enhanced" in str(failure.changes)

    # Once the policy has the activity type, saving attendance again logs it.
    ActivityType.objects.filter(organisation=personas.trust, code="chairing").update(
        code="enhanced"
    )
    response = client.post(url, {"attended": [str(personas.pat.pk)]}, follow=True)
    assert b"Payment for facilitating was not logged" not in response.content
    assert Activity.objects.get().member.user == personas.carl
    assert Completion.objects.filter(user=personas.pat).count() == 1


def test_staff_facilitators_are_not_logged_for_payment(personas, co_facilitated):
    load_policy(personas.trust, by=personas.alice)
    counts = services.record_attendance(
        co_facilitated, attended_user_ids={personas.pat.pk}, by=personas.cora
    )
    assert counts["not_logged_for_payment"] == []
    assert not Activity.objects.exists()
