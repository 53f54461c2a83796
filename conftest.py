"""Test set-up shared by every test in the project."""

import os
from pathlib import Path

import pytest

# Outside reference data lives beside the checkout (../shared/fixtures). A user's clone does not
# have it, so tests that need it skip there; in CI it is always present, so a missing copy fails.
SHARED_FIXTURES = Path(
    os.environ.get(
        "COPRODUCE_SHARED_FIXTURES", Path(__file__).resolve().parent.parent / "shared" / "fixtures"
    )
)


def shared_fixture(relative: str) -> Path:
    """Return the path of an outside fixture, skipping (or failing in CI) when it is absent."""
    path = SHARED_FIXTURES / relative
    if not path.exists():
        message = (
            f"outside fixture {path} is not present (it sits in ../shared/fixtures beside a CI "
            "checkout)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def shared_fixtures():
    """The function `shared_fixture` as a fixture, for tests that prefer injection."""
    return shared_fixture


class Personas:
    """The people most tests are told from: one of each role in one trust, and an outsider.

    alice is an administrator, cora coordinates involvement, leo leads projects, sam is QI staff,
    fin works in finance, pat is a patient and carl a carer in the pool; olga administers
    another trust and must never see this one's records.
    """

    def __init__(self) -> None:
        from coproduce.accounts.models import Role
        from coproduce.accounts.tests.factories import UserFactory
        from coproduce.organisations.tests.factories import (
            DirectorateFactory,
            OrganisationFactory,
            ServiceFactory,
        )

        self.trust = OrganisationFactory(name="Riverside Test NHS Foundation Trust")
        self.directorate = DirectorateFactory(organisation=self.trust, name="Adult Mental Health")
        self.service = ServiceFactory(directorate=self.directorate, name="Willow Ward")
        self.other_trust = OrganisationFactory(name="Elsewhere NHS Trust")

        def person(name: str, *roles: str, organisation=None):  # type: ignore[no-untyped-def]
            return UserFactory(
                email=f"{name}@example.org",
                full_name=f"{name.capitalize()} Example",
                organisation=organisation or self.trust,
                roles=list(roles),
            )

        self.alice = person("alice", Role.ADMINISTRATOR)
        self.cora = person("cora", Role.INVOLVEMENT_TEAM)
        self.leo = person("leo", Role.PROJECT_LEAD, Role.QI_STAFF)
        self.sam = person("sam", Role.QI_STAFF)
        self.fin = person("fin", Role.FINANCE)
        self.pat = person("pat", Role.POOL_MEMBER)
        self.carl = person("carl", Role.POOL_MEMBER)
        self.olga = person("olga", Role.ADMINISTRATOR, organisation=self.other_trust)

    def all(self) -> dict[str, object]:
        names = ["alice", "cora", "leo", "sam", "fin", "pat", "carl", "olga"]
        return {name: getattr(self, name) for name in names}


@pytest.fixture
def personas(db) -> Personas:  # type: ignore[no-untyped-def]
    return Personas()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Every test starts with an empty cache: no rate-limit counts or charts from another test."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture
def fallback_team(settings):  # type: ignore[no-untyped-def]
    """The installation's team contact, for trusts that have set none."""
    from coproduce.organisations.tests.teams import TeamContacts

    settings.INVOLVEMENT_TEAM_EMAIL = TeamContacts.FALLBACK_EMAIL
    settings.INVOLVEMENT_TEAM_PHONE = TeamContacts.FALLBACK_PHONE
    return TeamContacts


@pytest.fixture
def two_teams(personas, fallback_team):  # type: ignore[no-untyped-def]
    """Each persona trust with its own team contact (the first also names its team)."""
    from coproduce.organisations.models import Organisation
    from coproduce.organisations.tests.teams import TeamContacts

    Organisation.objects.filter(pk=personas.trust.pk).update(
        team_name=TeamContacts.A_NAME,
        team_email=TeamContacts.A_EMAIL,
        team_phone=TeamContacts.A_PHONE,
    )
    Organisation.objects.filter(pk=personas.other_trust.pk).update(
        team_email=TeamContacts.B_EMAIL, team_phone=TeamContacts.B_PHONE
    )
    personas.trust.refresh_from_db()
    personas.other_trust.refresh_from_db()
    return personas
