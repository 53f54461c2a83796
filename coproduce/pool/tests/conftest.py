import pytest

from coproduce.pool.models import MemberKind
from coproduce.pool.tests.factories import member_for


@pytest.fixture
def pat_member(personas):  # type: ignore[no-untyped-def]
    return member_for(personas.pat, experience_notes="Years on Willow Ward", adjustments="Breaks")


@pytest.fixture
def carl_member(personas):  # type: ignore[no-untyped-def]
    return member_for(personas.carl, kind=MemberKind.CARER, declared_benefits=["carers_allowance"])
