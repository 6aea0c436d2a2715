import datetime

import factory
from django.utils import timezone

from families.models import Child, ConsentRecord, DeprivationCheck, Family, Guardian
from tests.genk_village.factories import CityFactory, DistrictFactory


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    city = factory.SubFactory(CityFactory)
    district = factory.SubFactory(DistrictFactory, city=factory.SelfAttribute("..city"))
    reference = factory.Sequence(lambda n: f"TST-{n:05d}")
    family_name = factory.Faker("last_name")
    address = factory.Faker("street_address")
    referral_source = Family.Source.SCHOOL


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    family = factory.SubFactory(FamilyFactory)
    first_name = factory.Faker("first_name")
    birth_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=5 * 365))


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardian

    family = factory.SubFactory(FamilyFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    relation = Guardian.Relation.MOTHER
    phone = factory.Faker("phone_number")


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentRecord

    family = factory.SubFactory(FamilyFactory)
    purpose = ConsentRecord.Purpose.PROGRAMME
    given_on = factory.LazyFunction(timezone.localdate)


class DeprivationCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeprivationCheck

    child = factory.SubFactory(ChildFactory)
    checked_on = factory.LazyFunction(timezone.localdate)
