import datetime

import pytest

from coproduce.audit import services as auditor
from coproduce.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_auditor_records_who_what_which_record_and_changes(personas):
    event = auditor.record(
        "account.details_changed",
        actor=personas.alice,
        target=personas.sam,
        changes={"job_title": ["", "Nurse"]},
    )
    assert event.actor_label == "alice@example.org"
    assert event.target_type == "accounts.user"
    assert event.target_id == str(personas.sam.pk)
    assert event.organisation == personas.trust
    assert event.changes == {"job_title": ["", "Nurse"]}


def test_diff_lists_only_changed_fields_and_hides_secrets():
    before = {"name": "A", "amount": "1.00", "password": "x", "same": 1}
    after = {"name": "B", "amount": "1.00", "password": "y", "same": 1}
    assert auditor.diff(before, after) == {
        "name": ["A", "B"],
        "password": ["(hidden)", "(hidden)"],
    }


def test_values_are_stored_as_readable_json():
    from decimal import Decimal

    changes = auditor.diff(
        {"when": None, "pay": None}, {"when": datetime.date(2026, 3, 4), "pay": Decimal("11.50")}
    )
    assert changes == {"when": [None, "2026-03-04"], "pay": [None, "11.50"]}


@pytest.mark.parametrize("name", ["cora", "leo", "sam", "fin", "pat"])
def test_only_administrators_read_the_log(client, personas, name):
    client.force_login(getattr(personas, name))
    assert client.get("/audit/").status_code == 403


def test_an_administrator_sees_their_own_trusts_events_only(client, personas):
    auditor.record("account.roles_changed", actor=personas.alice, target=personas.sam)
    auditor.record("account.roles_changed", actor=personas.olga, target=personas.olga)
    client.force_login(personas.alice)
    page = client.get("/audit/").content.decode()
    assert "alice@example.org" in page
    assert "olga@example.org" not in page


def test_the_log_can_be_searched_by_person_action_and_date(client, personas):
    auditor.record("account.roles_changed", actor=personas.alice, target=personas.sam)
    auditor.record("account.created", actor=personas.alice, target=personas.leo)
    client.force_login(personas.alice)
    page = client.get("/audit/", {"action": "account.created"}).content.decode()
    assert "Leo Example" in page and "Sam Example" not in page
    page = client.get("/audit/", {"q": "sam"}).content.decode()
    assert "Sam Example" in page and "Leo Example" not in page
    page = client.get("/audit/", {"since": "2999-01-01"}).content.decode()
    assert "0 events" in page


def test_a_badly_written_date_is_explained(client, personas):
    client.force_login(personas.alice)
    page = client.get("/audit/", {"since": "yesterday"}).content.decode()
    assert "There is a problem" in page
    assert "Enter the from date as year-month-day, like 2026-03-04" in page
    assert "<title>Error: Audit log - Coproduce</title>" in page


def test_events_are_never_edited_through_the_log_page(client, personas):
    client.force_login(personas.alice)
    before = list(AuditEvent.objects.values_list("id", "action"))
    assert client.post("/audit/").status_code == 405
    assert list(AuditEvent.objects.values_list("id", "action")) == before
