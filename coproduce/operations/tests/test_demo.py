import pytest
from django.core.management import CommandError, call_command

from coproduce.accounts.models import Role, User
from coproduce.operations.demo import DEMO_PASSWORD
from coproduce.organisations.models import Directorate, Organisation, Service

pytestmark = pytest.mark.django_db

PERSONAS = {
    "admin@example.org": Role.ADMINISTRATOR,
    "coordinator@example.org": Role.INVOLVEMENT_TEAM,
    "lead@example.org": Role.PROJECT_LEAD,
    "staff@example.org": Role.QI_STAFF,
    "finance@example.org": Role.FINANCE,
    "patient@example.org": Role.POOL_MEMBER,
    "carer@example.org": Role.POOL_MEMBER,
}


def test_the_demo_creates_a_trust_with_three_directorates_and_about_ten_services():
    call_command("demo", "--quiet")
    trust = Organisation.objects.get(is_demo=True)
    assert Directorate.objects.filter(organisation=trust).count() == 3
    assert 8 <= Service.objects.filter(directorate__organisation=trust).count() <= 12


def test_every_published_sign_in_works_with_the_demo_password():
    call_command("demo", "--quiet")
    for email, role in PERSONAS.items():
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD), email
        assert user.has_role(role), email


def test_the_password_can_be_chosen():
    call_command("demo", "--quiet", "--password", "another-password")
    assert User.objects.get(email="admin@example.org").check_password("another-password")


def test_running_the_demo_twice_changes_nothing():
    call_command("demo", "--quiet")
    counts = {model: model.objects.count() for model in (User, Organisation, Directorate, Service)}
    call_command("demo", "--quiet")
    assert {model: model.objects.count() for model in counts} == counts


def test_the_demo_refuses_a_database_with_real_data():
    Organisation.objects.create(name="A Real NHS Trust")
    with pytest.raises(CommandError, match="not demo data"):
        call_command("demo", "--quiet")
    assert not User.objects.exists()


def test_the_demo_refuses_a_database_with_real_accounts():
    call_command("demo", "--quiet")
    User.objects.create_user(email="someone@nhs.net", full_name="Real Person")
    with pytest.raises(CommandError, match="not demo accounts"):
        call_command("demo", "--quiet")


def test_it_lists_the_sign_ins(capsys):
    call_command("demo", "--list")
    out = capsys.readouterr().out
    for email in PERSONAS:
        assert email in out
    assert "coproduce-demo" in out


def test_the_demo_trust_has_its_own_involvement_team_contact_details():
    from coproduce.organisations.contact import team_contact

    call_command("demo", "--quiet")
    team = team_contact(Organisation.objects.get(is_demo=True))
    assert team.name == "Patient and Carer Involvement Team"
    assert team.email == "involvement@riverside.example.org"
    assert team.phone == "020 7946 0123"
