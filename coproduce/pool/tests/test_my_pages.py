import csv
import io
import json

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.accounts.models import Role
from coproduce.accounts.tests.factories import UserFactory
from coproduce.audit.models import AuditEvent
from coproduce.matching.models import Invitation
from coproduce.matching.tests.factories import OpportunityFactory
from coproduce.pool.models import MemberStatus
from coproduce.projects.models import TeamMember
from coproduce.projects.tests.factories import make_project
from coproduce.training.models import Completion, Course

pytestmark = pytest.mark.django_db


def test_a_member_sees_their_own_pages_and_the_menu_links_to_them(client, personas, pat_member):
    client.force_login(personas.pat)
    response = client.get(reverse("pool:my-involvement"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "You have no invitations waiting" in body
    for name in ("pool:my-projects", "training:my-training", "pool:my-details", "pool:my-data"):
        assert reverse(name) in body
        assert client.get(reverse(name)).status_code == 200
    assert "My payments" in body
    assert reverse("payments:my-claims") in body


def test_my_training_lists_completions_for_their_sign_in(client, personas, pat_member):
    course = Course.objects.create(
        organisation=personas.trust, title="QI for patients and carers", audience="both"
    )
    Completion.objects.create(course=course, user=personas.pat, completed_on="2026-03-01")
    Completion.objects.create(course=course, user=personas.carl, completed_on="2026-03-02")
    client.force_login(personas.pat)
    body = client.get(reverse("training:my-training")).content.decode()
    assert "QI for patients and carers" in body
    assert "1 March 2026" in body and "2 March 2026" not in body
    # The same record as the training pages, with their certificate.
    own = Completion.objects.get(user=personas.pat)
    assert "Does not expire" in body and "Complete" in body
    assert reverse("training:certificate", args=[own.pk]) in body


def test_the_team_sees_a_members_training_on_their_profile(client, personas, pat_member):
    course = Course.objects.create(
        organisation=personas.trust, title="QI for patients and carers", audience="both"
    )
    expired = Completion.objects.create(
        course=course, user=personas.pat, completed_on="2022-03-01", expires_on="2024-03-01"
    )
    client.force_login(personas.cora)
    body = client.get(reverse("pool:member-detail", args=[pat_member.pk])).content.decode()
    assert "QI for patients and carers" in body and "1 March 2022" in body
    assert "Expired" in body
    assert reverse("training:certificate", args=[expired.pk]) in body
    # Someone without a sign-in has no training record yet.
    pat_member.user = None
    pat_member.save(update_fields=["user"])
    body = client.get(reverse("pool:member-detail", args=[pat_member.pk])).content.decode()
    assert "No training completed yet" in body


def test_my_projects_shows_the_teams_they_are_on(client, personas, pat_member):
    project = make_project(personas)
    TeamMember.objects.create(
        project=project, pool_member=pat_member, is_patient_or_carer=True, joined_on="2026-02-01"
    )
    client.force_login(personas.pat)
    body = client.get(reverse("pool:my-projects")).content.decode()
    assert project.title in body and "Leo Example" in body


def test_a_member_updates_their_own_details(client, personas, pat_member):
    client.force_login(personas.pat)
    response = client.post(
        reverse("pool:my-details"),
        {
            "first_name": "Pat",
            "last_name": "Morgan",
            "email": "pat@example.org",
            "kind": "patient",
            "remote": "on",
            "max_hours_per_month": "4",
            "payment_preference": "declined",
            "languages": "English,  Welsh ,",
        },
    )
    assert response.status_code == 302
    pat_member.refresh_from_db()
    assert pat_member.payment_preference == "declined"
    assert pat_member.languages == "English, Welsh"
    assert pat_member.max_hours_per_month == 4


def test_a_member_with_a_sign_in_must_keep_an_email_address(client, personas, pat_member):
    client.force_login(personas.pat)
    body = client.post(
        reverse("pool:my-details"),
        {
            "first_name": "Pat",
            "email": "",
            "kind": "patient",
            "remote": "on",
            "max_hours_per_month": "4",
            "payment_preference": "paid",
        },
    ).content.decode()
    assert "Enter your email address: you sign in with it" in body


def test_downloads_hold_everything_about_them_and_nothing_about_anyone_else(
    client, personas, pat_member, carl_member
):
    pat_member.about_me = "=HYPERLINK(evil)"
    pat_member.save()
    client.force_login(personas.pat)
    response = client.get(reverse("pool:my-data-download", args=["json"]))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["details"]["email"] == "pat@example.org"
    assert data["lived_experience"]["more_about_my_experience"] == "Years on Willow Ward"
    assert data["adjustments"] == "Breaks"
    assert "carl" not in response.content.decode().lower()
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("pool:my-data-download", args=["csv"])).content.decode())
        )
    )
    assert rows[0] == ["section", "item", "value"]
    assert ["details", "email", "pat@example.org"] in rows
    assert ["details", "what_i_would_like_to_do", "'=HYPERLINK(evil)"] in rows
    assert client.get("/pool/me/data/download.xml").status_code == 404


