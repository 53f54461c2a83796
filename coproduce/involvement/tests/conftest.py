import pytest

from coproduce.projects.tests.factories import make_pool_member


@pytest.fixture
def pat_member(personas):
    return make_pool_member(personas.pat, first_name="Pat", last_name="Example")


@pytest.fixture
def carl_member(personas):
    return make_pool_member(personas.carl, first_name="Carl", last_name="Example")
