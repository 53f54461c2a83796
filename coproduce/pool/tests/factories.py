import datetime

import factory
from django.utils import timezone

from coproduce.organisations.tests.factories import OrganisationFactory
from coproduce.pool.models import (
    Check,
    CheckKind,
    MemberKind,
    MemberStatus,
    OptionKind,
    PoolMember,
    ProfileOption,
)
from coproduce.pool.services import refresh_match_terms


class PoolMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoolMember
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"member{n}@example.org")
    phone = "07700 900123"
    kind = MemberKind.PATIENT
    status = MemberStatus.ACTIVE
    consented_at = factory.LazyFunction(timezone.now)
    privacy_notice_version = "2026-11"
    available_days = ["mon", "tue", "wed", "thu", "fri"]
    available_times = ["morning", "afternoon"]

    @factory.post_generation
    def terms(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            refresh_match_terms(self)


class ProfileOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProfileOption

    organisation = factory.SubFactory(OrganisationFactory)
    kind = OptionKind.TOPIC
    name = factory.Sequence(lambda n: f"Option {n}")


def member_for(user, **kwargs) -> PoolMember:  # type: ignore[no-untyped-def]
    """A pool member record linked to a persona's sign-in (pat and carl have none by default)."""
    first, _, last = user.full_name.partition(" ")
    return PoolMemberFactory(
        organisation=user.organisation,
        user=user,
        first_name=first,
        last_name=last,
        email=user.email,
        **kwargs,
    )


class CheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Check

    member = factory.SubFactory(PoolMemberFactory)
    kind = CheckKind.DBS
    checked_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1000))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=95))
    reference = factory.Sequence(lambda n: f"REF-{n:06d}")
