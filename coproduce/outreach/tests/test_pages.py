import pytest
from django.urls import reverse

from coproduce.accounts.models import Role
from coproduce.accounts.tests.factories import UserFactory
from coproduce.audit.models import AuditEvent
from coproduce.outreach import services as outreach
from coproduce.outreach.models import Channel, ContactPreference, Message, MessageStatus
from coproduce.pool.tests.factories import member_for

pytestmark = pytest.mark.django_db


def test_a_member_chooses_how_to_hear_from_the_team_and_sees_it_in_my_data(client, personas):
    member = member_for(personas.pat, phone="07700 900123")
    client.force_login(personas.pat)
    page = client.get(reverse("outreach:my-choices")).content.decode()
    assert "How would you like to hear from the team?" in page
    response = client.post(
        reverse("outreach:my-choices"), {"channels": ["sms"], "topics": ["invitations", "news"]}
    )
    assert response.status_code == 302
    choice = ContactPreference.objects.get(member=member)
    assert choice.channels == ["sms"] and choice.topics == ["invitations", "news"]
    assert choice.chosen_by == personas.pat
    assert AuditEvent.objects.filter(
        action="outreach.contact_choices_changed", actor=personas.pat
    ).exists()
    data = client.get(reverse("pool:my-data")).content.decode()
    assert "Text message" in data and "News from the team" in data


def test_a_channel_without_the_details_it_needs_is_refused_with_a_clear_message(client, personas):
    member = member_for(personas.pat, phone="0113 496 0000")  # a landline: no texts
    client.force_login(personas.pat)
    response = client.post(
        reverse("outreach:my-choices"), {"channels": ["sms", "letter"], "postal_address": "Leeds"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Text messages need a mobile number" in page
    assert "at least 3 lines" in page
    assert not ContactPreference.objects.filter(member=member).exists()


def test_the_team_changes_a_members_choices_and_sees_them_on_the_profile(client, personas):
    member = member_for(personas.pat)
    client.force_login(personas.cora)
    url = reverse("outreach:member-choices", args=[member.pk])
    assert client.post(url, {"channels": ["call"], "topics": ["training"]}).status_code == 302
    assert ContactPreference.objects.get(member=member).chosen_by == personas.cora
    profile = client.get(reverse("pool:member-detail", args=[member.pk])).content.decode()
    assert "A phone call from the team" in profile and "Training" in profile


def test_only_the_member_and_their_own_team_change_choices(client, personas):
    member = member_for(personas.pat)
    url = reverse("outreach:member-choices", args=[member.pk])
    client.force_login(personas.carl)
    assert client.get(url).status_code == 403
    elsewhere = UserFactory(
        email="ted@example.org", organisation=personas.other_trust, roles=[Role.INVOLVEMENT_TEAM]
    )
    client.force_login(elsewhere)
    assert client.post(url, {"channels": ["email"]}).status_code in (403, 404)
    assert not ContactPreference.objects.exists()


def test_the_team_sees_calls_to_make_and_ticks_them_off(client, personas):
    member = member_for(personas.pat)
    outreach.choose(
        member, channels=[Channel.CALL], topics=["invitations"], postal_address="", by=None
    )
    message = outreach.send("account_link", member=member, context={"name": "Pat", "link": "x"})
    assert message.status == MessageStatus.TO_CALL
    unreachable = member_for(personas.carl, phone="")
    outreach.choose(unreachable, channels=[Channel.SMS], topics=[], postal_address="", by=None)
    client.force_login(personas.cora)
    assert reverse("outreach:calls") in client.get(reverse("pool:list")).content.decode()
    page = client.get(reverse("outreach:calls")).content.decode()
    assert "Ring about their link to sign in" in page and member.phone in page
    assert "Cannot be reached" in page and unreachable.full_name in page
    response = client.post(reverse("outreach:call-done", args=[message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.CALLED and message.done_by == personas.cora
    assert "There are no calls to make" in client.get(reverse("outreach:calls")).content.decode()


def test_people_outside_the_team_cannot_see_or_tick_off_calls(client, personas):
    member = member_for(personas.pat)
    outreach.choose(member, channels=[Channel.CALL], topics=[], postal_address="", by=None)
    message = outreach.send("account_link", member=member, context={"name": "Pat", "link": "x"})
    for person in (personas.pat, personas.leo, personas.fin):
        client.force_login(person)
        assert client.get(reverse("outreach:calls")).status_code == 403
        assert client.post(reverse("outreach:call-done", args=[message.pk])).status_code == 403
    elsewhere = UserFactory(
        email="ted@example.org", organisation=personas.other_trust, roles=[Role.INVOLVEMENT_TEAM]
    )
    client.force_login(elsewhere)
    assert client.post(reverse("outreach:call-done", args=[message.pk])).status_code == 404
    assert Message.objects.get(pk=message.pk).status == MessageStatus.TO_CALL


def test_my_data_download_holds_my_contact_choices_and_messages(client, personas):
    member = member_for(personas.pat)
    outreach.choose(member, channels=[Channel.CALL], topics=["news"], postal_address="", by=None)
    outreach.send("account_link", member=member, context={"name": "Pat", "link": "x"})
    client.force_login(personas.pat)
    data = client.get(reverse("pool:my-data-download", args=["json"])).json()
    assert data["contact_choices"]["ways"] == ["A phone call from the team"]
    assert data["contact_choices"]["about"] == ["News from the team"]
    [message] = data["messages"]
    assert message["how"] == "A phone call from the team"
    assert message["what_happened"] == "Call to make"


def test_anonymising_a_member_forgets_their_address_and_what_was_sent(personas):
    from coproduce.pool import services as pool_services

    member = member_for(personas.pat)
    outreach.choose(
        member,
        channels=[Channel.LETTER],
        topics=[],
        postal_address="Pat Example\n1 High Street\nLS1 1AA",
        by=None,
    )
    outreach.send("account_link", member=member, context={"name": "Pat", "link": "x"})
    pool_services.anonymise(member, by=personas.cora)
    assert not ContactPreference.objects.filter(member=member).exists()
    message = Message.objects.get(member=member)
    assert message.to == "" and message.body == "" and message.template == "account_link"
