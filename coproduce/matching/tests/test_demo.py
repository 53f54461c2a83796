import pytest
from django.core import mail
from django.core.management import call_command

from coproduce.accounts.models import User
from coproduce.matching import demo as matching_demo
from coproduce.matching.models import Invitation, Opportunity
from coproduce.matching.services import rank
from coproduce.organisations.models import Organisation
from coproduce.pool.models import MemberStatus, PoolMember
from coproduce.projects.models import Project

pytestmark = pytest.mark.django_db


def test_the_demo_gives_pool_members_profiles_and_enquiries_and_can_run_twice(db):
    call_command("demo", "--quiet")
    call_command("demo", "--quiet")
    carol = PoolMember.objects.get(email="carer@example.org")
    assert carol.status == MemberStatus.ACTIVE and carol.kind == "carer"
    assert carol.topics.exists() and carol.checks.count() == 1
    assert carol.match_terms
    assert PoolMember.objects.filter(status=MemberStatus.ENQUIRY).count() == 3
    assert PoolMember.objects.filter(email="patient@example.org").count() == 1
    assert not mail.outbox


def test_the_matching_demo_uses_existing_projects_and_invites_without_email(db):
    call_command("demo", "--quiet")
    trust = Organisation.objects.get(is_demo=True)
    assert not Opportunity.objects.exists()  # no demo projects on this branch yet
    lead = User.objects.get(email="lead@example.org")
    Project.objects.create(
        organisation=trust,
        directorate=trust.directorates.first(),
        title="Smoother discharge from Cedar Ward",
        lead=lead,
        start_date="2026-01-05",
    )
    context = type("Context", (), {"organisation": trust})()
    matching_demo.load(context)
    matching_demo.load(context)
    opportunity = Opportunity.objects.get()
    invitation = Invitation.objects.get()
    assert invitation.member.email == "carer@example.org"
    assert invitation.breakdown and invitation.score is not None
    assert rank(opportunity)  # others are still suggested
    assert not mail.outbox
