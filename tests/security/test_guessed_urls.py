"""Addresses found by one person are tried by others who must not see what is behind them.

Each demo persona follows every link from the home page with the test client, collecting every
address that names a record (one with a number in it). Then:

- someone signed out gets no such page (only the public pages anyone can reach);
- the administrator, coordinator, project lead and patient of another trust get none of them;
- one patient or carer gets none of another's own pages.

Reading a page is never enough to change anything, so only GET is tried here; each app's tests
try the forms.
"""

import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from coproduce.accounts.models import Role, User
from coproduce.accounts.tests.factories import UserFactory
from coproduce.organisations.tests.factories import OrganisationFactory
from coproduce.pool.tests.factories import member_for
from tests.walking import DEMO_SIGN_INS, kind_of

pytestmark = pytest.mark.django_db

NOT_FOLLOWED = ("/account/sign-out/", "/api/", "/static/")
MOST_ADDRESSES = 400
# Addresses of one kind (every project's page, say) tried at most this many times each.
EACH_KIND = 3
NAMES_A_RECORD = re.compile(r"/\d+(/|$|\.)")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _walk(client: Client) -> set[str]:
    """Addresses reachable from home by following links, as this client sees them (a few of
    each kind)."""
    queue, seen, kinds = ["/"], set(), Counter()
    while queue and len(seen) < MOST_ADDRESSES:
        path = queue.pop(0)
        if path in seen or kinds[kind_of(path)] >= EACH_KIND:
            continue
        seen.add(path)
        kinds[kind_of(path)] += 1
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        links = _Links()
        links.feed(response.content.decode())
        for href in links.hrefs:
            parts = urlsplit(urljoin("http://testserver" + path, href))
            if parts.netloc != "testserver" or parts.path.startswith(NOT_FOLLOWED):
                continue
            found = parts.path + (f"?{parts.query}" if parts.query else "")
            if found not in seen:
                queue.append(found)
    return seen


def _client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _shown(client: Client, path: str) -> bool:
    return client.get(path).status_code == 200


def _records(addresses: set[str]) -> set[str]:
    return {path for path in addresses if NAMES_A_RECORD.search(path)}


def test_addresses_found_by_one_person_show_nothing_to_those_who_must_not_see_them(db):
    call_command("demo", "--quiet")
    reached = {email: _walk(_client_for(User.objects.get(email=email))) for email in DEMO_SIGN_INS}
    public = _walk(_client_for(None))
    for email, addresses in reached.items():
        assert len(_records(addresses)) >= 3, f"{email} reached {addresses}: is the walk broken?"
    everything = set().union(*(_records(found) for found in reached.values())) - public
    leaks: list[str] = []

    # Someone signed out.
    visitor = _client_for(None)
    leaks += [f"signed out: {path}" for path in sorted(everything) if _shown(visitor, path)]

    # Another trust's administrator, team, lead, finance officer and patient.
    elsewhere = OrganisationFactory(name="Elsewhere NHS Trust")
    outsiders = [
        UserFactory(organisation=elsewhere, email=f"{role}@elsewhere.example.org", roles=[role])
        for role in (
            Role.ADMINISTRATOR,
            Role.INVOLVEMENT_TEAM,
            Role.PROJECT_LEAD,
            Role.FINANCE,
            Role.POOL_MEMBER,
        )
    ]
    member_for(outsiders[-1])
    for user in outsiders:
        client = _client_for(user)
        leaks += [f"{user.email}: {path}" for path in sorted(everything) if _shown(client, path)]

    # One patient or carer and the other's own pages.
    for me, them in (
        ("patient@example.org", "carer@example.org"),
        ("carer@example.org", "patient@example.org"),
    ):
        client = _client_for(User.objects.get(email=me))
        theirs = _records(reached[them]) - reached[me] - public
        leaks += [f"{me}: {path}" for path in sorted(theirs) if _shown(client, path)]

    print(f"{len(everything)} addresses of records tried by {len(outsiders) + 3} people")
    assert not leaks, "\n".join(leaks)
