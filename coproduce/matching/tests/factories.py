import datetime

import factory

from coproduce.matching.models import Invitation, Opportunity, OpportunityRole


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    organisation = factory.LazyAttribute(lambda o: o.project.organisation)
    title = factory.Sequence(lambda n: f"Join the team {n}")
    role = OpportunityRole.TEAM_MEMBER
    hours_per_month = 2
    start_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=14))
    posted_by = factory.LazyAttribute(lambda o: o.project.lead)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    sent_by = factory.LazyAttribute(lambda o: o.opportunity.posted_by)
