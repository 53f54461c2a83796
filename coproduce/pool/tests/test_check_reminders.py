"""Reminders about checks running out: each stage once, to the right people, calmly worded."""

import datetime
import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.accounts.tests.factories import UserFactory
from coproduce.audit.models import AuditEvent
from coproduce.pool import services
from coproduce.pool.models import CheckKind, MemberStatus, ReminderStage
from coproduce.pool.tests.factories import CheckFactory, PoolMemberFactory

pytestmark = pytest.mark.django_db

# 3 March 2027 is 30 days after this.
TODAY = datetime.date(2027, 2, 1)


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


def dbs(member, expires_in: int, **kwargs):  # type: ignore[no-untyped-def]
    return CheckFactory(member=member, checked_on=day(-1000), expires_on=day(expires_in), **kwargs)


def sent_to(address: str) -> list:  # type: ignore[type-arg]
    return [message for message in mail.outbox if address in message.to]


def test_each_threshold_is_sent_once_however_often_the_job_runs(personas, pat_member):
    check = dbs(pat_member, expires_in=62)
    told_on = []
    for offset in range(0, 70):  # the job runs twice a day for ten weeks
        for _ in range(2):
            if services.send_check_reminders(day(offset)).checks:
                told_on.append(day(offset))
    # 60, 30 and 7 days before 4 April 2027, and the day after it ran out.
    assert told_on == [day(2), day(32), day(55), day(63)]
    assert len(sent_to("cora@example.org")) == 4
    assert len(sent_to("pat@example.org")) == 4
    check.refresh_from_db()
    assert check.reminder_stage == ReminderStage.EXPIRED
    assert check.last_reminded_on == day(63)


def test_a_job_that_missed_days_sends_only_the_most_urgent_stage(personas, pat_member):
    check = dbs(pat_member, expires_in=5)
    result = services.send_check_reminders(TODAY)
    assert (result.checks, result.member_notes, result.team_summaries) == (1, 1, 1)
    assert len(mail.outbox) == 2
    check.refresh_from_db()
    assert check.reminder_stage == ReminderStage.DAYS_7
    assert services.send_check_reminders(day(3)).checks == 0


def test_a_check_that_has_run_out_is_told_once(personas, pat_member):
    dbs(pat_member, expires_in=-1)
    assert services.send_check_reminders(TODAY).checks == 1
    (note,) = sent_to("pat@example.org")
    assert note.subject == "Your DBS check ran out on 31 January 2027"
    for later in (0, 1, 30, 400):
        assert services.send_check_reminders(day(later)).checks == 0
    assert len(mail.outbox) == 2


def test_a_renewed_check_sends_nothing_more(personas, pat_member):
    old = dbs(pat_member, expires_in=20)
    services.record_check(
        pat_member,
        kind=CheckKind.DBS,
        checked_on=day(-2),
        expires_on=day(3 * 365),
        reference="NEW-1",
        by=personas.cora,
    )
    assert services.send_check_reminders(TODAY).checks == 0
    assert services.send_check_reminders(day(21)).checks == 0
    assert mail.outbox == []
    old.refresh_from_db()
    assert old.reminder_stage == ReminderStage.NONE


def test_renewing_one_kind_of_check_leaves_the_others_reminded(personas, pat_member):
    dbs(pat_member, expires_in=200)
    references = dbs(pat_member, expires_in=20, kind=CheckKind.REFERENCES)
    assert services.send_check_reminders(TODAY).checks == 1
    references.refresh_from_db()
    assert references.reminder_stage == ReminderStage.DAYS_30
    (note,) = sent_to("pat@example.org")
    assert "Your references run out on 21 February 2027." in note.body
    assert "renew them" in note.body


def test_the_member_gets_a_calm_plain_note(personas, pat_member):
    dbs(pat_member, expires_in=30)
    services.send_check_reminders(TODAY)
    (note,) = sent_to("pat@example.org")
    assert note.to == ["pat@example.org"]
    assert note.subject == "Your DBS check runs out on 3 March 2027"
    assert note.body.startswith("Hello Pat,")
    assert (
        "Your DBS check runs out on 3 March 2027. The involvement team will be in touch to "
        "renew it; you do not need to do anything yet." in note.body
    )
    lowered = note.body.lower()
    for word in ("urgent", "overdue", "must", "failed", "immediately", "warning"):
        assert word not in lowered
    # Nothing about the team's list or anyone else.
    assert "/pool/" not in note.body


