"""Who may see and do what with claims, batches and the policy: every denial, tested."""

from decimal import Decimal

import pytest
from django.urls import reverse

from coproduce.accounts.models import Role, RoleGrant
from coproduce.payments import services
from coproduce.payments.models import ClaimStatus, ExpenseKind, Payment
from coproduce.payments.tests.conftest import receipt_pdf
from coproduce.pool.tests.factories import PoolMemberFactory

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    "payments:claim-list",
    "payments:batch-list",
    "payments:policy-list",
    "payments:reports",
    "payments:activity-new",
]


@pytest.mark.parametrize("name", [*STAFF_PAGES, "payments:my-claims"])
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize(
    ("person", "name", "status"),
    [
        ("pat", "payments:claim-list", 403),
        ("sam", "payments:claim-list", 403),
        ("alice", "payments:claim-list", 403),
        ("cora", "payments:claim-list", 200),
        ("leo", "payments:claim-list", 200),
        ("fin", "payments:claim-list", 200),
        ("cora", "payments:batch-list", 403),
        ("leo", "payments:batch-list", 403),
        ("pat", "payments:batch-list", 403),
        ("fin", "payments:batch-list", 200),
        ("fin", "payments:policy-list", 403),
        ("cora", "payments:policy-list", 403),
        ("alice", "payments:policy-list", 200),
        ("pat", "payments:reports", 403),
        ("leo", "payments:reports", 403),
        ("fin", "payments:reports", 200),
        ("leo", "payments:activity-new", 403),
        ("fin", "payments:activity-new", 403),
        ("cora", "payments:activity-new", 200),
        ("cora", "payments:my-claims", 403),
        ("pat", "payments:my-claims", 200),
    ],
)
def test_pages_by_role(client, world, person, name, status):
    client.force_login(getattr(world.personas, person))
    assert client.get(reverse(name)).status_code == status


def test_a_pool_member_without_a_pool_record_cannot_claim(client, world):
    world.pat_member.user = None
    world.pat_member.save()
    client.force_login(world.personas.pat)
    assert client.get(reverse("payments:my-claims")).status_code == 403


def test_a_member_cannot_open_another_members_claim_by_guessing_its_address(client, world):
    carls = world.claim(world.carl_member)
    client.force_login(world.personas.pat)
    url = reverse("payments:claim-detail", kwargs={"pk": carls.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "decline"}).status_code == 404
    new_expense = reverse("payments:expense-new", kwargs={"pk": carls.pk})
    assert client.get(new_expense).status_code == 404
    start = reverse("payments:my-claim-start", kwargs={"activity_pk": carls.activity_id})
    assert client.post(start).status_code == 404
    carls.refresh_from_db()
    assert carls.status == ClaimStatus.DRAFT


def test_another_trust_gets_not_found_for_claims_and_batches(client, world):
    claim = world.approved()
    batch = services.create_batch(world.personas.trust, by=world.personas.fin)
    olga = world.personas.olga
    for role in (Role.INVOLVEMENT_TEAM, Role.FINANCE):
        RoleGrant.objects.create(user=olga, role=role)
    olga.forget_roles()
    client.force_login(olga)
    assert client.get(reverse("payments:claim-detail", kwargs={"pk": claim.pk})).status_code == 404
    assert client.get(reverse("payments:batch-detail", kwargs={"pk": batch.pk})).status_code == 404
    export = reverse("payments:batch-export", kwargs={"pk": batch.pk})
    assert client.post(export).status_code == 404
    policy = reverse("payments:policy-detail", kwargs={"pk": world.policy.pk})
    assert client.get(policy).status_code == 404


def test_finance_can_see_a_claim_but_not_change_or_approve_it(client, world):
    claim = world.claim()
    client.force_login(world.personas.fin)
    url = reverse("payments:claim-detail", kwargs={"pk": claim.pk})
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "choice", "choice": "voucher"}).status_code == 403
    assert client.post(url, {"action": "decline"}).status_code == 403
    assert client.get(reverse("payments:expense-new", kwargs={"pk": claim.pk})).status_code == 403
    services.submit(claim, by=world.personas.pat)
    assert client.post(url, {"action": "decide", "decision": "approve"}).status_code == 403
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert not Payment.objects.exists()


