import datetime

import pytest
from django.utils import timezone

from coproduce.pool.models import MemberKind, MemberStatus, PoolMember
from coproduce.training.models import Audience
from coproduce.training.tests.factories import CourseFactory, SessionFactory


@pytest.fixture
def qi_basics(personas):  # type: ignore[no-untyped-def]
    return CourseFactory(
        organisation=personas.trust,
        title="QI basics for patients and carers",
        audience=Audience.PATIENTS_AND_CARERS,
        grants="team roles",
        valid_for_months=24,
    )


@pytest.fixture
def upcoming(qi_basics):  # type: ignore[no-untyped-def]
    return SessionFactory(course=qi_basics, capacity=2)


@pytest.fixture
def past_session(qi_basics):  # type: ignore[no-untyped-def]
    start = timezone.now() - datetime.timedelta(days=1)
    return SessionFactory(
        course=qi_basics, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )


def pool_member_for(user, organisation):  # type: ignore[no-untyped-def]
    first, _, last = user.full_name.partition(" ")
    member, _ = PoolMember.objects.get_or_create(
        user=user,
        defaults={
            "organisation": organisation,
            "first_name": first,
            "last_name": last,
            "email": user.email,
            "kind": MemberKind.PATIENT,
            "status": MemberStatus.ACTIVE,
        },
    )
    return member