def test_the_team_gets_one_summary_naming_each_person_and_check_with_links(personas, pat_member):
    carl = PoolMemberFactory(organisation=personas.trust, first_name="Carl", last_name="Example")
    dbs(pat_member, expires_in=30)
    dbs(carl, expires_in=-1, kind=CheckKind.CONFIDENTIALITY)
    result = services.send_check_reminders(TODAY)
    assert (result.checks, result.team_summaries) == (2, 1)
    (summary,) = sent_to("cora@example.org")
    assert summary.to == ["cora@example.org"]
    assert summary.subject == "2 checks to renew in the involvement pool"
    assert "Pat Example: DBS check, runs out on 3 March 2027 (in 30 days)" in summary.body
    assert f"{settings.SITE_URL}/pool/{pat_member.pk}/\n" in summary.body
    assert "Carl Example: Confidentiality agreement, ran out on 31 January 2027" in summary.body
    assert f"{settings.SITE_URL}/pool/checks/" in summary.body


def test_only_the_members_own_organisations_active_team_is_emailed(personas, pat_member):
    elsewhere_team = UserFactory(
        email="eve@elsewhere.example",
        organisation=personas.other_trust,
        roles=[Role.INVOLVEMENT_TEAM],
    )
    UserFactory(
        email="gone@example.org",
        organisation=personas.trust,
        roles=[Role.INVOLVEMENT_TEAM],
        is_active=False,
    )
    outsider = PoolMemberFactory(
        organisation=personas.other_trust,
        first_name="Olive",
        last_name="Okafor",
        email="olive@example.org",
    )
    dbs(pat_member, expires_in=10)
    dbs(outsider, expires_in=10)
    result = services.send_check_reminders(TODAY)
    assert (result.checks, result.team_summaries) == (2, 2)
    (ours,) = sent_to("cora@example.org")
    (theirs,) = sent_to(elsewhere_team.email)
    assert "Pat Example" in ours.body and "Olive" not in ours.body
    assert "Olive Okafor" in theirs.body and "Pat Example" not in theirs.body
    everyone = {address for message in mail.outbox for address in message.to}
    assert everyone == {
        "cora@example.org",
        "eve@elsewhere.example",
        "pat@example.org",
        "olive@example.org",
    }
    # Administrators, leads, staff and finance are not the involvement team.
    for name in ("alice", "leo", "sam", "fin", "olga", "carl"):
        assert sent_to(f"{name}@example.org") == []


def test_people_who_left_or_were_deleted_are_not_reminded_or_claimed(personas, pat_member):
    left = PoolMemberFactory(organisation=personas.trust, status=MemberStatus.LEFT)
    gone = PoolMemberFactory(organisation=personas.trust, is_anonymised=True, email="")
    left_check = dbs(left, expires_in=5)
    gone_check = dbs(gone, expires_in=5)
    assert services.send_check_reminders(TODAY).checks == 0
    assert mail.outbox == []
    left_check.refresh_from_db()
    gone_check.refresh_from_db()
    assert left_check.reminder_stage == gone_check.reminder_stage == ReminderStage.NONE


def test_paused_people_and_enquiries_are_left_to_the_team(personas):
    paused = PoolMemberFactory(
        organisation=personas.trust, status=MemberStatus.PAUSED, email="paused@example.org"
    )
    enquiry = PoolMemberFactory(
        organisation=personas.trust, status=MemberStatus.ENQUIRY, email="enquiry@example.org"
    )
    no_email = PoolMemberFactory(organisation=personas.trust, email="")
    for member in (paused, enquiry, no_email):
        dbs(member, expires_in=25)
    result = services.send_check_reminders(TODAY)
    assert (result.checks, result.member_notes, result.team_summaries) == (3, 0, 1)
    assert [message.to for message in mail.outbox] == [["cora@example.org"]]


def test_an_organisation_without_a_team_still_notes_the_member_and_says_so(personas, caplog):
    personas.cora.role_grants.all().delete()
    member = PoolMemberFactory(organisation=personas.trust, email="mo@example.org")
    dbs(member, expires_in=7)
    result = services.send_check_reminders(TODAY)
    assert (result.checks, result.member_notes, result.team_summaries) == (1, 1, 0)
    assert result.organisations_without_team == 1
    assert [message.to for message in mail.outbox] == [["mo@example.org"]]
    assert "no active involvement team" in caplog.text


