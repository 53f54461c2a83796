"""In an installation serving several trusts, the join page asks which trust's services a person
uses, unless a poster's link names it, so each enquiry reaches the right trust's team."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.organisations.tests.factories import OrganisationFactory
from coproduce.pool.models import PoolMember
from coproduce.pool.tests.test_join import answers

pytestmark = pytest.mark.django_db

JOIN = reverse("pool:join")
QUESTION = "Which NHS trust&#39;s services do you use?"
HINT = "If you are not sure, choose the one whose services you use most."
MISSING = "Select the NHS trust whose services you use"


def _only_one_trust(personas) -> None:  # type: ignore[no-untyped-def]
    personas.olga.delete()
    personas.other_trust.delete()


def _nothing_saved() -> None:
    assert not PoolMember.objects.exists()
    assert not AuditEvent.objects.filter(action="pool.enquiry_received").exists()
    assert not mail.outbox


def test_with_one_trust_there_is_no_question_and_the_enquiry_is_filed_there(client, personas):
    _only_one_trust(personas)
    page = client.get(JOIN).content.decode()
    assert QUESTION not in page and 'name="organisation"' not in page
    assert personas.trust.name in page
    assert client.post(JOIN, answers()).status_code == 302
    assert PoolMember.objects.get().organisation == personas.trust


def test_a_demo_trust_beside_a_real_one_is_not_a_choice(client, personas):
    _only_one_trust(personas)
    OrganisationFactory(name="Demo Trust", is_demo=True)
    assert QUESTION not in client.get(JOIN).content.decode()
    client.post(JOIN, answers())
    assert PoolMember.objects.get().organisation == personas.trust


def test_in_a_demo_installation_the_enquiry_goes_to_the_demo_trust(client, db):
    demo = OrganisationFactory(name="Demo Trust", is_demo=True)
    assert QUESTION not in client.get(JOIN).content.decode()
    client.post(JOIN, answers())
    assert PoolMember.objects.get().organisation == demo


def test_with_two_trusts_the_question_lists_both_with_a_hint(client, personas):
    OrganisationFactory(name="Demo Trust", is_demo=True)
    page = client.get(JOIN).content.decode()
    assert QUESTION in page and HINT in page
    assert f'value="{personas.trust.pk}"' in page and personas.trust.name in page
    assert f'value="{personas.other_trust.pk}"' in page and personas.other_trust.name in page
    assert "Demo Trust" not in page
    # No trust is named above the heading while the person is asked which.
    assert "nhsuk-caption-l" not in page


def test_with_two_trusts_a_missing_answer_is_an_error_and_nothing_is_saved(client, personas):
    response = client.post(JOIN, answers())
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in body and "There is a problem" in body
    summary = body.split("nhsuk-error-summary__list")[1].split("</ul>")[0]
    assert 'href="#id_organisation"' in summary and MISSING in summary
    assert body.count(MISSING) == 2  # in the summary and beside the question
    _nothing_saved()


@pytest.mark.parametrize("chosen", ["trust", "other_trust"])
def test_the_enquiry_is_filed_under_the_trust_chosen(client, personas, chosen):
    trust = getattr(personas, chosen)
    assert client.post(JOIN, answers(organisation=trust.pk)).status_code == 302
    member = PoolMember.objects.get()
    assert member.organisation == trust and member.source_service is None
    assert AuditEvent.objects.get(action="pool.enquiry_received").organisation_id == trust.pk


def test_the_choice_is_kept_when_other_answers_need_correcting(client, personas):
    body = client.post(
        JOIN, answers(organisation=personas.other_trust.pk, first_name="")
    ).content.decode()
    assert "Enter your first name" in body and MISSING not in body
    assert re.search(rf'value="{personas.other_trust.pk}"\s+checked', body)
    assert not re.search(rf'value="{personas.trust.pk}"\s+checked', body)
    _nothing_saved()


def test_a_poster_link_names_the_trust_and_no_question_is_asked(client, personas):
    url = f"{JOIN}?service={personas.service.pk}"
    page = client.get(url).content.decode()
    assert QUESTION not in page and 'name="organisation"' not in page
    # Even an answer sent by hand for another trust does not move a poster's enquiry.
    client.post(url, answers(organisation=personas.other_trust.pk))
    member = PoolMember.objects.get()
    assert member.organisation == personas.trust and member.source_service == personas.service


@pytest.mark.parametrize("tampered", ["999999", "abc", "demo", "-1"])
def test_a_trust_that_is_not_a_choice_is_refused_and_nothing_is_saved(client, personas, tampered):
    if tampered == "demo":
        tampered = str(OrganisationFactory(name="Demo Trust", is_demo=True).pk)
    body = client.post(JOIN, answers(organisation=tampered)).content.decode()
    assert "<title>Error: " in body and MISSING in body
    _nothing_saved()
