"""The "Getting started" checklist: each step ticks when, and only when, its data is there."""

from dataclasses import replace

import pytest

from coproduce.involvement.measure import settings_for
from coproduce.involvement.services import update_settings
from coproduce.organisations import checklist
from coproduce.organisations.checklist import SetupFacts
from coproduce.organisations.models import Organisation
from coproduce.organisations.tests.factories import OrganisationFactory

# Everything a fully set-up trust has; each step is tested by taking its facts away.
COMPLETE = SetupFacts(
    has_trust=True,
    organisation_id=1,
    directorates=2,
    services=3,
    team_email="involvement@example.org",
    rule_decided=True,
    policy_in_force=True,
    policy_rates=4,
    benefit_limits=5,
    other_staff=1,
    pool_members=10,
    projects=7,
)

# For each step, the ways of lacking what it needs.
LACKING = {
    "structure": [{"directorates": 0, "services": 0}, {"services": 0}],
    "team_contact": [{"team_email": ""}],
    "involvement_rule": [{"rule_decided": False}],
    "payments": [
        {"policy_in_force": False, "policy_rates": 0},
        {"policy_rates": 0},
        {"benefit_limits": 0},
        {"figures_to_check": ("Carer's Allowance: earnings limit",)},
    ],
    "staff": [{"other_staff": 0}],
    "pool": [{"pool_members": 0}],
    "projects": [{"projects": 0}],
}


def _by_key(facts: SetupFacts) -> dict[str, checklist.Step]:
    return {step.key: step for step in checklist.steps(facts)}


def test_a_fully_set_up_trust_has_every_step_done():
    found = checklist.steps(COMPLETE)
    assert [s.key for s in found] == list(LACKING)
    assert all(s.done and s.status == "Completed" and not s.missing for s in found)
    assert checklist.is_complete(found)


@pytest.mark.parametrize(
    ("key", "lacking"), [(key, lack) for key, lacks in LACKING.items() for lack in lacks]
)
def test_a_step_is_not_done_while_its_data_is_missing(key, lacking):
    found = _by_key(replace(COMPLETE, **lacking))
    assert not found[key].done
    assert found[key].missing
    assert not checklist.is_complete(list(found.values()))
    # Only that step: the others still tick from their own data.
    assert all(step.done for other, step in found.items() if other != key)


def test_without_a_trust_nothing_is_done_and_the_first_step_leads_to_setting_one_up():
    found = checklist.steps(SetupFacts())
    assert not any(step.done for step in found)
    assert [link.url_name for link in found[0].links] == ["organisations:organisation-new"]
    assert found[0].missing == "Your trust has not been set up yet."


def test_each_step_says_what_it_is_for_and_where_it_is_done():
    for step in checklist.steps(COMPLETE):
        assert step.purpose
        assert step.links


def test_lapsed_figures_are_named_and_need_checking():
    step = _by_key(replace(COMPLETE, figures_to_check=("ESA: permitted work higher limit",)))[
        "payments"
    ]
    assert step.needs_checking
    assert step.status == "Needs checking"
    assert "ESA: permitted work higher limit" in step.missing


@pytest.mark.django_db
class TestGather:
    def test_a_new_trust_has_nothing_but_itself(self):
        trust = OrganisationFactory()
        facts = checklist.gather(trust)
        assert facts == SetupFacts(has_trust=True, organisation_id=trust.pk)

    def test_no_trust_gathers_nothing(self):
        assert checklist.gather(None) == SetupFacts()

    def test_the_facts_come_from_the_trusts_own_data(self, personas):
        from coproduce.payments.demo import load_policy
        from coproduce.pool.tests.factories import PoolMemberFactory
        from coproduce.projects.tests.factories import make_project

        facts = checklist.gather(personas.trust)
        assert (facts.directorates, facts.services) == (1, 1)
        assert facts.other_staff == 4  # cora, leo, sam and fin; not alice, pat or carl
        assert not facts.rule_decided and not facts.policy_in_force and not facts.team_email

        Organisation.objects.filter(pk=personas.trust.pk).update(team_email="team@example.org")
        personas.trust.refresh_from_db()
        update_settings(settings_for(personas.trust), by=personas.alice)
        load_policy(personas.trust)
        PoolMemberFactory(organisation=personas.trust)
        make_project(personas)
        # Another trust's set-up counts for nothing here.
        load_policy(personas.other_trust)

        facts = checklist.gather(personas.trust)
        assert facts.team_email == "team@example.org"
        assert facts.rule_decided
        assert facts.policy_in_force and facts.policy_rates > 0 and facts.benefit_limits > 0
        assert (facts.pool_members, facts.projects) == (1, 1)
        assert checklist.is_complete(checklist.steps(facts))
        assert not checklist.gather(personas.other_trust).rule_decided

    def test_switched_off_directorates_and_accounts_do_not_count(self, personas):
        from coproduce.accounts.models import User

        personas.directorate.is_active = False
        personas.directorate.save()
        User.objects.filter(organisation=personas.trust).update(is_active=False)
        facts = checklist.gather(personas.trust)
        assert (facts.directorates, facts.services, facts.other_staff) == (0, 0, 0)


@pytest.mark.django_db
class TestHomePage:
    def test_an_administrator_sees_the_checklist_with_links(self, client, personas):
        client.force_login(personas.alice)
        page = client.get("/").content.decode()
        assert "Getting started" in page
        assert 'href="/involvement/settings/"' in page
        assert f'href="/organisations/{personas.trust.pk}/team-contact/"' in page

    @pytest.mark.parametrize("name", ["cora", "leo", "sam", "fin", "pat"])
    def test_nobody_else_sees_it(self, client, personas, name):
        client.force_login(getattr(personas, name))
        assert "Getting started" not in client.get("/").content.decode()

    def test_it_goes_away_once_every_step_is_done(self, client, personas, monkeypatch):
        monkeypatch.setattr(checklist, "gather", lambda organisation: COMPLETE)
        client.force_login(personas.alice)
        assert "Getting started" not in client.get("/").content.decode()
