import factory

from supporters.models import Supporter
from tests.genk_village.factories import CityFactory, UserFactory


class SupporterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supporter

    city = factory.SubFactory(CityFactory)
    user = factory.SubFactory(UserFactory, city=factory.SelfAttribute("..city"), is_supporter=True)
    display_name = factory.Faker("first_name")
    categories = factory.LazyFunction(lambda: ["material", "transport"])
