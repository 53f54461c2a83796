"""A project's measure values pasted as two columns, corrected and deleted, each audited."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.projects import services
from coproduce.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(personas):
    project = make_project(personas)
    return services.add_measure(
        project, by=personas.leo, name="Waits", kind="outcome", improvement="down"
    )


def _url(measure, name="projects:measure"):
    return reverse(name, args=[measure.project.pk, measure.pk])


def test_pasted_columns_are_recorded_and_a_date_already_here_is_corrected(
    client, personas, measure
):
    services.record_value(
        measure, recorded_for=datetime.date(2025, 1, 31), value=Decimal("50"), by=personas.leo
    )
    client.force_login(personas.leo)
    pasted = "31/01/2025\t42\n28/02/2025\t39.5\n\n2025-03-31\t1,250\n"
    response = client.post(_url(measure), {"action": "paste", "pasted": pasted})
    assert response.status_code == 302
    assert list(measure.values.values_list("recorded_for", "value")) == [
        (datetime.date(2025, 1, 31), Decimal("42.00")),
        (datetime.date(2025, 2, 28), Decimal("39.50")),
        (datetime.date(2025, 3, 31), Decimal("1250.00")),
    ]
    events = AuditEvent.objects.filter(action="projects.measure_value_recorded")
    assert events.count() == 4  # the first value, then one for each pasted line
    january = [
        e.changes["Waits on 2025-01-31"] for e in events if "Waits on 2025-01-31" in e.changes
    ]
    corrections = [[Decimal(str(v)) for v in change] for change in january if change[0]]
    assert corrections == [[Decimal("50"), Decimal("42")]]


def test_bad_pasted_lines_are_named_and_nothing_is_recorded(client, personas, measure):
    client.force_login(personas.leo)
    pasted = "31/01/2025\t42\nsoon\t40\n28/02/2025\tlots\n31/01/2025\t41\n"
    response = client.post(_url(measure), {"action": "paste", "pasted": pasted})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Line 2: soon is not a date, like 31/01/2025" in text
    assert "Line 3: the value must be a number, like 42 or 87.5" in text
    assert "Line 4: 31/01/2025 is also on line 1" in text
    assert "nhsuk-error-summary" in text
    assert not measure.values.exists()


def test_a_value_is_deleted_and_audited(client, personas, measure):
    services.record_value(
        measure, recorded_for=datetime.date(2025, 1, 31), value=Decimal("50"), by=personas.leo
    )
    client.force_login(personas.leo)
    page = client.get(_url(measure)).content.decode()
    assert "Delete<span" in page
    response = client.post(
        _url(measure, "projects:measure-value-remove"), {"recorded_for": "2025-01-31"}
    )
    assert response.status_code == 302
    assert not measure.values.exists()
    event = AuditEvent.objects.get(action="projects.measure_value_removed")
    assert (event.actor, event.changes) == (personas.leo, {"Waits on 2025-01-31": ["50.00", None]})
    again = client.post(
        _url(measure, "projects:measure-value-remove"), {"recorded_for": "not a date"}
    )
    assert again.status_code == 302


@pytest.mark.parametrize("name", ["fin", "pat", "olga"])
def test_people_who_cannot_contribute_cannot_paste_or_delete(client, personas, measure, name):
    services.record_value(
        measure, recorded_for=datetime.date(2025, 1, 31), value=Decimal("50"), by=personas.leo
    )
    client.force_login(getattr(personas, name))
    pasted = client.post(_url(measure), {"action": "paste", "pasted": "28/02/2025\t1"})
    removed = client.post(
        _url(measure, "projects:measure-value-remove"), {"recorded_for": "2025-01-31"}
    )
    assert pasted.status_code in (403, 404)
    assert removed.status_code in (403, 404)
    assert list(measure.values.values_list("value", flat=True)) == [Decimal("50.00")]
