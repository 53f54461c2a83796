"""A list page, its download and the API show the same rows to the same person.

Each app's `queries.py` holds its read-side rules; these tests hold the three ways of reading to
them, and hold the "may see" rule to the permission predicate in `accounts/rules.py`."""

import csv
import io
import re
from typing import Any

import pytest
from django.urls import reverse

from coproduce.payments.demo import load_policy
from coproduce.payments.models import Claim
from coproduce.payments.queries import claims_visible_to
from coproduce.payments.tests.conftest import PaymentWorld
from coproduce.pool.models import PoolMember
from coproduce.pool.tests.factories import PoolMemberFactory
from coproduce.projects.models import Project
from coproduce.projects.tests.factories import make_project


def _linked_ids(client: Any, user: Any, url: str, pattern: str) -> set[int]:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return {int(pk) for pk in re.findall(pattern, response.content.decode())}


def _download(client: Any, user: Any, name: str, **params: str) -> list[dict[str, str]]:
    client.force_login(user)
    url = reverse("imports:download", kwargs={"name": name, "file_format": "csv"})
    response = client.get(url, params)
    assert response.status_code == 200
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))


def _api_ids(api: Any, user: Any, path: str, **params: Any) -> set[int]:
    response = api.get(user, path, limit=200, **params)
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


@pytest.fixture
def world(personas) -> PaymentWorld:  # type: ignore[no-untyped-def]
    policy = load_policy(personas.trust, by=personas.alice)
    pat = PoolMemberFactory(organisation=personas.trust, user=personas.pat, first_name="Pat")
    carl = PoolMemberFactory(organisation=personas.trust, user=personas.carl, first_name="Carl")
    led = make_project(personas, title="Reducing restrictive practice", lead=personas.leo)
    other = make_project(personas, title="Kinder ward rounds", lead=personas.cora)
    return PaymentWorld(personas, policy, pat, carl, led, other)


@pytest.fixture
def claims(world):  # type: ignore[no-untyped-def]
    """Submitted claims for the lead's project and another, by two members."""
    made = [
        world.submitted(world.pat_member),
        world.submitted(world.carl_member),
        world.submitted(world.pat_member, project=world.other_project),
        world.submitted(world.carl_member, project=world.other_project),
    ]
    return made


def test_the_claims_a_person_may_see_are_the_claims_the_rule_lets_them_open(personas, claims):
    every_claim = list(Claim.objects.all())
    for name, user in personas.all().items():
        visible = set(claims_visible_to(user).values_list("pk", flat=True))
        allowed = {claim.pk for claim in every_claim if user.has_perm("payments.view_claim", claim)}
        assert visible == allowed, name


@pytest.mark.parametrize("name", ["cora", "fin", "leo"])
def test_the_claims_page_its_download_and_the_api_list_the_same_claims(
    name, personas, claims, client, api
):
    user = getattr(personas, name)
    on_page = _linked_ids(
        client,
        user,
        reverse("payments:claim-list") + "?status=submitted",
        r"/payments/claims/(\d+)/",
    )
    downloaded = {
        row["Claim reference"] for row in _download(client, user, "claims", status="submitted")
    }
    by_api = _api_ids(api, user, "/api/claims", status="submitted")
    expected = set(claims_visible_to(user).filter(status="submitted").values_list("pk", flat=True))
    assert on_page == by_api == expected
    assert downloaded == {claim.reference for claim in Claim.objects.filter(pk__in=expected)}
    if name == "leo":  # the lead sees the claims of their own project only
        assert expected == {claims[0].pk, claims[1].pk}


@pytest.mark.parametrize("name", ["cora", "leo", "sam", "alice"])
def test_the_projects_page_its_download_and_the_api_list_the_same_projects(
    name, personas, client, api
):
    made = [make_project(personas, title=f"Project {n}", lead=personas.leo) for n in range(3)]
    user = getattr(personas, name)
    on_page = _linked_ids(client, user, reverse("projects:list"), r"/projects/(\d+)/\"")
    downloaded = {row["Title"] for row in _download(client, user, "projects")}
    by_api = _api_ids(api, user, "/api/projects")
    expected = set(Project.objects.filter(organisation=personas.trust).values_list("pk", flat=True))
    assert {project.pk for project in made} <= expected
    assert on_page == by_api == expected
    assert downloaded == set(
        Project.objects.filter(pk__in=expected).values_list("title", flat=True)
    )


def test_the_pool_page_its_download_and_the_api_list_the_same_members(personas, client, api):
    mine = [PoolMemberFactory(organisation=personas.trust) for _ in range(4)]
    PoolMemberFactory(organisation=personas.other_trust)
    user = personas.cora
    on_page = _linked_ids(client, user, reverse("pool:list"), r"/pool/(\d+)/\"")
    downloaded = {row["Email"] for row in _download(client, user, "pool")}
    by_api = _api_ids(api, user, "/api/pool/members")
    expected = {member.pk for member in mine}
    assert on_page == by_api == expected
    assert downloaded == set(
        PoolMember.objects.filter(pk__in=expected).values_list("email", flat=True)
    )
