"""The board's cards come from the cache once rendered: never stale, never another reader's token."""

import re

import pytest
from django.test import Client
from django.test.signals import template_rendered
from django.urls import reverse

from challenges.models import Challenge
from challenges.templatetags.cards import _stand_in
from genk_village.language import user_language_set
from tests.challenges.factories import ChallengeFactory
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.django_db

BOARD = "/challenges/"


def rendered(name):
    """The times the template `name` is rendered while the test runs."""
    names = []

    def seen(sender, template, context, **kwargs):
        if template.name == name:
            names.append(template.name)

    template_rendered.connect(seen)
    yield names
    template_rendered.disconnect(seen)


@pytest.fixture
def cards_rendered():
    yield from rendered("challenges/_card.html")


@pytest.fixture
def filters_rendered():
    yield from rendered("challenges/_board_filters.html")


def filter_fields(page: str) -> str:
    start = page.index('<div class="filter-grid">')
    return page[start : page.index("</fieldset>", start)]


def test_each_card_is_rendered_once_then_read_from_the_cache(client, supporter, family, cards_rendered):
    for n in range(3):
        ChallengeFactory(family=family, title=f"Need {n}")
    client.force_login(supporter)

    first = client.get(BOARD).content.decode()
    assert len(cards_rendered) == 3
    second = client.get(BOARD).content.decode()

    assert len(cards_rendered) == 3  # no card rendered again
    assert all(f"Need {n}" in second for n in range(3))
    assert _stand_in() not in first and _stand_in() not in second


def test_an_edit_or_a_pledge_shows_at_once_on_a_cached_card(client, supporter, family):
    challenge = ChallengeFactory(family=family, title="Winter coat", target_quantity=4)
    client.force_login(supporter)
    assert "0 of 4 pledged" in client.get(BOARD).content.decode()

    # changed without save(), as the services' guarded updates do: nothing to invalidate, the key changes
    Challenge.objects.filter(pk=challenge.pk).update(title="Winter coat, size 128", pledged_quantity=3)

    page = client.get(BOARD).content.decode()
    assert "Winter coat, size 128" in page and "3 of 4 pledged" in page and "0 of 4 pledged" not in page


def test_a_second_reader_claims_from_a_cached_card_with_their_own_token(supporter, city, family):
    challenge = ChallengeFactory(family=family, title="A ride to the dentist")
    first = Client(enforce_csrf_checks=True)
    first.force_login(supporter)
    first_page = first.get(BOARD).content.decode()
    second = Client(enforce_csrf_checks=True)
    second.force_login(SupporterFactory(city=city).user)

    page = second.get(BOARD).content.decode()
    claim = reverse("challenges:claim", args=[challenge.pk])
    form = re.search(rf'action="{claim}".*?name="csrfmiddlewaretoken" value="(\w+)"', page, re.S)
    assert form and form.group(1) not in first_page  # a token of this page, not of the first reader's
    response = second.post(claim, {"csrfmiddlewaretoken": form.group(1)})

    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == "claimed"


def test_a_reader_of_another_language_gets_the_card_in_theirs(client, supporter, family):
    ChallengeFactory(family=family, title="Football shoes")
    client.force_login(supporter)
    assert "Needed by" in client.get(BOARD).content.decode()

    user_language_set(user=supporter, language="nl")
    page = client.get(BOARD).content.decode()

    assert "Nodig op" in page and "Needed by" not in page


def test_the_unfilled_filters_are_drawn_once_for_every_supporter_of_the_city(
    client, supporter, city, family, district, filters_rendered
):
    for n in range(21):  # two pages
        ChallengeFactory(family=family, title=f"Need {n}")
    client.force_login(supporter)
    first = client.get(BOARD)
    other = Client()
    other.force_login(SupporterFactory(city=city).user)

    page_two = other.get(f"{BOARD}?{first.context['next_query']}").content.decode()

    assert len(filters_rendered) == 1
    assert filter_fields(page_two) == filter_fields(first.content.decode())
    assert f'<option value="{district.pk}">Winterslag</option>' in page_two


def test_a_new_district_and_another_city_change_the_cached_filters(
    client, supporter, other_city, district, filters_rendered
):
    from tests.genk_village.factories import DistrictFactory

    client.force_login(supporter)
    client.get(BOARD)
    DistrictFactory(city=district.city, name="Zwartberg")
    assert "Zwartberg" in filter_fields(client.get(BOARD).content.decode())

    DistrictFactory(city=other_city, name="Kiewit")
    elsewhere = Client()
    elsewhere.force_login(SupporterFactory(city=other_city).user)
    fields = filter_fields(elsewhere.get(BOARD).content.decode())

    assert "Kiewit" in fields and "Winterslag" not in fields and "Zwartberg" not in fields
    assert len(filters_rendered) == 3


def test_filled_in_filters_show_the_readers_choice_and_are_drawn_each_time(
    client, supporter, district, filters_rendered
):
    client.force_login(supporter)
    client.get(BOARD)
    chosen = f"{BOARD}?category=transport&district={district.pk}"

    fields = [filter_fields(client.get(chosen).content.decode()) for _ in range(2)]

    assert all(f'<option value="{district.pk}" selected>Winterslag</option>' in page for page in fields)
    assert all('<option value="transport" selected>' in page for page in fields)
    assert len(filters_rendered) == 3
    unfilled = filter_fields(client.get(BOARD).content.decode())
    assert f'"{district.pk}" selected' not in unfilled and '"transport" selected' not in unfilled
