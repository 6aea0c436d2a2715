import datetime

import factory
from django.utils import timezone

from challenges.models import Challenge
from tests.families.factories import FamilyFactory


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    family = factory.SubFactory(FamilyFactory)
    city = factory.SelfAttribute("family.city")
    district = factory.SelfAttribute("family.district")
    title = "Football shoes, size 31"
    category = Challenge.Category.MATERIAL
    needed_by = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
