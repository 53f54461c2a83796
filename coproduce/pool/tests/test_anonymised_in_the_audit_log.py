"""After erasure, the audit log still says what happened but no longer who the person was."""

import json

import pytest

from coproduce.audit import services as auditor
from coproduce.audit.models import AuditEvent
from coproduce.pool import services
from coproduce.pool.models import CheckKind

pytestmark = pytest.mark.django_db


def _whole_log() -> str:
    rows = AuditEvent.objects.values_list("actor_label", "target_label", "changes")
    return json.dumps(list(rows), ensure_ascii=False).lower()


def test_anonymising_a_member_takes_their_identity_out_of_earlier_audit_events(
    personas, pat_member, carl_member
):
    services.update_profile(
        pat_member,
        {"first_name": "Patricia", "last_name": "Zoë-Ångström", "phone": "07700 900555"},
        by=personas.pat,
    )
    services.record_check(
        pat_member,
        kind=CheckKind.DBS,
        reference="001234567890",
        checked_on="2026-01-10",
        expires_on=None,
        by=personas.cora,
    )
    # Another record whose label and changes name her, beside money that must survive.
    auditor.record(
        "payments.claim_approved",
        actor=personas.fin,
        target=personas.trust,
        target_label="Claim C-1 for Patricia Zoë-Ångström",
        changes={"amount": ["0.00", "25.00"], "payee": [None, "patricia zoë-ångström"]},
    )
    services.update_profile(carl_member, {"phone": "07700 900777"}, by=personas.cora)
    identifying = ["patricia zoë-ångström", personas.pat.email, "07700 900555"]
    before = _whole_log()
    assert all(text in before for text in identifying)
    events_before = AuditEvent.objects.count()

    services.anonymise(pat_member, by=personas.cora)

    after = _whole_log()
    for text in identifying:
        assert text not in after
    assert AuditEvent.objects.count() == events_before + 1  # the erasure itself; none removed
    claim = AuditEvent.objects.get(action="payments.claim_approved")
    assert claim.changes["amount"] == ["0.00", "25.00"]
    assert claim.changes["payee"] == [None, auditor.FORGOTTEN]
    assert claim.target_label == f"Claim C-1 for {auditor.FORGOTTEN}"
    # Her own profile events keep which fields changed, not what they held.
    own = AuditEvent.objects.get(action="pool.profile_changed", target_id=str(pat_member.pk))
    assert set(own.changes) >= {"first_name", "last_name", "phone"}
    assert own.changes["phone"] == [auditor.REDACTED, auditor.REDACTED]
    personas.pat.refresh_from_db()
    assert own.actor_label == personas.pat.email.lower() == personas.pat.email
    assert own.actor_label.startswith("former-member-")
    # Everyone else's events are as they were.
    carl = AuditEvent.objects.get(action="pool.profile_changed", target_id=str(carl_member.pk))
    assert "07700 900777" in json.dumps(carl.changes)
    assert carl.actor_label == personas.cora.email
    erasure = AuditEvent.objects.get(action="pool.member_anonymised")
    assert erasure.changes["audit events anonymised"] == [None, 3]


def test_forget_ignores_short_identifiers_that_would_match_other_people(personas):
    auditor.record("x.noted", actor=personas.cora, target_label="Sam spoke to Samantha")
    changed = auditor.forget(identifiers=["Sam", "  "])
    assert changed == 0
    assert AuditEvent.objects.get(action="x.noted").target_label == "Sam spoke to Samantha"
