import factory

from leisure.models import Activity, Catalogue, Kind
from tests.genk_village.factories import CityFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"Zwemclub {n}")
    kind = Kind.SWIMMING
    organiser = "Zwemclub Genk"
    place = "Zwembad Winterslag"
    min_age = 4
    max_age = 8
    weekdays = "2"
    time = "14:00–15:00"


class CatalogueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Catalogue

    city = factory.SubFactory(CityFactory)
    postal_codes = "3600"
