"""Two people approving (or batching) at the same moment must not pay anyone twice.

These need real concurrent transactions, so they run on PostgreSQL (as in CI). SQLite
serialises every write to the whole database, so there is nothing to race there.
"""

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections, transaction

from coproduce.audit.models import AuditEvent
from coproduce.payments import services
from coproduce.payments.models import Claim, ClaimStatus, Payment

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite serialises all writes, so concurrent approvals cannot race; "
        "this runs on PostgreSQL (DATABASE_URL=postgres://...)",
    ),
]


def run_together(*jobs: Callable[[], Any]) -> list[Any]:
    """Start every job at the same instant, each on its own thread and database connection."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def worker(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - the test inspects what each one got
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_simultaneous_approvals_make_exactly_one_payment(world):
    approvers = [world.personas.cora, world.personas.leo] * 4
    for _round in range(3):
        claim = world.submitted(minutes=60 + _round)

        def approve(user: Any, pk: int = claim.pk) -> Any:
            return services.approve(Claim.objects.get(pk=pk), by=user)

        results = run_together(*(lambda u=user: approve(u) for user in approvers))
        payments = [r for r in results if isinstance(r, Payment)]
        refusals = [r for r in results if isinstance(r, services.PaymentError)]
        assert len(payments) == 1, results
        assert len(refusals) == len(approvers) - 1, results
        assert Payment.objects.filter(claim=claim).count() == 1
        approvals = AuditEvent.objects.filter(
            action="payments.claim_approved", target_id=str(claim.pk)
        )
        assert approvals.count() == 1


def test_a_second_approver_waits_for_the_first_and_is_then_refused(world):
    claim = world.submitted()
    first_has_approved = threading.Event()
    outcome: dict[str, Any] = {}

    def slow_first() -> None:
        try:
            with transaction.atomic():
                services.approve(Claim.objects.get(pk=claim.pk), by=world.personas.cora)
                first_has_approved.set()
                time.sleep(0.5)  # still uncommitted while the second tries
        finally:
            connections.close_all()

    def second() -> None:
        try:
            first_has_approved.wait(5)
            started = time.monotonic()
            try:
                services.approve(Claim.objects.get(pk=claim.pk), by=world.personas.leo)
                outcome["result"] = "approved"
            except services.PaymentError as error:
                outcome["result"] = str(error)
            outcome["waited"] = time.monotonic() - started
        finally:
            connections.close_all()

    threads = [threading.Thread(target=slow_first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert "no longer waiting for approval" in outcome["result"]
    assert outcome["waited"] >= 0.3  # it really was held back by the first transaction
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert claim.decided_by == world.personas.cora
    assert Payment.objects.count() == 1


def test_simultaneous_batches_never_take_the_same_payment(world):
    for minutes in (30, 45, 60, 75, 90):
        world.approved(minutes=minutes)
    results = run_together(
        *(
            lambda: services.create_batch(world.personas.trust, by=world.personas.fin)
            for _ in range(4)
        )
    )
    assert any(not isinstance(r, Exception) for r in results), results
    assert Payment.objects.filter(batch__isnull=True).count() == 0
    assert Payment.objects.count() == 5


def test_simultaneous_submissions_submit_once(world):
    claim = world.claim()
    run_together(
        *(lambda: services.submit(Claim.objects.get(pk=claim.pk), by=world.personas.pat),) * 6
    )
    submitted = AuditEvent.objects.filter(
        action="payments.claim_submitted", target_id=str(claim.pk)
    )
    assert submitted.count() == 1


def test_every_loser_of_twenty_simultaneous_approvals_is_told_who_won(world):
    """Twenty real requests through the claim page at once: one approves, and each of the
    others lands on the claim page with the name of whoever approved it, never a refusal."""
    from django.test import Client
    from django.urls import reverse

    claim = world.submitted()
    url = reverse("payments:claim-detail", kwargs={"pk": claim.pk})
    approvers = [world.personas.cora, world.personas.leo] * 10
    clients = []
    for user in approvers:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)

    def approve(client: Client) -> tuple[int, str]:
        response = client.post(url, {"action": "decide", "decision": "approve", "reason": ""})
        if response.status_code != 302:
            return response.status_code, ""
        return response.status_code, client.get(response.url).content.decode()

    results = run_together(*(lambda c=c: approve(c) for c in clients))
    assert all(isinstance(r, tuple) for r in results), results
    assert [status for status, _ in results] == [302] * 20, results
    claim.refresh_from_db()
    winner = claim.decided_by.display_name
    won = [page for _, page in results if f"Claim {claim.reference} has been approved" in page]
    told = [
        page
        for _, page in results
        if f"it has already been approved by {winner}" in page and "There is a problem" not in page
    ]
    assert (len(won), len(told)) == (1, 19)
    assert Payment.objects.filter(claim=claim).count() == 1
    assert AuditEvent.objects.filter(action="payments.claim_approved").count() == 1


def test_a_claim_sent_twice_at_once_is_sent_once_and_both_see_it_sent(world):
    from django.test import Client
    from django.urls import reverse

    claim = world.claim()
    url = reverse("payments:claim-detail", kwargs={"pk": claim.pk})
    clients = []
    for _ in range(6):
        client = Client(raise_request_exception=False)
        client.force_login(world.personas.pat)
        clients.append(client)

    def send(client: Client) -> tuple[int, str]:
        response = client.post(url, {"action": "submit"})
        if response.status_code != 302:
            return response.status_code, ""
        return response.status_code, client.get(response.url).content.decode()

    results = run_together(*(lambda c=c: send(c) for c in clients))
    assert [status for status, _ in results] == [302] * 6, results
    assert all(
        "sent for approval" in page and "There is a problem" not in page for _, page in results
    )
    assert (
        AuditEvent.objects.filter(
            action="payments.claim_submitted", target_id=str(claim.pk)
        ).count()
        == 1
    )
