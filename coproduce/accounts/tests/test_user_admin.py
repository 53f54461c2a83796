import pytest
from django.core import mail

from coproduce.accounts.models import Role, User
from coproduce.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client, personas):
    response = client.get("/account/users/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/?next=")


@pytest.mark.parametrize("name", ["cora", "leo", "sam", "fin", "pat", "carl"])
def test_only_administrators_manage_users(client, personas, name):
    client.force_login(getattr(personas, name))
    assert client.get("/account/users/").status_code == 403
    assert client.get(f"/account/users/{personas.sam.pk}/").status_code == 403
    assert client.post("/account/users/new/", {"full_name": "X"}).status_code == 403


def test_an_administrator_sees_only_their_own_trusts_people(client, personas):
    client.force_login(personas.alice)
    page = client.get("/account/users/").content.decode()
    assert "sam@example.org" in page
    assert "olga@example.org" not in page
    assert client.get(f"/account/users/{personas.olga.pk}/").status_code == 404


def test_an_administrator_changes_roles_and_it_is_audited(client, personas):
    client.force_login(personas.alice)
    response = client.post(
        f"/account/users/{personas.sam.pk}/",
        {"save_roles": "1", "roles-roles": [Role.QI_STAFF, Role.PROJECT_LEAD]},
    )
    assert response.status_code == 302
    personas.sam.forget_roles()
    assert personas.sam.role_set() == {Role.QI_STAFF, Role.PROJECT_LEAD}
    event = AuditEvent.objects.get(action="account.roles_changed")
    assert event.actor == personas.alice
    assert event.target_id == str(personas.sam.pk)
    assert event.changes == {"roles": [["qi_staff"], ["project_lead", "qi_staff"]]}


def test_an_administrator_cannot_remove_their_own_administrator_role(client, personas):
    client.force_login(personas.alice)
    response = client.post(
        f"/account/users/{personas.alice.pk}/", {"save_roles": "1", "roles-roles": [Role.QI_STAFF]}
    )
    assert response.status_code == 200
    assert "You cannot remove your own Administrator role" in response.content.decode()
    assert personas.alice.role_grants.filter(role=Role.ADMINISTRATOR).exists()


def test_adding_a_person_sends_them_a_link_to_choose_a_password(
    client, personas, django_capture_on_commit_callbacks
):
    client.force_login(personas.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/account/users/new/",
            {
                "full_name": "Nia New",
                "preferred_name": "",
                "email": "Nia.New@Example.org",
                "job_title": "Nurse",
                "roles": [Role.QI_STAFF],
            },
        )
    assert response.status_code == 302
    nia = User.objects.get(email="nia.new@example.org")
    assert nia.organisation == personas.trust
    assert not nia.has_usable_password()
    assert nia.role_set() == {Role.QI_STAFF}
    assert len(mail.outbox) == 1 and "/account/password-reset/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="account.created", target_id=str(nia.pk)).exists()


def test_a_new_person_needs_a_role_and_a_unique_email(client, personas):
    client.force_login(personas.alice)
    response = client.post(
        "/account/users/new/",
        {"full_name": "Dup", "email": "SAM@example.org", "job_title": "", "preferred_name": ""},
    )
    body = response.content.decode()
    assert "Someone already has an account with this email address" in body
    assert "Select at least one role" in body
    assert User.objects.filter(full_name="Dup").count() == 0


def test_switching_an_account_off_is_audited_with_what_changed(client, personas):
    client.force_login(personas.alice)
    client.post(
        f"/account/users/{personas.sam.pk}/",
        {
            "save_details": "1",
            "details-full_name": "Sam Example",
            "details-preferred_name": "",
            "details-email": "sam@example.org",
            "details-job_title": "",
        },
    )
    personas.sam.refresh_from_db()
    assert personas.sam.is_active is False
    event = AuditEvent.objects.get(action="account.details_changed")
    assert event.changes == {"is_active": [True, False]}
