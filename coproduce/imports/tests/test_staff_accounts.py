"""Administrators add staff one at a time or from a file; each new person sets their own
password from the email they are sent."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.accounts.models import Role, User
from coproduce.audit.models import AuditEvent
from coproduce.imports import staff
from coproduce.imports.models import ImportJob, JobStatus
from coproduce.imports.tests.factories import csv_bytes
from coproduce.lib import tabular
from coproduce.organisations.tests.factories import DirectorateFactory

pytestmark = pytest.mark.django_db

HEADINGS = ["Name", "Email", "Roles", "Directorate", "Job title"]
MAPPING = {
    "full_name": "Name",
    "email": "Email",
    "roles": "Roles",
    "directorate": "Directorate",
    "job_title": "Job title",
}


def _link(message: str) -> str:
    found = re.search(r"https?://[^/\s]+(/account/password-reset/[^\s]+/)", message)
    assert found, message
    return found.group(1)


def test_a_person_is_added_with_their_directorate(client, personas, run_tasks):
    client.force_login(personas.alice)
    with run_tasks():
        response = client.post(
            "/account/users/new/",
            {
                "full_name": "Nia New",
                "email": "nia@example.org",
                "directorate": personas.directorate.pk,
                "roles": [Role.PROJECT_LEAD],
            },
        )
    assert response.status_code == 302
    nia = User.objects.get(email="nia@example.org")
    assert nia.directorate == personas.directorate
    event = AuditEvent.objects.get(action="account.created", target_id=str(nia.pk))
    assert event.changes["directorate"] == [None, "Adult Mental Health"]


def test_another_trusts_directorate_cannot_be_given(client, personas):
    elsewhere = DirectorateFactory(organisation=personas.other_trust)
    client.force_login(personas.alice)
    response = client.post(
        "/account/users/new/",
        {
            "full_name": "Nia New",
            "email": "nia@example.org",
            "directorate": elsewhere.pk,
            "roles": [Role.QI_STAFF],
        },
    )
    assert "Select one of the directorates" in response.content.decode()
    assert not User.objects.filter(email="nia@example.org").exists()


def test_changing_a_directorate_is_audited(client, personas):
    client.force_login(personas.alice)
    response = client.post(
        f"/account/users/{personas.sam.pk}/",
        {
            "details-full_name": "Sam Example",
            "details-email": "sam@example.org",
            "details-directorate": personas.directorate.pk,
            "details-is_active": "on",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="account.details_changed", target_id=str(personas.sam.pk))
    assert event.changes == {"directorate": [None, "Adult Mental Health"]}


def _check(personas, *rows):  # type: ignore[no-untyped-def]
    return staff.check(personas.trust, tabular.read(csv_bytes(rows, headings=HEADINGS)), MAPPING)


def test_the_staff_file_is_checked_row_by_row(personas):
    plan = _check(
        personas,
        ["Ann One", "ann@example.org", "Project lead; QI staff", "adult mental health", "Nurse"],
        ["Sam Example", "SAM@example.org", "QI staff", "", ""],
        ["", "not-an-email", "Wizard", "Nowhere", ""],
        ["Ann Again", "ann@example.org", "Patient or carer", "", ""],
        ["Olga", "olga@example.org", "Finance", "", ""],
    )
    messages = {(p["row"], p["column"]): p["message"] for p in plan.problems}
    assert messages[(4, "Name")] == "Enter the person's full name"
    assert messages[(4, "Email")].startswith("Enter an email address in the correct format")
    assert messages[(4, "Roles")].startswith("Wizard is not a role")
    assert messages[(4, "Directorate")] == "There is no directorate called Nowhere"
    assert messages[(5, "Email")].startswith("ann@example.org is also on row 2")
    assert messages[(5, "Roles")].startswith("Patient or carer is not a role")
    assert messages[(6, "Email")] == (
        "Someone at another trust already has an account with this email"
    )
    assert [(r.email, r.action) for r in plan.rows] == [
        ("ann@example.org", "new"),
        ("sam@example.org", "unchanged"),
    ]
    assert plan.rows[0].roles == [Role.PROJECT_LEAD, Role.QI_STAFF]
    assert plan.rows[0].directorate == personas.directorate


def test_imported_staff_are_invited_set_a_password_and_sign_in(client, personas, upload, run_tasks):
    client.force_login(personas.alice)
    data = csv_bytes(
        [
            ["Ann One", "ann@example.org", "Project lead", "Adult Mental Health", "Nurse"],
            ["Sam Example", "sam@example.org", "QI staff", "", ""],
        ],
        headings=HEADINGS,
    )
    response = client.post(reverse("imports:staff-upload"), {"file": upload(data, "staff.csv")})
    job = ImportJob.objects.get(kind="staff")
    assert job.mapping == MAPPING  # the usual headings are recognised
    with run_tasks():
        client.post(reverse("imports:staff-columns", args=[job.pk]), MAPPING)
    page = client.get(reverse("imports:staff-job", args=[job.pk])).content.decode()
    assert "Adds the account and sends an email to set a password" in page
    assert not User.objects.filter(email="ann@example.org").exists()
    with run_tasks():
        client.post(reverse("imports:staff-job-run", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.summary == {"new": 1, "changed": 0, "unchanged": 1}
    ann = User.objects.get(email="ann@example.org")
    assert (ann.organisation, ann.directorate, ann.job_title) == (
        personas.trust,
        personas.directorate,
        "Nurse",
    )
    assert ann.role_set() == {Role.PROJECT_LEAD}
    assert [m.to for m in mail.outbox] == [["ann@example.org"]]

    client.logout()
    form_page = client.get(_link(mail.outbox[0].body), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "three random words", "new_password2": "three random words"},
    )
    response = client.post(
        "/account/sign-in/", {"username": "ann@example.org", "password": "three random words"}
    )
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == ann


@pytest.mark.parametrize("name", ["cora", "leo", "sam", "fin", "pat"])
def test_only_administrators_import_staff(client, personas, upload, name):
    client.force_login(getattr(personas, name))
    assert client.get(reverse("imports:staff-upload")).status_code == 403
    data = csv_bytes([["Ann One", "ann@example.org", "Administrator", "", ""]], headings=HEADINGS)
    response = client.post(reverse("imports:staff-upload"), {"file": upload(data)})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()
    assert not User.objects.filter(email="ann@example.org").exists()


def test_a_deactivated_account_cannot_sign_in_and_it_is_audited(client, personas):
    client.force_login(personas.alice)
    client.post(
        f"/account/users/{personas.sam.pk}/",
        {"details-full_name": "Sam Example", "details-email": "sam@example.org"},
    )
    personas.sam.refresh_from_db()
    assert not personas.sam.is_active
    assert AuditEvent.objects.get(action="account.details_changed").changes == {
        "is_active": [True, False]
    }
    client.logout()
    response = client.post(
        "/account/sign-in/", {"username": "sam@example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 200


def test_an_administrator_sends_a_new_link_to_someone_without_a_password(
    client, personas, run_tasks
):
    client.force_login(personas.alice)
    with run_tasks():
        client.post(
            "/account/users/new/",
            {"full_name": "Nia New", "email": "nia@example.org", "roles": [Role.QI_STAFF]},
        )
    nia = User.objects.get(email="nia@example.org")
    page = client.get(f"/account/users/{nia.pk}/").content.decode()
    assert "Send a new email to set a password" in page
    with run_tasks():
        response = client.post(f"/account/users/{nia.pk}/", {"send_invite": "1"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["nia@example.org"], ["nia@example.org"]]
    assert AuditEvent.objects.filter(action="account.invite_sent", target_id=str(nia.pk)).exists()
    # Someone who has a password is not sent one.
    with run_tasks():
        client.post(f"/account/users/{personas.sam.pk}/", {"send_invite": "1"})
    assert len(mail.outbox) == 2
    assert (
        "Send a new email" not in client.get(f"/account/users/{personas.sam.pk}/").content.decode()
    )
