"""Deleting drivers, change ideas and PDSA cycles: who may, what goes with them, and what is
never deleted because it records a patient's or carer's involvement."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.organisations.tests.factories import DirectorateFactory
from coproduce.projects import services
from coproduce.projects.models import DriverElement, ElementKind, PdsaCycle
from coproduce.projects.tests.factories import make_project

D = datetime.date
pytestmark = pytest.mark.django_db


class Diagram:
    """Ward rounds: a primary driver, a secondary driver under it, two change ideas under that,
    and two PDSA cycles on the first idea. Staff proposed all of it."""

    def __init__(self, personas) -> None:  # type: ignore[no-untyped-def]
        self.project = make_project(personas, title="Calmer ward rounds")
        self.lead_row = self.project.team.get(user=personas.leo)
        add = self.add
        self.primary = add(ElementKind.PRIMARY, "Predictable rounds", None)
        self.secondary = add(ElementKind.SECONDARY, "Known times", self.primary)
        self.idea = add(ElementKind.CHANGE_IDEA, "Rounds board", self.secondary)
        self.other_idea = add(ElementKind.CHANGE_IDEA, "Text reminders", self.secondary)
        self.cycles = [self.cycle(self.idea, [self.lead_row]) for _ in range(2)]

    def add(self, kind, text, parent, proposed_by=None):  # type: ignore[no-untyped-def]
        return services.add_element(
            self.project,
            by=self.project.lead,
            kind=kind,
            text=text,
            parent=parent,
            proposed_by=proposed_by or self.lead_row,
            proposed_by_other="",
            proposed_on=D(2025, 3, 1),
        )

    def cycle(self, idea, participants):  # type: ignore[no-untyped-def]
        return services.add_pdsa(
            idea,
            by=self.project.lead,
            participants=participants,
            objective="Try the board on one ward",
            started_on=D(2025, 4, 1),
        )

    def patient_joins(self, member):  # type: ignore[no-untyped-def]
        return services.add_team_member(
            self.project, pool_member=member, joined_on=D(2025, 2, 1), by=self.project.lead
        )


@pytest.fixture
def diagram(personas):  # type: ignore[no-untyped-def]
    return Diagram(personas)


def element_url(diagram, element):  # type: ignore[no-untyped-def]
    return reverse("projects:element-delete", args=[diagram.project.pk, element.pk])


def cycle_url(diagram, cycle):  # type: ignore[no-untyped-def]
    return reverse("projects:pdsa-delete", args=[diagram.project.pk, cycle.pk])


def test_asking_shows_what_goes_with_it_and_deletes_nothing(client, personas, diagram):
    client.force_login(personas.leo)
    response = client.get(element_url(diagram, diagram.primary))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Are you sure you want to delete this primary driver?" in body
    assert "nhsuk-warning-callout" in body or "nhsuk-card--warning" in body
    for line in [
        "Secondary driver: Known times",
        "Change idea: Rounds board",
        "Change idea: Text reminders",
        "PDSA cycle 1 on “Rounds board”",
        "PDSA cycle 2 on “Rounds board”",
        "team, measures and involvement records stay as they are",
    ]:
        assert line in body, line
    assert DriverElement.objects.count() == 4 and PdsaCycle.objects.count() == 2


def test_the_lead_deletes_a_driver_with_everything_under_it_and_it_is_audited(
    client, personas, diagram
):
    client.force_login(personas.leo)
    response = client.post(element_url(diagram, diagram.primary), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "projects:driver-diagram", args=[diagram.project.pk]
    )
    assert (
        "Primary driver deleted, with 1 secondary driver, 2 change ideas and 2 PDSA cycles"
        in response.content.decode()
    )
    assert not DriverElement.objects.exists() and not PdsaCycle.objects.exists()
    event = AuditEvent.objects.get(action="projects.driver_element_deleted")
    assert event.actor == personas.leo
    assert event.changes["Primary driver"] == ["Predictable rounds", None]
    assert event.changes["drivers and change ideas under it"][0] == [
        "Secondary driver: Known times",
        "Change idea: Rounds board",
        "Change idea: Text reminders",
    ]
    assert len(event.changes["PDSA cycles"][0]) == 2


def test_deleting_a_change_idea_leaves_its_neighbours(client, personas, diagram):
    client.force_login(personas.cora)
    assert client.post(element_url(diagram, diagram.other_idea)).status_code == 302
    assert set(DriverElement.objects.values_list("text", flat=True)) == {
        "Predictable rounds",
        "Known times",
        "Rounds board",
    }
    assert PdsaCycle.objects.count() == 2


def test_a_pdsa_cycle_is_deleted_and_the_others_keep_their_numbers(client, personas, diagram):
    client.force_login(personas.leo)
    first, second = diagram.cycles
    page = client.get(cycle_url(diagram, first)).content.decode()
    assert "Are you sure you want to delete PDSA cycle 1?" in page
    assert client.post(cycle_url(diagram, first)).status_code == 302
    assert list(PdsaCycle.objects.values_list("pk", "number")) == [(second.pk, 2)]
    event = AuditEvent.objects.get(action="projects.pdsa_deleted")
    assert event.changes["participants"] == [["Leo Example"], None]


def test_a_change_idea_a_patient_proposed_is_never_deleted(client, personas, diagram, pat_member):
    patient_row = diagram.patient_joins(pat_member)
    theirs = diagram.add(ElementKind.CHANGE_IDEA, "Quiet hour", diagram.secondary, patient_row)
    client.force_login(personas.leo)
    for element in (theirs, diagram.secondary, diagram.primary):
        page = client.get(element_url(diagram, element))
        body = page.content.decode()
        assert page.status_code == 200
        assert "You cannot delete this" in body and "Yes, delete" not in body
        assert "“Quiet hour” was proposed by Pat Example, a patient or carer" in body
        refused = client.post(element_url(diagram, element))
        assert refused.status_code == 409
    assert DriverElement.objects.count() == 5 and PdsaCycle.objects.count() == 2
    assert not AuditEvent.objects.filter(action="projects.driver_element_deleted").exists()
    # Other parts of the diagram can still go.
    assert client.post(element_url(diagram, diagram.other_idea)).status_code == 302


def test_a_pdsa_cycle_a_patient_took_part_in_is_never_deleted(
    client, personas, diagram, pat_member
):
    patient_row = diagram.patient_joins(pat_member)
    theirs = diagram.cycle(diagram.idea, [diagram.lead_row, patient_row])
    client.force_login(personas.leo)
    body = client.get(cycle_url(diagram, theirs)).content.decode()
    assert "You cannot delete PDSA cycle 3" in body
    assert "Pat Example, a patient or carer, took part in PDSA cycle 3" in body
    assert client.post(cycle_url(diagram, theirs)).status_code == 409
    # Nor the change idea it tests, which would take the cycle with it.
    assert client.post(element_url(diagram, diagram.idea)).status_code == 409
    assert PdsaCycle.objects.count() == 3 and DriverElement.objects.count() == 4


def test_the_deletion_is_all_or_nothing(personas, diagram, monkeypatch):
    def failing_record(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the audit log could not be written")

    monkeypatch.setattr(services.auditor, "record", failing_record)
    with pytest.raises(RuntimeError):
        services.delete_element(diagram.primary, by=personas.leo)
    with pytest.raises(RuntimeError):
        services.delete_pdsa(diagram.cycles[0], by=personas.leo)
    assert DriverElement.objects.count() == 4 and PdsaCycle.objects.count() == 2


def test_staff_on_the_team_may_delete_but_not_once_they_have_left(client, personas, diagram):
    row = services.add_team_member(
        diagram.project, user=personas.sam, joined_on=D(2025, 2, 1), by=personas.leo
    )
    client.force_login(personas.sam)
    assert client.get(element_url(diagram, diagram.other_idea)).status_code == 200
    services.record_leaving(row, left_on=D(2025, 6, 1), by=personas.leo)
    assert client.get(element_url(diagram, diagram.other_idea)).status_code == 403
    assert client.post(element_url(diagram, diagram.other_idea)).status_code == 403
    assert client.post(cycle_url(diagram, diagram.cycles[0])).status_code == 403
    assert DriverElement.objects.count() == 4 and PdsaCycle.objects.count() == 2


@pytest.mark.parametrize("name", ["sam", "fin", "pat"])
def test_people_who_cannot_edit_the_diagram_cannot_delete_from_it(
    client, personas, diagram, name, pat_member
):
    diagram.patient_joins(pat_member)  # pat is on the team, and still may not
    client.force_login(getattr(personas, name))
    for url in (element_url(diagram, diagram.primary), cycle_url(diagram, diagram.cycles[0])):
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    assert DriverElement.objects.count() == 4 and PdsaCycle.objects.count() == 2


def test_the_delete_links_show_only_to_those_who_may_delete(client, personas, diagram):
    diagram_url = reverse("projects:driver-diagram", args=[diagram.project.pk])
    client.force_login(personas.leo)
    assert element_url(diagram, diagram.idea) in client.get(diagram_url).content.decode()
    pdsa_page = reverse("projects:pdsa", args=[diagram.project.pk, diagram.cycles[0].pk])
    assert cycle_url(diagram, diagram.cycles[0]) in client.get(pdsa_page).content.decode()
    client.force_login(personas.sam)
    assert element_url(diagram, diagram.idea) not in client.get(diagram_url).content.decode()
    assert cycle_url(diagram, diagram.cycles[0]) not in client.get(pdsa_page).content.decode()


def test_another_trust_finds_nothing(client, personas, diagram):
    client.force_login(personas.olga)  # an administrator, of another trust
    for url in (element_url(diagram, diagram.primary), cycle_url(diagram, diagram.cycles[0])):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert DriverElement.objects.count() == 4 and PdsaCycle.objects.count() == 2


def test_guessed_addresses_find_nothing(client, personas, diagram):
    mine = make_project(personas, title="Another project of Leo's")
    client.force_login(personas.leo)
    # Diagram parts of this project asked for under another project (same trust, same lead).
    wrong = [
        reverse("projects:element-delete", args=[mine.pk, diagram.primary.pk]),
        reverse("projects:pdsa-delete", args=[mine.pk, diagram.cycles[0].pk]),
        reverse("projects:element-delete", args=[diagram.project.pk, 999_999]),
        reverse("projects:pdsa-delete", args=[diagram.project.pk, 999_999]),
    ]
    elsewhere = make_project(
        personas,
        organisation=personas.other_trust,
        directorate=DirectorateFactory(organisation=personas.other_trust),
        lead=personas.olga,
    )
    wrong.append(reverse("projects:element-delete", args=[elsewhere.pk, diagram.primary.pk]))
    for url in wrong:
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    assert DriverElement.objects.count() == 4 and PdsaCycle.objects.count() == 2


def test_anonymous_visitors_are_sent_to_sign_in(client, diagram):
    for url in (element_url(diagram, diagram.primary), cycle_url(diagram, diagram.cycles[0])):
        response = client.post(url)
        assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert DriverElement.objects.count() == 4


def test_a_post_without_the_csrf_token_is_refused(personas, diagram):
    csrf_checked = Client(enforce_csrf_checks=True)
    csrf_checked.force_login(personas.leo)
    for url in (element_url(diagram, diagram.primary), cycle_url(diagram, diagram.cycles[0])):
        assert csrf_checked.post(url).status_code == 403
    assert DriverElement.objects.count() == 4 and PdsaCycle.objects.count() == 2
    # With the token from the page, the same request goes through.
    page = csrf_checked.get(cycle_url(diagram, diagram.cycles[0]))
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = csrf_checked.post(
        cycle_url(diagram, diagram.cycles[0]), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302 and PdsaCycle.objects.count() == 1
