"""The involvement team's list of checks running out, and the tags on a member's profile."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.accounts.tests.factories import UserFactory
from coproduce.organisations.models import Organisation
from coproduce.pool import presenters, services
from coproduce.pool.models import CheckKind, ReminderStage
from coproduce.pool.tests.checks import in_days, running_out
from coproduce.pool.tests.factories import CheckFactory

pytestmark = pytest.mark.django_db

URL = "/pool/checks/"


@pytest.fixture
def checks(personas, pat_member):  # type: ignore[no-untyped-def]
    return running_out(personas, pat_member)


def test_the_team_sees_checks_running_out_soonest_first(client, personas, pat_member, checks):
    client.force_login(personas.cora)
    body = client.get(URL).content.decode()
    assert "<h1>Checks running out</h1>" in body
    assert "3 checks" in body
    rita, pam, pat = (body.index(name) for name in ("Rita Singh", "Pam Okafor", "Pat Example"))
    assert rita < pam < pat
    assert "Expired" in body and "3 days ago" in body
    assert "Runs out in 5 days" in body and "Runs out in 40 days" in body
    assert "(paused)" in body
    assert reverse("pool:member-detail", args=[pat_member.pk]) in body
    for hidden in ("Len Left", "Former member", "Olive", "Ravi Renewed", "PAT-DBS-SECRET"):
        assert hidden not in body, hidden


def test_the_list_says_which_reminder_was_last_sent(client, personas, pat_member):
    check = CheckFactory(member=pat_member, expires_on=in_days(20))
    client.force_login(personas.cora)
    assert "None sent yet" in client.get(URL).content.decode()
    services.send_check_reminders()
    check.refresh_from_db()
    assert check.reminder_stage == ReminderStage.DAYS_30
    today = timezone.localdate()
    assert f"30 days before, sent {today:%-d %B %Y}" in client.get(URL).content.decode()


def test_an_empty_list_says_so(client, personas):
    client.force_login(personas.cora)
    body = client.get(URL).content.decode()
    assert "No checks run out in the next 60 days, and none have run out." in body


def test_the_pool_page_links_to_the_list_with_a_count(client, personas, checks):
    client.force_login(personas.cora)
    body = client.get(reverse("pool:list")).content.decode()
    assert f'<a href="{URL}">Checks running out (3)</a>' in body


def test_another_trusts_team_sees_only_its_own_checks(client, personas, checks):
    outsider = UserFactory(organisation=personas.other_trust, roles=[Role.INVOLVEMENT_TEAM])
    client.force_login(outsider)
    body = client.get(URL).content.decode()
    assert "Olive Outside" in body
    for name in ("Rita Singh", "Pam Okafor", "Pat Example"):
        assert name not in body
    for page in ("2", "0", "-1", "999", "x"):
        assert "Rita Singh" not in client.get(URL, {"page": page}).content.decode()


@pytest.mark.parametrize("name", ["alice", "leo", "sam", "fin", "pat", "carl", "olga"])
def test_everyone_outside_the_involvement_team_is_refused(client, personas, checks, name):
    client.force_login(getattr(personas, name))
    response = client.get(URL)
    assert response.status_code == 403
    assert "Rita Singh" not in response.content.decode()


def test_visitors_are_asked_to_sign_in(client, checks):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_the_page_only_answers_reads(client, personas):
    client.force_login(personas.cora)
    assert client.post(URL).status_code == 405


def test_a_member_sees_only_their_own_checks(client, personas, pat_member, carl_member):
    CheckFactory(member=pat_member, expires_on=in_days(12), reference="PAT-REF")
    CheckFactory(member=carl_member, kind=CheckKind.REFERENCES, expires_on=in_days(-2))
    client.force_login(personas.carl)
    body = client.get(reverse("training:my-training")).content.decode()
    assert "References" in body and "Expired" in body
    assert "DBS check" not in body and "Runs out in 12 days" not in body
    assert client.get(reverse("pool:member-detail", args=[pat_member.pk])).status_code == 403


def test_the_profile_tags_checks_by_how_soon_they_run_out(client, personas, pat_member):
    CheckFactory(member=pat_member, checked_on=in_days(-1000), expires_on=in_days(-30))
    CheckFactory(member=pat_member, checked_on=in_days(-10), expires_on=in_days(25))
    CheckFactory(member=pat_member, kind=CheckKind.REFERENCES, expires_on=in_days(-1))
    CheckFactory(member=pat_member, kind=CheckKind.CONFIDENTIALITY, expires_on=in_days(200))
    client.force_login(personas.cora)
    body = client.get(reverse("pool:member-detail", args=[pat_member.pk])).content.decode()
    section = body[body.index("<h2>Checks</h2>") : body.index("<h2>Invitations</h2>")]
    tags = re.findall(r'class="nhsuk-tag[^"]*"\s*>\s*([^<]+?)\s*<', section)
    # Newest first: the new DBS check, the confidentiality agreement, the references, and last
    # the DBS check the new one renewed, which no longer shows as "Expired".
    assert tags == ["Runs out in 25 days", "Current", "Expired", "Renewed"]


def test_profile_tags_in_detail(personas, pat_member):
    today = timezone.localdate()
    CheckFactory(member=pat_member, checked_on=in_days(-400), expires_on=in_days(0))
    CheckFactory(member=pat_member, kind=CheckKind.REFERENCES, expires_on=in_days(1))
    CheckFactory(member=pat_member, kind=CheckKind.OTHER, expires_on=in_days(60))
    CheckFactory(member=pat_member, kind=CheckKind.CONFIDENTIALITY, expires_on=in_days(61))
    rows = {
        row["check"].kind: (row["state"], row["colour"])
        for row in presenters.checks(pat_member, today)
    }
    assert rows == {
        "dbs": ("Runs out today", "orange"),
        "references": ("Runs out tomorrow", "orange"),
        "other": ("Runs out in 60 days", "yellow"),
        "confidentiality": ("Current", "green"),
    }


def test_list_rows_say_how_long_ago_a_check_ran_out(personas, pat_member):
    today = timezone.localdate()
    CheckFactory(member=pat_member, expires_on=in_days(-1))
    CheckFactory(member=pat_member, kind=CheckKind.REFERENCES, expires_on=in_days(-10))
    CheckFactory(member=pat_member, kind=CheckKind.OTHER, expires_on=in_days(9))
    rows = presenters.checks_running_out(services.checks_running_out(personas.trust, today), today)
    assert [(row["state"], row["ago"], row["days_left"]) for row in rows] == [
        ("Expired", "10 days ago", -10),
        ("Expired", "1 day ago", -1),
        ("Runs out in 9 days", "", 9),
    ]


def test_the_team_finds_the_list_from_the_home_page_and_others_do_not(client, personas):
    client.force_login(personas.cora)
    assert f'href="{URL}"' in client.get("/").content.decode()
    for name in ("alice", "leo", "fin", "pat"):
        client.force_login(getattr(personas, name))
        assert f'href="{URL}"' not in client.get("/").content.decode(), name


def test_the_demo_has_a_check_running_out_and_reminds_about_it_once():
    call_command("demo", "--quiet")
    trust = Organisation.objects.get(is_demo=True)
    (check,) = services.checks_running_out(trust)
    assert (check.member.email, check.kind) == ("carer@example.org", CheckKind.REFERENCES)
    assert services.send_check_reminders().checks == 1
    call_command("demo", "--quiet")
    assert services.checks_running_out(trust).count() == 1
    assert services.send_check_reminders().checks == 0
