"""The pool from a spreadsheet: people come in marked "consent to be confirmed", are never
matched until they confirm, and a row with no way to contact them stops the whole file."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.imports import pool
from coproduce.imports.models import ImportJob, JobStatus
from coproduce.imports.tests.factories import csv_bytes
from coproduce.lib import tabular
from coproduce.matching.services import eligible_members
from coproduce.matching.tests.factories import OpportunityFactory
from coproduce.pool import consent
from coproduce.pool.models import CheckKind, MemberStatus, PoolMember
from coproduce.pool.tests.factories import PoolMemberFactory, ProfileOptionFactory
from coproduce.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Forename",
    "Surname",
    "Type",
    "Status",
    "E-mail",
    "Telephone",
    "Address",
    "Lived experience",
    "Topics",
    "Training",
    "DBS date",
    "DBS expiry",
]
MAPPING = {
    "first_name": "Forename",
    "last_name": "Surname",
    "kind": "Type",
    "status": "Status",
    "email": "E-mail",
    "phone": "Telephone",
    "postal_address": "Address",
    "lived_experience": "Lived experience",
    "interests": "Topics",
    "training": "Training",
    "dbs_checked_on": "DBS date",
    "dbs_expires_on": "DBS expiry",
}


def person(**given: str) -> list[str]:
    values = {
        "Forename": "Jo",
        "Surname": "Bloggs",
        "Type": "Carer",
        "Status": "Active",
        "E-mail": "jo@example.net",
        "Telephone": "",
        "Address": "",
        "Lived experience": "Cares for her son",
        "Topics": "Young people",
        "Training": "QI basics, 2023",
        "DBS date": "01/03/2024",
        "DBS expiry": "01/03/2027",
        **given,
    }
    return [values[h] for h in HEADINGS]


def _import(client, personas, upload, run_tasks, rows):
    client.force_login(personas.cora)
    data = csv_bytes(rows, headings=HEADINGS)
    client.post(reverse("imports:pool-upload"), {"file": upload(data, "pool.csv")})
    job = ImportJob.objects.get(kind="pool")
    with run_tasks():
        client.post(reverse("imports:pool-columns", args=[job.pk]), MAPPING)
    with run_tasks():
        client.post(reverse("imports:pool-job-run", args=[job.pk]))
    job.refresh_from_db()
    return job


def test_the_usual_headings_are_recognised(personas):
    assert pool.check.__module__ == "coproduce.imports.pool"
    from coproduce.imports import kinds

    assert kinds.get("pool").guess(HEADINGS) == MAPPING


def test_a_good_file_adds_everyone_with_consent_to_be_confirmed(
    client, personas, upload, run_tasks
):
    ProfileOptionFactory(organisation=personas.trust, name="Young people")
    job = _import(
        client,
        personas,
        upload,
        run_tasks,
        [
            person(),
            person(
                Forename="Raj",
                Type="Patient",
                Status="",
                **{"E-mail": "", "Topics": "", "DBS date": "", "DBS expiry": ""},
                Address="1 High Street, Leeds LS1 1AA",
            ),
        ],
    )
    assert job.status == JobStatus.DONE, (job.error, job.problems)
    jo = PoolMember.objects.get(email="jo@example.net")
    assert (jo.status, jo.kind, jo.consented_at, jo.consent_to_confirm) == (
        MemberStatus.ACTIVE,
        "carer",
        None,
        True,
    )
    assert jo.experience_notes == "Cares for her son"
    assert jo.earlier_training == "QI basics, 2023"
    assert [t.name for t in jo.topics.all()] == ["Young people"]
    check = jo.checks.get()
    assert (check.kind, str(check.checked_on), str(check.expires_on)) == (
        CheckKind.DBS,
        "2024-03-01",
        "2027-03-01",
    )
    raj = PoolMember.objects.get(first_name="Raj")
    assert (raj.status, raj.postal_address) == (
        MemberStatus.ENQUIRY,
        "1 High Street, Leeds LS1 1AA",
    )
    assert AuditEvent.objects.filter(action="pool.member_imported").count() == 2
    page = client.get(reverse("pool:member-detail", args=[jo.pk])).content.decode()
    assert "To be confirmed" in page
    assert mail.outbox == []  # nobody is contacted by the import itself


def test_rows_without_a_contact_route_stop_the_file_and_say_which(personas):
    rows = [
        person(),
        person(Forename="Nobody", **{"E-mail": "", "Telephone": "", "Address": ""}),
        person(Forename="Odd", Type="Visitor", **{"E-mail": "odd@example.net"}),
        person(Forename="Twice"),
        person(Forename="Late", **{"E-mail": "late@example.net", "DBS date": "soon"}),
    ]
    table = tabular.read(csv_bytes(rows, headings=HEADINGS))
    plan = pool.check(personas.trust, table, MAPPING)
    by_row = {(p["row"], p["column"]): p["message"] for p in plan.problems}
    assert by_row[(3, "E-mail")] == pool.NO_CONTACT
    assert by_row[(4, "Type")] == "Enter Patient, Carer or Both"
    assert by_row[(5, "E-mail")] == "jo@example.net is also on row 2; give each person once"
    assert by_row[(5, "Topics")] == "Young people is not in the trust's list of topics of interest"
    assert "soon is not a date" in by_row[(6, "DBS date")]


def test_a_file_with_a_bad_row_writes_nothing(client, personas, upload, run_tasks):
    ProfileOptionFactory(organisation=personas.trust, name="Young people")
    job = _import(
        client,
        personas,
        upload,
        run_tasks,
        [person(), person(Forename="Nobody", **{"E-mail": "", "Telephone": "", "Address": ""})],
    )
    assert job.status != JobStatus.DONE
    assert {(p["row"], p["message"]) for p in job.problems} == {(3, pool.NO_CONTACT)}
    page = client.get(reverse("imports:pool-job", args=[job.pk])).content.decode()
    assert pool.NO_CONTACT in page
    assert not PoolMember.objects.exists()


def _imported(personas, **kwargs):
    defaults = {
        "organisation": personas.trust,
        "email": "jo@example.net",
        "status": MemberStatus.ACTIVE,
        "consented_at": None,
        "consent_to_confirm": True,
        "user": None,
    }
    return PoolMemberFactory(**{**defaults, **kwargs})


def test_imported_people_are_not_matched_until_the_team_records_their_consent(client, personas):
    jo = _imported(personas)
    opportunity = OpportunityFactory(project=make_project(personas))
    assert jo not in eligible_members(opportunity)
    client.force_login(personas.cora)
    response = client.post(reverse("pool:member-consent", args=[jo.pk]), {"action": "confirm"})
    assert response.status_code == 302
    jo.refresh_from_db()
    assert jo.consented_at is not None and not jo.consent_to_confirm
    assert jo.user is not None  # active in the earlier records: they get their sign-in
    assert jo in eligible_members(opportunity)
    event = AuditEvent.objects.get(action="pool.consent_confirmed")
    assert (event.actor, event.changes["consent"]) == (
        personas.cora,
        ["to be confirmed", consent.BY_TEAM],
    )


def test_a_person_confirms_through_their_link_once(client, personas, run_tasks):
    jo = _imported(personas, status=MemberStatus.PAUSED)
    client.force_login(personas.cora)
    with run_tasks():
        client.post(reverse("pool:member-consent", args=[jo.pk]), {"action": "send"})
    assert AuditEvent.objects.filter(action="pool.consent_link_sent").count() == 1
    [message] = mail.outbox
    path = re.search(r"https?://[^/\s]+(/\S+/consent/\S+/)", message.body).group(1)
    client.logout()
    page = client.get(path)
    assert page.status_code == 200
    assert "Yes, keep my details" in page.content.decode()
    jo.refresh_from_db()
    assert jo.consented_at is None  # opening the link alone changes nothing
    done = client.post(path)
    assert "We will keep your details" in done.content.decode()
    jo.refresh_from_db()
    assert jo.consented_at is not None and not jo.consent_to_confirm
    event = AuditEvent.objects.get(action="pool.consent_confirmed")
    assert event.changes["consent"] == ["to be confirmed", consent.BY_LINK]
    again = client.post(path)
    assert again.status_code == 200
    assert "You have already confirmed this" in again.content.decode()
    assert AuditEvent.objects.filter(action="pool.consent_confirmed").count() == 1


def test_an_altered_link_is_refused_calmly(client, personas):
    jo = _imported(personas)
    token = consent.token_for(jo)
    response = client.post(reverse("pool:confirm-consent", args=[token[:-2] + "xx"]))
    assert response.status_code == 404
    assert "Please ask the involvement team to send you a new one" in response.content.decode()
    jo.refresh_from_db()
    assert jo.consented_at is None


@pytest.mark.parametrize("name", ["alice", "leo", "sam", "fin", "pat"])
def test_only_the_involvement_team_imports_and_confirms(client, personas, upload, name):
    jo = _imported(personas)
    client.force_login(getattr(personas, name))
    assert client.get(reverse("imports:pool-upload")).status_code == 403
    data = csv_bytes([person()], headings=HEADINGS)
    assert client.post(reverse("imports:pool-upload"), {"file": upload(data)}).status_code == 403
    response = client.post(reverse("pool:member-consent", args=[jo.pk]), {"action": "confirm"})
    assert response.status_code == 403
    jo.refresh_from_db()
    assert jo.consented_at is None
    assert not ImportJob.objects.exists()


def test_another_trusts_team_cannot_confirm(client, personas):
    jo = _imported(personas, organisation=personas.other_trust)
    client.force_login(personas.cora)
    response = client.post(reverse("pool:member-consent", args=[jo.pk]), {"action": "confirm"})
    assert response.status_code == 404
    jo.refresh_from_db()
    assert jo.consented_at is None


def test_visitors_are_sent_to_sign_in(client, personas):
    jo = _imported(personas)
    response = client.post(reverse("pool:member-consent", args=[jo.pk]))
    assert response.status_code == 302 and "sign-in" in response["Location"]
