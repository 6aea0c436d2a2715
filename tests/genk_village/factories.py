from importlib import import_module

import factory
from django.contrib.auth.hashers import make_password

from genk_village.models import City, District, Language, User

# One hash for every test user: hashing per user would dominate the suite's run time.
TEST_PASSWORD = "correct horse battery staple"


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("city", "name")

    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"District {n}")


# The languages a data migration writes; a transactional test's flush empties the table, so they are
# written again when a test asks for one.
LANGUAGE_NAMES = dict(import_module("genk_village.migrations.0002_languages").LANGUAGES)
LANGUAGE_OTHER_NAMES = import_module("genk_village.migrations.0008_language_dutch_and_english_names").NAMES


def language(code: str) -> Language:
    name_nl, name_en = LANGUAGE_OTHER_NAMES[code]
    defaults = {"name": LANGUAGE_NAMES[code], "name_nl": name_nl, "name_en": name_en}
    return Language.objects.get_or_create(code=code, defaults=defaults)[0]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    city = factory.SubFactory(CityFactory)
    language = "en"  # the language the tests read; a person's default is Dutch
    password = factory.LazyFunction(lambda: make_password(TEST_PASSWORD))
