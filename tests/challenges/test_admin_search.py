"""The coordinator's challenge search: a word of the title or description, the family's reference or the
claimant's name finds the challenge; several words narrow; another city's challenges never show."""

import pytest
from django.db import connection
from django.utils import timezone

from challenges.admin import CappedCountPaginator
from tests.challenges.factories import ChallengeFactory
from tests.families.factories import FamilyFactory
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def challenges(city, other_city, district):
    helper = SupporterFactory(city=city, display_name="Marieke")
    mine = FamilyFactory(city=city, district=district, reference="GNK-04711")
    made = {
        "shoes": ChallengeFactory(family=mine, title="Football shoes, size 31", description="For the club"),
        "ride": ChallengeFactory(
            family=mine, title="A ride to the dentist", description="Wednesday afternoon, from Winterslag"
        ),
        "held": ChallengeFactory(
            title="Homework help",
            family__city=city,
            status="claimed",
            claimant=helper,
            claimed_at=timezone.now(),
        ),
        "elsewhere": ChallengeFactory(family__city=other_city, title="Football shoes, size 28"),
    }
    return made


def found(client, term: str) -> set[str]:
    response = client.get("/admin/challenges/challenge/", {"q": term})
    assert response.status_code == 200
    return {challenge.title for challenge in response.context["cl"].result_list}


@pytest.mark.parametrize(
    ("term", "titles"),
    [
        ("football", {"Football shoes, size 31"}),  # a word of the title, in any case
        ("dentist", {"A ride to the dentist"}),
        ("winterslag", {"A ride to the dentist"}),  # a word of the description
        ("GNK-04711", {"Football shoes, size 31", "A ride to the dentist"}),  # the family's reference
        ("marieke", {"Homework help"}),  # the claimant's name
        ("football club", {"Football shoes, size 31"}),  # every word must match, each anywhere
        ('"shoes, size"', {"Football shoes, size 31"}),  # a quoted phrase stays together
        ("football dentist", set()),
        ("nothing-like-this", set()),
    ],
)
def test_a_search_finds_by_title_description_reference_or_claimant(
    client, coordinator, challenges, term, titles
):
    client.force_login(coordinator)
    assert found(client, term) == titles


def test_a_search_never_shows_another_citys_challenge(client, coordinator, challenges):
    client.force_login(coordinator)
    assert found(client, "size 28") == set()
    assert found(client, "shoes") == {"Football shoes, size 31"}


@pytest.mark.postgres
def test_on_postgresql_the_title_and_description_have_trigram_indexes(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'challenges_challenge'"
            " AND indexdef LIKE '%%gin_trgm_ops%%'"
        )
        indexes = dict(cursor.fetchall())
    assert set(indexes) == {"challenge_title_trgm_idx", "challenge_description_trgm_idx"}


def test_the_list_counts_up_to_its_cap_and_still_lists_the_newest(client, coordinator, city, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "COUNT_CAP", 3)
    made = [ChallengeFactory(family__city=city, title=f"Need {n}") for n in range(6)]
    client.force_login(coordinator)

    listed = client.get("/admin/challenges/challenge/").context["cl"]

    assert listed.result_count == 4  # "more than 3": the count stops one past the cap
    assert [challenge.pk for challenge in listed.result_list] == [c.pk for c in reversed(made)]