def test_asking_for_deletion_tells_the_team_who_then_anonymise_the_person(
    client, personas, pat_member, django_capture_on_commit_callbacks
):
    project = make_project(personas)
    team_row = TeamMember.objects.create(
        project=project, pool_member=pat_member, is_patient_or_carer=True, joined_on="2026-02-01"
    )
    client.force_login(personas.pat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pool:my-data-delete"))
    pat_member.refresh_from_db()
    assert pat_member.deletion_requested_at is not None
    assert [m.to for m in mail.outbox] == [["involvement@example.org"]]
    assert "Years on Willow Ward" not in mail.outbox[0].body

    client.force_login(personas.cora)
    detail = client.get(reverse("pool:member-detail", args=[pat_member.pk])).content.decode()
    assert "Asked for their details to be deleted" in detail
    client.post(reverse("pool:member-delete", args=[pat_member.pk]))
    pat_member.refresh_from_db()
    personas.pat.refresh_from_db()
    assert pat_member.is_anonymised
    assert pat_member.first_name == "Former member" and pat_member.email == ""
    assert pat_member.experience_notes == "" and pat_member.adjustments == ""
    assert pat_member.status == MemberStatus.LEFT
    assert not personas.pat.is_active
    assert "pat" not in personas.pat.email
    assert TeamMember.objects.get(pk=team_row.pk).pool_member_id == pat_member.pk
    assert AuditEvent.objects.filter(action="pool.member_anonymised").exists()


def test_a_pool_member_cannot_reach_the_team_pages_or_anyone_elses_data(
    client, personas, pat_member, carl_member
):
    client.force_login(personas.pat)
    assert client.get(reverse("pool:list")).status_code == 403
    assert client.get(reverse("pool:member-detail", args=[carl_member.pk])).status_code == 403
    assert client.get(reverse("pool:member-detail", args=[pat_member.pk])).status_code == 403
    assert client.get(reverse("pool:member-edit", args=[carl_member.pk])).status_code == 403
    assert client.post(reverse("pool:member-delete", args=[carl_member.pk])).status_code == 403


def test_someone_with_the_role_but_no_pool_record_cannot_open_the_members_pages(client, personas):
    client.force_login(personas.carl)
    assert client.get(reverse("pool:my-involvement")).status_code == 403
    assert client.get(reverse("pool:my-data-download", args=["json"])).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, personas, pat_member):
    for url in (
        reverse("pool:list"),
        reverse("pool:member-detail", args=[pat_member.pk]),
        reverse("pool:my-involvement"),
        reverse("pool:my-data-download", args=["json"]),
        reverse("pool:options"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:sign-in")), url


@pytest.mark.parametrize("name", ["leo", "sam", "fin", "alice"])
def test_staff_outside_the_involvement_team_cannot_see_the_pool(client, personas, pat_member, name):
    client.force_login(getattr(personas, name))
    assert client.get(reverse("pool:list")).status_code == 403
    assert client.get(reverse("pool:member-detail", args=[pat_member.pk])).status_code == 403
    assert client.get(reverse("pool:options")).status_code == 403


def test_another_trusts_involvement_team_gets_not_found_for_guessed_ids(
    client, personas, pat_member
):
    outsider = UserFactory(organisation=personas.other_trust, roles=[Role.INVOLVEMENT_TEAM])
    client.force_login(outsider)
    for name in ("pool:member-detail", "pool:member-edit", "pool:member-status", "pool:check-new"):
        assert client.get(reverse(name, args=[pat_member.pk])).status_code == 404, name
    assert client.post(reverse("pool:member-delete", args=[pat_member.pk])).status_code == 404
    assert "pat@example.org" not in client.get(reverse("pool:list")).content.decode()
    assert "0 people" in client.get(reverse("pool:list")).content.decode()


def test_a_member_cannot_open_someone_elses_invitation(client, personas, pat_member, carl_member):
    project = make_project(personas)
    opportunity = OpportunityFactory(project=project)
    theirs = Invitation.objects.create(
        opportunity=opportunity, member=carl_member, sent_by=personas.cora
    )
    client.force_login(personas.pat)
    assert client.get(reverse("pool:my-invitation", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("pool:my-invitation", args=[theirs.pk]), {"answer": "accept"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "sent"


def test_only_the_member_and_the_team_may_see_sensitive_details(personas, pat_member):
    assert personas.pat.has_perm("pool.view_sensitive_details", pat_member)
    assert personas.cora.has_perm("pool.view_sensitive_details", pat_member)
    for name in ("carl", "leo", "sam", "fin", "alice", "olga"):
        assert not getattr(personas, name).has_perm("pool.view_sensitive_details", pat_member)


def test_changing_my_email_changes_my_sign_in_unless_someone_else_uses_it(
    client, personas, pat_member
):
    client.force_login(personas.pat)
    details = {
        "first_name": "Pat",
        "kind": "patient",
        "remote": "on",
        "max_hours_per_month": "4",
        "payment_preference": "paid",
    }
    body = client.post(
        reverse("pool:my-details"), {**details, "email": "carl@example.org"}
    ).content.decode()
    assert "Someone else already signs in with this email address" in body
    client.post(reverse("pool:my-details"), {**details, "email": "Pat.New@example.org"})
    personas.pat.refresh_from_db()
    pat_member.refresh_from_db()
    assert pat_member.email == personas.pat.email == "pat.new@example.org"
