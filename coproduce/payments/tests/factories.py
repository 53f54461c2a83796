"""Factories for payment tests, with the pool members and projects they need."""

import factory

from coproduce.pool.models import MemberKind, MemberStatus, PoolMember
from coproduce.projects.models import Project


class PoolMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoolMember

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    kind = MemberKind.PATIENT
    status = MemberStatus.ACTIVE


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Reducing restrictive practice {n}")
    start_date = factory.Faker("date_this_decade")
