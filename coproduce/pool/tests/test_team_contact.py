"""Enquiries and deletion requests go to the involvement team of the person's own trust, and
never to another trust's team."""

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.organisations.tests.factories import DirectorateFactory, ServiceFactory
from coproduce.organisations.tests.teams import TeamContacts
from coproduce.pool.models import PoolMember
from coproduce.pool.tests.test_join import answers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fallback_team")]

JOIN = reverse("pool:join")


def _everyone_emailed() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


def test_an_enquiry_from_a_trusts_poster_goes_to_that_trusts_team_only(
    client, two_teams, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{JOIN}?service={two_teams.service.pk}", answers())
    assert PoolMember.objects.get().organisation == two_teams.trust
    team = next(m for m in mail.outbox if m.subject.startswith("Someone would like to join"))
    assert team.to == [TeamContacts.A_EMAIL]
    assert (
        TeamContacts.B_EMAIL not in _everyone_emailed()
        and TeamContacts.FALLBACK_EMAIL not in _everyone_emailed()
    )
    thanks = next(m for m in mail.outbox if m.to == ["carol.jones@example.org"])
    assert TeamContacts.A_EMAIL in thanks.body and TeamContacts.B_EMAIL not in thanks.body
    done = client.get(reverse("pool:join-done")).content.decode()
    assert TeamContacts.A_PHONE in done and TeamContacts.A_EMAIL in done
    assert TeamContacts.B_PHONE not in done and TeamContacts.FALLBACK_PHONE not in done


def test_an_enquiry_from_another_trusts_poster_goes_to_the_other_team_only(
    client, two_teams, django_capture_on_commit_callbacks
):
    service = ServiceFactory(directorate=DirectorateFactory(organisation=two_teams.other_trust))
    page = client.get(f"{JOIN}?service={service.pk}")
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{JOIN}?service={service.pk}", answers())
    assert PoolMember.objects.get().organisation == two_teams.other_trust
    team = next(m for m in mail.outbox if m.subject.startswith("Someone would like to join"))
    assert team.to == [TeamContacts.B_EMAIL]
    assert TeamContacts.A_EMAIL not in _everyone_emailed()
    done = client.get(reverse("pool:join-done")).content.decode()
    assert TeamContacts.B_PHONE in done and TeamContacts.A_PHONE not in done


@pytest.mark.parametrize("chosen", ["trust", "other_trust"])
def test_without_a_poster_the_enquiry_goes_to_the_chosen_trusts_team_only(
    client, two_teams, chosen, django_capture_on_commit_callbacks
):
    trust = getattr(two_teams, chosen)
    mine, theirs = (
        (TeamContacts.A_EMAIL, TeamContacts.B_EMAIL)
        if chosen == "trust"
        else (TeamContacts.B_EMAIL, TeamContacts.A_EMAIL)
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(JOIN, answers(organisation=trust.pk))
    assert PoolMember.objects.get().organisation == trust
    team = next(m for m in mail.outbox if m.subject.startswith("Someone would like to join"))
    assert team.to == [mine]
    assert theirs not in _everyone_emailed()
    assert TeamContacts.FALLBACK_EMAIL not in _everyone_emailed()
    thanks = next(m for m in mail.outbox if m.to == ["carol.jones@example.org"])
    assert mine in thanks.body and theirs not in thanks.body
    done = client.get(reverse("pool:join-done")).content.decode()
    assert mine in done and theirs not in done and TeamContacts.FALLBACK_EMAIL not in done


def test_with_nothing_set_the_enquiry_goes_to_the_installations_address(
    client, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{JOIN}?service={personas.service.pk}", answers())
    team = next(m for m in mail.outbox if m.subject.startswith("Someone would like to join"))
    assert team.to == [TeamContacts.FALLBACK_EMAIL]
    assert TeamContacts.FALLBACK_PHONE in client.get(reverse("pool:join-done")).content.decode()


def test_a_deletion_request_goes_to_the_members_own_trusts_team_only(
    client, two_teams, pat_member, django_capture_on_commit_callbacks
):
    client.force_login(two_teams.pat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pool:my-data-delete"))
    assert [m.to for m in mail.outbox] == [[TeamContacts.A_EMAIL]]


def test_another_trusts_deletion_request_goes_to_that_trusts_team_only(
    client, two_teams, django_capture_on_commit_callbacks
):
    from coproduce.accounts.models import Role
    from coproduce.accounts.tests.factories import UserFactory
    from coproduce.pool.tests.factories import member_for

    olive = UserFactory(
        email="olive@example.org",
        full_name="Olive Example",
        organisation=two_teams.other_trust,
        roles=[Role.POOL_MEMBER],
    )
    member_for(olive)
    client.force_login(olive)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pool:my-data-delete"))
    assert [m.to for m in mail.outbox] == [[TeamContacts.B_EMAIL]]


def test_with_nothing_set_a_deletion_request_goes_to_the_installations_address(
    client, personas, pat_member, django_capture_on_commit_callbacks
):
    client.force_login(personas.pat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pool:my-data-delete"))
    assert [m.to for m in mail.outbox] == [[TeamContacts.FALLBACK_EMAIL]]
