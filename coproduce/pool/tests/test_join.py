import pytest
from django.core import mail
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.pages.views import PRIVACY_NOTICE_VERSION
from coproduce.pool.models import MemberStatus, PoolMember

pytestmark = pytest.mark.django_db

JOIN = reverse("pool:join")


def answers(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "first_name": " Carol ",
        "last_name": "Jones",
        "email": "Carol.Jones@Example.org",
        "phone": "",
        "kind": "carer",
        "wants_to_do": ["team_member", "reviewer"],
        "about_me": "I care for my son and want discharge to go better.",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_anyone_can_open_the_join_page_without_signing_in(client, personas):
    response = client.get(JOIN)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Get involved in improving services" in body
    assert 'id="main-form"' in body


def test_expressing_interest_records_an_enquiry_with_consent_and_the_poster_service(
    client, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{JOIN}?service={personas.service.pk}", answers())
    assert response.status_code == 302
    assert response["Location"] == reverse("pool:join-done")
    member = PoolMember.objects.get()
    assert member.first_name == "Carol"
    assert member.email == "carol.jones@example.org"
    assert member.status == MemberStatus.ENQUIRY
    assert member.organisation == personas.trust
    assert member.source_service == personas.service
    assert member.privacy_notice_version == PRIVACY_NOTICE_VERSION
    assert member.consented_at is not None
    assert member.wants_to_do == ["team_member", "reviewer"]
    assert member.status_changes.get().to_status == MemberStatus.ENQUIRY
    assert AuditEvent.objects.filter(action="pool.enquiry_received").count() == 1
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "Someone would like to join the involvement pool",
        "Thank you for your interest in getting involved",
    ]
    thanks = next(m for m in mail.outbox if m.to == ["carol.jones@example.org"])
    assert "Hello Carol," in thanks.body
    assert "&#" not in thanks.body
    assert "Thank you, Carol" in client.get(reverse("pool:join-done")).content.decode()


def test_the_poster_service_is_kept_when_the_form_comes_back_with_errors(client, personas):
    response = client.get(f"{JOIN}?service={personas.service.pk}")
    assert f'name="service" value="{personas.service.pk}"' in response.content.decode()
    client.post(JOIN, answers(service=str(personas.service.pk)))
    assert PoolMember.objects.get().source_service == personas.service


@pytest.mark.parametrize("service", ["abc", "999999", ""])
def test_an_unknown_service_in_the_link_is_ignored(client, personas, service):
    client.post(f"{JOIN}?service={service}", answers(organisation=personas.trust.pk))
    assert PoolMember.objects.get().source_service is None


def test_consent_is_required_and_nothing_is_saved_without_it(client, personas):
    response = client.post(JOIN, answers(consent=""))
    body = response.content.decode()
    assert "Tick the box to agree that we can keep your details" in body
    assert "<title>Error: " in body
    assert not PoolMember.objects.exists()
    assert not mail.outbox


def test_a_way_to_contact_them_is_required(client, personas):
    body = client.post(JOIN, answers(email="", phone="")).content.decode()
    assert "Enter an email address or a phone number so we can reply" in body
    assert not PoolMember.objects.exists()


def test_each_missing_answer_gets_its_own_message(client, personas):
    body = client.post(JOIN, answers(first_name="", kind="", email="not-an-email")).content.decode()
    assert "Enter your first name" in body
    assert "Select whether you are a patient, a carer or both" in body
    assert "Enter an email address in the correct format" in body
    assert not PoolMember.objects.exists()
