import datetime

import factory
from django.utils import timezone

from coaches.models import Coach, Match, TrainingSession
from tests.families.factories import FamilyFactory
from tests.genk_village.factories import CityFactory, UserFactory


class CoachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coach

    city = factory.SubFactory(CityFactory)
    user = factory.SubFactory(UserFactory, city=factory.SelfAttribute("..city"), is_coach=True)
    display_name = factory.Faker("first_name")
    capacity = 1


class ReadyCoachFactory(CoachFactory):
    """Approved after a full screening; the city has no required training unless a test adds one."""

    screening_status = Coach.Screening.APPROVED
    interview_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    criminal_record_extract_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=5)
    )
    references_checked = True
    screened_on = factory.LazyFunction(timezone.localdate)


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    city = factory.SubFactory(CityFactory)
    title = "Basic training"
    starts_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=3))
    required = True


class MatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Match

    family = factory.SubFactory(FamilyFactory)
    coach = factory.SubFactory(ReadyCoachFactory, city=factory.SelfAttribute("..family.city"))
