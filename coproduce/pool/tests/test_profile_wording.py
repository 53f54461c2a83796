"""A member's own details form speaks to them ("you"); the involvement team's form about a
member speaks of them ("they"). The email address is optional only when it really is."""

import re
from html import unescape

import pytest
from django.urls import reverse

from coproduce.pool.tests.factories import PoolMemberFactory

pytestmark = pytest.mark.django_db

TO_THE_MEMBER = re.compile(r"\b(you|your|yours|yourself|i)\b", re.IGNORECASE)
OF_THE_MEMBER = re.compile(r"\b(they|their|them|theirs|themselves)\b", re.IGNORECASE)


def _form_text(body: str) -> str:
    """The words of the page's form (labels, hints, legends, headings, messages), without markup."""
    form = body[body.index('<form method="post"') : body.index("</form>")]
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", form)))


def _blank_post(member):
    return {
        "first_name": member.first_name,
        "email": "",
        "kind": "patient",
        "remote": "on",
        "max_hours_per_month": "4",
    }


def test_the_teams_form_speaks_of_the_member_not_to_them(client, personas, pat_member):
    client.force_login(personas.cora)
    url = reverse("pool:member-edit", args=[pat_member.pk])
    for body in (
        client.get(url).content.decode(),
        # With every message showing, too.
        client.post(url, _blank_post(pat_member)).content.decode(),
    ):
        words = _form_text(body)
        assert "they would like to be paid" in words.lower()
        assert not TO_THE_MEMBER.findall(words), (TO_THE_MEMBER.findall(words), words)


def test_the_members_own_form_speaks_to_them(client, personas, pat_member):
    client.force_login(personas.pat)
    url = reverse("pool:my-details")
    for body in (
        client.get(url).content.decode(),
        client.post(url, _blank_post(pat_member)).content.decode(),
    ):
        words = _form_text(body)
        assert "you would like to be paid" in words.lower()
        assert not OF_THE_MEMBER.findall(words), (OF_THE_MEMBER.findall(words), words)


def test_an_email_address_someone_signs_in_with_is_not_optional(client, personas, pat_member):
    client.force_login(personas.pat)
    body = client.get(reverse("pool:my-details")).content.decode()
    assert "Email address (optional)" not in body
    body = client.post(reverse("pool:my-details"), _blank_post(pat_member)).content.decode()
    assert "Enter your email address: you sign in with it" in body
    client.force_login(personas.cora)
    url = reverse("pool:member-edit", args=[pat_member.pk])
    assert "Email address (optional)" not in client.get(url).content.decode()
    body = client.post(url, _blank_post(pat_member)).content.decode()
    assert "Enter an email address: Pat signs in with it" in body


def test_a_member_without_a_sign_in_may_have_no_email_address(client, personas):
    member = PoolMemberFactory(organisation=personas.trust, first_name="Robin", user=None)
    client.force_login(personas.cora)
    url = reverse("pool:member-edit", args=[member.pk])
    assert "Email address (optional)" in client.get(url).content.decode()
    response = client.post(url, {**_blank_post(member), "payment_preference": "paid"})
    assert response.status_code == 302, _form_text(response.content.decode())
    member.refresh_from_db()
    assert member.email == ""
