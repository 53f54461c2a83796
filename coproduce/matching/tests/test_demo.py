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
    assert carol.topics.exists()
    # Run twice, still one of each: her DBS check and references that run out soon.
    assert sorted(carol.checks.values_list("kind", flat=True)) == ["dbs", "references"]
    assert carol.match_terms
    assert PoolMember.objects.filter(status=MemberStatus.ENQUIRY).count() == 3
    assert PoolMember.objects.filter(email="patient@example.org").count() == 1
    assert not mail.outbox


def test_the_matching_demo_posts_opportunities_on_demo_projects_and_invites_without_email(db):
    call_command("demo", "--quiet")
    trust = Organisation.objects.get(is_demo=True)
    opportunities = Opportunity.objects.filter(project__organisation=trust)
    assert opportunities.exists()
    counts = (Opportunity.objects.count(), Invitation.objects.count())
    context = type("Context", (), {"organisation": trust})()
    matching_demo.load(context)
    assert (Opportunity.objects.count(), Invitation.objects.count()) == counts
    invitation = Invitation.objects.filter(member__email="carer@example.org").first()
    assert invitation is not None
    assert invitation.breakdown and invitation.score is not None
    assert Project.objects.filter(pk=invitation.opportunity.project_id, organisation=trust).exists()
    assert any(rank(opportunity) for opportunity in opportunities)
    assert User.objects.filter(email="lead@example.org").exists()
    assert not mail.outbox
