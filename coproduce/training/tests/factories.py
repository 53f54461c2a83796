import datetime

import factory
from django.utils import timezone

from coproduce.organisations.tests.factories import OrganisationFactory
from coproduce.training.models import (
    Audience,
    Completion,
    Course,
    Enrolment,
    EnrolmentStatus,
    Facilitator,
    Session,
    SessionMode,
)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Course {n}")
    audience = Audience.BOTH
    description = "What the course covers."


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    course = factory.SubFactory(CourseFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    mode = SessionMode.ONLINE
    video_link = "https://video.example.org/qi-basics"
    capacity = 10


class FacilitatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facilitator

    session = factory.SubFactory(SessionFactory)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    session = factory.SubFactory(SessionFactory)
    status = EnrolmentStatus.BOOKED
    enrolled_at = factory.LazyFunction(timezone.now)


class CompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Completion

    course = factory.SubFactory(CourseFactory)
    completed_on = factory.LazyFunction(timezone.localdate)
