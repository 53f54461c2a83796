"""A request that comes second (a double click, a second tab, another approver a moment
earlier) is told what happened, on the claim's page, and changes nothing. Refusals stay for
people who may not act on the claim at all."""

import pytest
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.payments.models import Claim, ClaimStatus, Payment
from coproduce.payments.tests.conftest import receipt_pdf

pytestmark = pytest.mark.django_db


def _url(claim: Claim) -> str:
    return reverse("payments:claim-detail", kwargs={"pk": claim.pk})


def _actions(claim: Claim, action: str) -> int:
    return AuditEvent.objects.filter(action=action, target_id=str(claim.pk)).count()


APPROVE = {"action": "decide", "decision": "approve", "reason": ""}


def test_a_second_approver_is_told_who_approved_it_first(client, world):
    claim = world.submitted()
    client.force_login(world.personas.cora)
    assert client.post(_url(claim), APPROVE).status_code == 302
    client.force_login(world.personas.leo)
    response = client.post(_url(claim), APPROVE)
    assert response.status_code == 302
    assert response.url == _url(claim)
    page = client.get(response.url).content.decode()
    assert (
        "This claim is no longer waiting for approval: it has already been approved by Cora" in page
    )
    assert Payment.objects.filter(claim=claim).count() == 1
    assert _actions(claim, "payments.claim_approved") == 1


def test_approving_after_it_was_not_approved_says_so(client, world):
    claim = world.submitted()
    client.force_login(world.personas.cora)
    client.post(_url(claim), {"action": "decide", "decision": "reject", "reason": "Duplicate"})
    client.force_login(world.personas.leo)
    page = client.post(_url(claim), APPROVE, follow=True).content.decode()
    assert "Cora has already decided not to approve it" in page
    assert not Payment.objects.filter(claim=claim).exists()


def test_sending_a_claim_twice_says_it_was_sent_already(client, world):
    claim = world.claim()
    client.force_login(world.personas.pat)
    first = client.post(_url(claim), {"action": "submit"}, follow=True)
    assert "The claim has been sent for approval" in first.content.decode()
    second = client.post(_url(claim), {"action": "submit"})
    assert second.status_code == 302
    page = client.get(second.url).content.decode()
    assert "This claim has been sent for approval already" in page
    assert _actions(claim, "payments.claim_submitted") == 1


def test_changing_a_claim_that_was_sent_meanwhile_says_why_not(client, world):
    claim = world.claim()
    client.force_login(world.personas.pat)
    client.post(_url(claim), {"action": "submit"})
    for data in ({"action": "choice", "choice": "voucher"}, {"action": "decline"}):
        response = client.post(_url(claim), data)
        assert response.status_code == 302
        page = client.get(response.url).content.decode()
        assert "This claim has been sent already, so it cannot be changed" in page
    claim.refresh_from_db()
    assert (claim.status, claim.choice) == (ClaimStatus.SUBMITTED, "paid")
    new_expense = reverse("payments:expense-new", kwargs={"pk": claim.pk})
    response = client.post(
        new_expense, {"kind": "parking", "amount": "4.80", "receipt": receipt_pdf()}
    )
    assert response.status_code == 302
    assert "cannot be changed" in client.get(response.url).content.decode()
    assert not claim.expenses.exists()


def test_removing_an_expense_twice_removes_it_once(client, world):
    claim = world.claim()
    client.force_login(world.personas.pat)
    client.post(
        reverse("payments:expense-new", kwargs={"pk": claim.pk}),
        {"kind": "parking", "amount": "4.80", "receipt": receipt_pdf()},
    )
    expense = claim.expenses.get()
    remove = reverse("payments:expense-remove", kwargs={"pk": claim.pk, "expense_pk": expense.pk})
    assert client.post(remove).status_code == 302
    response = client.post(remove)
    assert response.status_code == 302
    assert "may have been removed already" in client.get(response.url).content.decode()
    assert _actions(claim, "payments.expense_removed") == 1


@pytest.mark.parametrize("who", ["pat", "fin", "sam"])
def test_people_who_may_not_decide_are_still_refused_whatever_the_state(client, world, who):
    claim = world.submitted()
    client.force_login(getattr(world.personas, who))
    assert client.post(_url(claim), APPROVE).status_code in (403, 404)
    world_claim = Claim.objects.get(pk=claim.pk)
    assert world_claim.status == ClaimStatus.SUBMITTED
    client.force_login(world.personas.cora)
    client.post(_url(claim), APPROVE)
    client.force_login(getattr(world.personas, who))
    assert client.post(_url(claim), APPROVE).status_code in (403, 404)


def test_the_person_who_sent_a_claim_may_not_decide_it_even_once_decided(client, world):
    claim = world.claim(by=world.personas.cora)
    client.force_login(world.personas.cora)
    client.post(_url(claim), {"action": "submit"})
    assert client.post(_url(claim), APPROVE).status_code == 403
    client.force_login(world.personas.leo)
    client.post(_url(claim), APPROVE)
    client.force_login(world.personas.cora)
    assert client.post(_url(claim), APPROVE).status_code == 403


@pytest.mark.parametrize("who", ["fin", "carl", "olga"])
def test_people_who_may_not_change_a_claim_are_still_refused_once_it_is_sent(client, world, who):
    claim = world.submitted()
    client.force_login(getattr(world.personas, who))
    assert client.post(_url(claim), {"action": "submit"}).status_code in (403, 404)
    assert client.post(_url(claim), {"action": "decline"}).status_code in (403, 404)
