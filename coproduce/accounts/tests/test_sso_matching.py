"""Which Coproduce account a sign-in through the trust's identity provider is for, if any."""

import pytest
from allauth.socialaccount.models import SocialAccount

from coproduce.accounts.models import Role, SignInSettings
from coproduce.accounts.sso import decide, vouched_email
from coproduce.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_email_claim_comes_first():
    claims = {"sub": "1", "email": "Sam@Example.org", "preferred_username": "other@example.org"}
    assert vouched_email(claims) == "sam@example.org"


@pytest.mark.parametrize("claim", ["preferred_username", "upn"])
def test_entra_id_may_send_only_the_sign_in_name(claim):
    assert vouched_email({"sub": "1", claim: "sam@example.org"}) == "sam@example.org"


def test_a_sign_in_name_that_is_not_an_address_is_passed_over():
    claims = {"sub": "1", "preferred_username": "sam", "upn": "sam@example.org"}
    assert vouched_email(claims) == "sam@example.org"
    assert vouched_email({"sub": "1", "preferred_username": "sam"}) == ""


@pytest.mark.parametrize("flag", [False, "false", "False"])
def test_an_address_the_provider_has_not_verified_counts_for_nothing(flag):
    claims = {"sub": "1", "email": "sam@example.org", "email_verified": flag}
    assert vouched_email(claims) == ""
    assert vouched_email({**claims, "preferred_username": "sam@example.org"}) == ""


def test_a_verified_or_unstated_address_counts():
    assert vouched_email({"email": "a@example.org", "email_verified": True}) == "a@example.org"
    assert vouched_email({"email": "a@example.org", "email_verified": "true"}) == "a@example.org"
    assert vouched_email({"email": "a@example.org"}) == "a@example.org"


def test_a_known_member_of_staff_is_linked_by_address(personas):
    decision = decide(
        {"sub": "abc", "preferred_username": "SAM@example.org"},
        linked_user=None,
        organisation=personas.trust,
    )
    assert decision.outcome == "link" and decision.user == personas.sam


def test_an_unverified_address_is_refused_even_for_a_known_person(personas):
    decision = decide(
        {"sub": "abc", "email": "sam@example.org", "email_verified": False},
        linked_user=None,
        organisation=personas.trust,
    )
    assert decision.refused and decision.reason == "unverified_email" and decision.user is None


def test_an_unknown_address_is_refused_and_no_account_is_made(personas):
    decision = decide(
        {"sub": "abc", "email": "stranger@example.org"},
        linked_user=None,
        organisation=personas.trust,
    )
    assert decision.refused and decision.reason == "unknown_email"


def test_the_trust_may_make_accounts_for_unknown_addresses(personas):
    SignInSettings.objects.create(
        organisation=personas.trust, create_accounts_on_first_sign_in=True
    )
    decision = decide(
        {"sub": "abc", "email": "stranger@example.org"},
        linked_user=None,
        organisation=personas.trust,
    )
    assert decision.outcome == "create" and decision.email == "stranger@example.org"
    # Another trust's switch does not open this one.
    SignInSettings.objects.all().delete()
    SignInSettings.objects.create(
        organisation=personas.other_trust, create_accounts_on_first_sign_in=True
    )
    assert decide(
        {"sub": "abc", "email": "stranger@example.org"},
        linked_user=None,
        organisation=personas.trust,
    ).refused


def test_a_pool_members_address_is_refused(personas):
    decision = decide(
        {"sub": "abc", "email": "pat@example.org"}, linked_user=None, organisation=personas.trust
    )
    assert decision.refused and decision.reason == "pool_member"


def test_a_pool_member_already_linked_is_refused_too(personas):
    decision = decide({"sub": "abc"}, linked_user=personas.pat, organisation=personas.trust)
    assert decision.refused and decision.reason == "pool_member"


def test_staff_who_are_also_in_the_pool_keep_their_staff_sign_in(personas):
    both = UserFactory(
        email="both@example.org",
        organisation=personas.trust,
        roles=[Role.QI_STAFF, Role.POOL_MEMBER],
    )
    decision = decide(
        {"sub": "abc", "email": "both@example.org"}, linked_user=None, organisation=personas.trust
    )
    assert decision.outcome == "link" and decision.user == both


def test_a_linked_account_is_found_by_subject_whatever_the_address(personas):
    decision = decide(
        {"sub": "abc", "email": "new-name@example.org"},
        linked_user=personas.sam,
        organisation=personas.trust,
    )
    assert decision.outcome == "sign_in" and decision.user == personas.sam


def test_a_switched_off_account_is_refused(personas):
    personas.sam.is_active = False
    personas.sam.save()
    for linked in (None, personas.sam):
        decision = decide(
            {"sub": "abc", "email": "sam@example.org"},
            linked_user=linked,
            organisation=personas.trust,
        )
        assert decision.refused and decision.reason == "inactive"


def test_another_trusts_account_is_refused(personas):
    decision = decide(
        {"sub": "abc", "email": "olga@example.org"}, linked_user=None, organisation=personas.trust
    )
    assert decision.refused and decision.reason == "other_organisation"


def test_an_account_linked_to_another_subject_is_not_moved(personas):
    SocialAccount.objects.create(user=personas.sam, provider="trust", uid="first")
    decision = decide(
        {"sub": "second", "email": "sam@example.org"},
        linked_user=None,
        organisation=personas.trust,
    )
    assert decision.refused and decision.reason == "linked_to_another"


def test_a_sign_in_without_a_subject_is_refused(personas):
    decision = decide({"email": "sam@example.org"}, linked_user=None, organisation=personas.trust)
    assert decision.refused and decision.reason == "no_subject"
