import pytest

from coproduce.audit.models import AuditEvent
from coproduce.organisations.models import Directorate, Service
from coproduce.organisations.tests.factories import DirectorateFactory

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_a_directorate_and_it_is_audited(client, personas):
    client.force_login(personas.alice)
    response = client.post(
        "/organisations/directorates/new/",
        {"name": "Forensic", "cost_centre": "FO1", "is_active": "on"},
    )
    assert response.status_code == 302
    created = Directorate.objects.get(name="Forensic")
    assert created.organisation == personas.trust
    assert AuditEvent.objects.filter(action="organisations.directorate_created").count() == 1


def test_a_duplicate_directorate_name_is_refused(client, personas):
    client.force_login(personas.alice)
    response = client.post(
        "/organisations/directorates/new/", {"name": "adult mental health", "is_active": "on"}
    )
    assert "There is already a directorate with this name" in response.content.decode()
    assert Directorate.objects.filter(organisation=personas.trust).count() == 1


def test_services_go_only_into_the_administrators_own_directorates(client, personas):
    elsewhere = DirectorateFactory(organisation=personas.other_trust)
    client.force_login(personas.alice)
    response = client.post(
        "/organisations/services/new/",
        {"directorate": elsewhere.pk, "name": "Sneaky", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Service.objects.filter(name="Sneaky").exists()


def test_another_trusts_directorate_is_not_found(client, personas):
    elsewhere = DirectorateFactory(organisation=personas.other_trust)
    client.force_login(personas.alice)
    assert client.get(f"/organisations/directorates/{elsewhere.pk}/").status_code == 404


@pytest.mark.parametrize("name", ["cora", "leo", "fin", "pat"])
def test_only_administrators_change_the_structure(client, personas, name):
    client.force_login(getattr(personas, name))
    assert client.get("/organisations/").status_code == 403
    assert client.post("/organisations/directorates/new/", {"name": "X"}).status_code == 403


def test_a_service_keeps_its_own_cost_centre_and_it_is_audited(client, personas):
    client.force_login(personas.alice)
    response = client.post(
        f"/organisations/services/{personas.service.pk}/",
        {
            "directorate": personas.directorate.pk,
            "name": "Willow Ward",
            "cost_centre": "WW1",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    personas.service.refresh_from_db()
    assert personas.service.cost_centre == "WW1"
    event = AuditEvent.objects.get(action="organisations.service_changed")
    assert event.changes == {"cost_centre": ["", "WW1"]}
    assert "(cost centre WW1)" in client.get("/organisations/").content.decode()
