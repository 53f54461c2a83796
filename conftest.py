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
