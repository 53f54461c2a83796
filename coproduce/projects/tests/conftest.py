import pytest

from coproduce.pool.tests.factories import member_for


@pytest.fixture
def pat_member(personas):
    return member_for(personas.pat)


@pytest.fixture
def carl_member(personas):
    return member_for(personas.carl)
