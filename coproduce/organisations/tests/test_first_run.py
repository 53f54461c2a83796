"""The first administrator of an empty installation sets up their trust, on a page or by command."""

import pytest
from django.core.management import CommandError, call_command

from coproduce.accounts.models import Role, User
from coproduce.audit.models import AuditEvent
from coproduce.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(db):
    """An administrator made by createsuperuser: no trust yet."""
    return User.objects.create_superuser(
        email="first@example.org", password="a-long-enough-password", full_name="First Admin"
    )


def test_the_home_page_sends_an_administrator_without_a_trust_to_set_one_up(client, newcomer):
    client.force_login(newcomer)
    page = client.get("/").content.decode()
    assert "Set up your trust" in page
    assert 'href="/organisations/new/"' in page


def test_an_administrator_with_a_trust_is_not_asked_to_set_one_up(client, personas):
    client.force_login(personas.alice)
    assert "Set up your trust first" not in client.get("/").content.decode()
    assert client.get("/organisations/new/").status_code == 403


@pytest.mark.parametrize("name", ["cora", "leo", "fin", "pat"])
def test_only_an_administrator_without_a_trust_sets_one_up(client, personas, name):
    person = getattr(personas, name)
    User.objects.filter(pk=person.pk).update(organisation=None)
    person.refresh_from_db()
    client.force_login(person)
    assert client.get("/organisations/new/").status_code == 403
    response = client.post("/organisations/new/", {"name": "Sneaky Trust", "ods_code": "RZZ"})
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Sneaky Trust").exists()


def test_visitors_are_sent_to_sign_in(client, db):
    assert client.get("/organisations/new/")["Location"].startswith("/account/sign-in/")


def test_the_administrator_creates_the_trust_and_becomes_its_administrator(client, newcomer):
    client.force_login(newcomer)
    response = client.post(
        "/organisations/new/",
        {
            "name": "  Riverside   NHS Foundation Trust ",
            "short_name": "Riverside",
            "ods_code": "rv 3",
        },
    )
    assert response.status_code == 302
    trust = Organisation.objects.get()
    assert (trust.name, trust.short_name, trust.ods_code) == (
        "Riverside NHS Foundation Trust",
        "Riverside",
        "RV3",
    )
    newcomer.refresh_from_db()
    assert newcomer.organisation == trust
    assert newcomer.has_role(Role.ADMINISTRATOR)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"organisations.organisation_created", "account.details_changed"} <= actions
    # Once they have a trust the page is closed to them: they cannot make a second one.
    assert client.get("/organisations/new/").status_code == 403


@pytest.mark.parametrize(
    ("ods_code", "message"),
    [
        ("", "Enter the trust&#39;s ODS code"),
        ("RV3A", "Enter the ODS code in the correct format, like RV3"),
        ("12345", "Enter the ODS code in the correct format, like RV3"),
    ],
)
def test_a_wrong_ods_code_is_refused_with_a_clear_message(client, newcomer, ods_code, message):
    client.force_login(newcomer)
    response = client.post("/organisations/new/", {"name": "Riverside", "ods_code": ods_code})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "nhsuk-error-summary" in page
    assert not Organisation.objects.exists()


def test_a_trust_that_exists_is_not_made_again(client, newcomer, personas):
    client.force_login(newcomer)
    Organisation.objects.filter(pk=personas.trust.pk).update(ods_code="RV3")
    response = client.post(
        "/organisations/new/", {"name": personas.trust.name.upper(), "ods_code": "RV3"}
    )
    page = response.content.decode()
    assert "There is already a trust with this name" in page
    assert "There is already a trust with this ODS code" in page
    newcomer.refresh_from_db()
    assert newcomer.organisation is None


def _setup(**extra):  # type: ignore[no-untyped-def]
    from io import StringIO

    out = StringIO()
    options = {
        "trust_name": "Riverside NHS Foundation Trust",
        "ods_code": "RV3",
        "admin_email": "Jane.Smith@example.org",
    } | extra
    call_command("setup", stdout=out, **options)
    return out.getvalue()


def test_setup_creates_the_trust_and_invites_its_administrator(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        output = _setup()
    trust = Organisation.objects.get()
    admin = User.objects.get(email="jane.smith@example.org")
    assert admin.organisation == trust
    assert admin.full_name == "Jane Smith"
    assert admin.has_role(Role.ADMINISTRATOR)
    assert not admin.has_usable_password()
    assert [m.to for m in mailoutbox] == [["jane.smith@example.org"]]
    assert "/account/password-reset/" in mailoutbox[0].body
    assert "has been set up" in output
    assert AuditEvent.objects.filter(action="organisations.organisation_created").count() == 1


def test_setup_run_again_changes_nothing(db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _setup()
    events = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        output = _setup(ods_code="rv3")
    assert "Nothing has been changed" in output
    assert Organisation.objects.count() == 1
    assert User.objects.count() == 1
    assert AuditEvent.objects.count() == events
    assert len(mailoutbox) == 1


def test_setup_uses_an_administrator_made_by_createsuperuser(newcomer, mailoutbox):
    _setup(admin_email="first@example.org")
    newcomer.refresh_from_db()
    assert newcomer.organisation.ods_code == "RV3"
    assert newcomer.check_password("a-long-enough-password")
    assert mailoutbox == []


@pytest.mark.parametrize(
    "extra",
    [
        {"admin_email": "someone.else@example.org"},
        {"ods_code": "RWK"},
        {"trust_name": "Another Name NHS Trust"},
    ],
)
def test_setup_refuses_to_touch_a_trust_that_exists(db, extra):
    _setup()
    before = list(Organisation.objects.values())
    with pytest.raises(CommandError, match="never changes a trust that exists"):
        # Same name or same ODS code, but not the same set-up as before.
        _setup(**({"trust_name": "Riverside NHS Foundation Trust", "ods_code": "RV3"} | extra))
    assert list(Organisation.objects.values()) == before
    assert User.objects.count() == 1


def test_setup_refuses_an_administrator_of_another_trust(personas):
    with pytest.raises(CommandError, match="already belongs to"):
        _setup(admin_email="olga@example.org")
    assert not Organisation.objects.filter(ods_code="RV3").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [({"ods_code": "R-V3"}, "is not an ODS code"), ({"admin_email": "nobody"}, "email address")],
)
def test_setup_explains_bad_answers(db, extra, message):
    with pytest.raises(CommandError, match=message):
        _setup(**extra)
    assert not Organisation.objects.exists()


def test_a_superuser_passes_only_the_rules_of_the_roles_they_hold(newcomer):
    # createsuperuser makes an administrator; being a superuser gives no other permission.
    assert newcomer.has_perm("organisations.add_organisation")
    assert not newcomer.has_perm("pool.view_own_pages")
    assert not newcomer.has_perm("payments.view_batches")