def test_a_failed_email_leaves_the_reminder_due_for_the_next_run(personas, pat_member, monkeypatch):
    check = dbs(pat_member, expires_in=30)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ConnectionError("mail relay down")

    monkeypatch.setattr(services, "_send_team_summary", broken)
    with pytest.raises(ConnectionError):
        services.send_check_reminders(TODAY)
    check.refresh_from_db()
    assert check.reminder_stage == ReminderStage.NONE
    monkeypatch.undo()
    assert services.send_check_reminders(TODAY).checks == 1


def test_a_stage_claimed_by_another_run_is_not_sent_again(personas, pat_member, monkeypatch):
    """Two runs at once: the other run's conditional update wins, this one sends nothing."""
    check = dbs(pat_member, expires_in=30)
    claim = services.current_checks

    def other_run_got_there_first():  # type: ignore[no-untyped-def]
        type(check).objects.filter(pk=check.pk).update(reminder_stage=ReminderStage.DAYS_30)
        return claim()

    calls = iter([claim, other_run_got_there_first])
    monkeypatch.setattr(services, "current_checks", lambda: next(calls)())
    assert services.send_check_reminders(TODAY).checks == 0
    assert mail.outbox == []


def test_recording_a_check_that_already_ran_out_emails_nobody(personas, pat_member):
    check = services.record_check(
        pat_member,
        kind=CheckKind.DBS,
        checked_on=datetime.date(2020, 1, 1),
        expires_on=timezone.localdate() - datetime.timedelta(days=1),
        reference="OLD",
        by=personas.cora,
    )
    assert check.reminder_stage == ReminderStage.EXPIRED
    assert services.send_check_reminders().checks == 0
    assert mail.outbox == []


def test_reminders_are_not_audited(personas, pat_member):
    dbs(pat_member, expires_in=30)
    before = AuditEvent.objects.count()
    services.send_check_reminders(TODAY)
    assert AuditEvent.objects.count() == before


def test_checks_that_ran_out_before_reminders_existed_count_as_told(personas, pat_member):
    migration = importlib.import_module("coproduce.pool.migrations.0004_check_reminders")
    long_gone = dbs(pat_member, expires_in=-3000)
    soon = CheckFactory(
        member=pat_member,
        kind=CheckKind.REFERENCES,
        expires_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    migration.mark_checks_that_already_ran_out(apps, None)
    long_gone.refresh_from_db()
    soon.refresh_from_db()
    assert long_gone.reminder_stage == ReminderStage.EXPIRED
    assert soon.reminder_stage == ReminderStage.NONE


def test_the_command_prints_what_it_sent(personas, pat_member):
    CheckFactory(member=pat_member, expires_on=timezone.localdate() + datetime.timedelta(days=30))
    out = StringIO()
    call_command("send_check_reminders", stdout=out)
    assert out.getvalue().strip() == (
        "Reminded about 1 check(s): 1 note(s) to members and 1 summary email(s) to "
        "involvement teams."
    )
    out = StringIO()
    call_command("send_check_reminders", stdout=out)
    assert out.getvalue().startswith("Reminded about 0 check(s): 0 note(s)")
    assert len(mail.outbox) == 2


def test_the_command_warns_when_nobody_in_the_team_can_be_told(personas, pat_member):
    personas.cora.role_grants.all().delete()
    CheckFactory(member=pat_member, expires_on=timezone.localdate() + datetime.timedelta(days=7))
    err = StringIO()
    call_command("send_check_reminders", stdout=StringIO(), stderr=err)
    assert "1 organisation(s) have no active involvement team member" in err.getvalue()


def test_a_person_with_several_checks_due_gets_one_note_naming_each(personas, pat_member):
    dbs(pat_member, expires_in=30)
    dbs(pat_member, expires_in=-2, kind=CheckKind.REFERENCES)
    result = services.send_check_reminders(TODAY)
    assert (result.checks, result.member_notes, result.team_summaries) == (2, 1, 1)
    [note] = sent_to("pat@example.org")
    assert note.subject == "Some of your checks need renewing soon"
    assert "Your references ran out on 30 January 2027." in note.body
    assert "Your DBS check runs out on 3 March 2027." in note.body
    assert "The involvement team will be in touch to renew them" in note.body