def test_a_lead_cannot_approve_claims_on_projects_they_do_not_lead(client, world):
    theirs = world.submitted(project=world.project)
    not_theirs = world.submitted(world.carl_member, project=world.other_project)
    no_project = world.submitted(world.carl_member, project=None, minutes=30)
    client.force_login(world.personas.leo)
    for claim in (not_theirs, no_project):
        url = reverse("payments:claim-detail", kwargs={"pk": claim.pk})
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "decide", "decision": "approve"}).status_code == 404
    listing = client.get(reverse("payments:claim-list")).content.decode()
    assert theirs.reference in listing
    assert not_theirs.reference not in listing
    url = reverse("payments:claim-detail", kwargs={"pk": theirs.pk})
    response = client.post(url, {"action": "decide", "decision": "approve"})
    assert response.status_code == 302
    assert list(Payment.objects.values_list("claim_id", flat=True)) == [theirs.pk]


def test_nobody_approves_their_own_claim(client, world):
    cora = world.personas.cora
    RoleGrant.objects.create(user=cora, role=Role.POOL_MEMBER)
    cora.forget_roles()
    coras_member = PoolMemberFactory(organisation=world.personas.trust, user=cora)
    claim = world.submitted(coras_member)
    client.force_login(cora)
    url = reverse("payments:claim-detail", kwargs={"pk": claim.pk})
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "decide", "decision": "approve"}).status_code == 403
    assert not Payment.objects.exists()


def test_a_member_cannot_approve_even_their_own_submitted_claim(client, world):
    claim = world.submitted()
    client.force_login(world.personas.pat)
    url = reverse("payments:claim-detail", kwargs={"pk": claim.pk})
    assert client.post(url, {"action": "decide", "decision": "approve"}).status_code == 403
    assert not Payment.objects.exists()


def test_only_finance_batches_exports_and_marks_paid(client, world):
    world.approved()
    for person in ("cora", "leo", "pat", "alice"):
        client.force_login(getattr(world.personas, person))
        assert client.post(reverse("payments:batch-new")).status_code == 403
    assert not Payment.objects.filter(batch__isnull=False).exists()


def test_a_member_cannot_download_another_members_receipt(client, world):
    carls = world.claim(world.carl_member)
    expense = services.add_expense(
        carls,
        kind=ExpenseKind.PARKING,
        amount=Decimal("2.00"),
        receipt=receipt_pdf(),
        receipt_type="application/pdf",
        by=world.personas.carl,
    )
    url = reverse("payments:receipt", kwargs={"pk": carls.pk, "expense_pk": expense.pk})
    client.force_login(world.personas.pat)
    assert client.get(url).status_code == 404
    client.force_login(world.personas.carl)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_whoever_sent_a_claim_for_a_member_cannot_also_approve_it(client, world):
    claim = world.claim(world.carl_member, by=world.personas.cora)
    client.force_login(world.personas.cora)
    url = reverse("payments:claim-detail", kwargs={"pk": claim.pk})
    client.post(url, {"action": "submit"})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert client.post(url, {"action": "decide", "decision": "approve"}).status_code == 403
    with pytest.raises(services.PaymentError, match="someone else"):
        services.approve(claim, by=world.personas.cora)
    client.force_login(world.personas.leo)
    assert client.post(url, {"action": "decide", "decision": "approve"}).status_code == 302
    assert Payment.objects.filter(claim=claim).exists()


def test_anonymous_visitors_cannot_open_a_claim_or_a_receipt(client, world):
    claim = world.claim()
    url = reverse("payments:claim-detail", kwargs={"pk": claim.pk})
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))
    response = client.post(url, {"action": "decline"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DRAFT
