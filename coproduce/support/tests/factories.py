import factory

from coproduce.support.models import HelpKind, RequesterRole, SupportRequest


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequest

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"asker{n}@example.org")
    requester_role = RequesterRole.STAFF
    help_wanted = factory.LazyFunction(lambda: [HelpKind.CALL])
    availability = "Weekday mornings"
    consent_to_contact = True
