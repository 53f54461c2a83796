import pytest

from coproduce.matching.tests.factories import OpportunityFactory
from coproduce.pool.models import MemberKind
from coproduce.pool.tests.factories import member_for
from coproduce.projects.tests.factories import make_project


@pytest.fixture
def project(personas):  # type: ignore[no-untyped-def]
    return make_project(personas, service=personas.service, title="Calmer ward rounds")


@pytest.fixture
def opportunity(project):  # type: ignore[no-untyped-def]
    return OpportunityFactory(project=project, title="Join the ward rounds team")


@pytest.fixture
def pat_member(personas):  # type: ignore[no-untyped-def]
    return member_for(personas.pat)


@pytest.fixture
def carl_member(personas):  # type: ignore[no-untyped-def]
    return member_for(personas.carl, kind=MemberKind.CARER)
