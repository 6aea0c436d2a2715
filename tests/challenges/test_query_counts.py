"""Each page and API list the Flanders-scale bench measures (bench/scale.py) runs as many queries with
a few rows as with many, with a small page as with a large one: its cost follows what it shows, never the
size of the tables. The figures are ceilings too, so that an extra query per page is a decision."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from challenges.models import Challenge
from coaches.models import Match
from coaches.services import proposal_link_create
from families.models import Family
from tests.coaches.factories import ReadyCoachFactory
from tests.families.factories import FamilyFactory
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.django_db


def grow(family, count: int, *, claimant=None) -> None:
    """`count` challenges of `family` (in every status when `claimant` holds some), and as many open ones
    in another city."""
    elsewhere = FamilyFactory()
    statuses = [
        Challenge.Status.OPEN,
        Challenge.Status.OPEN,
        Challenge.Status.CLAIMED,
        Challenge.Status.CONFIRMED,
    ]
    rows = []
    for target in (family, elsewhere):
        for n in range(count):
            held = claimant is not None and target is family and n % 4 > 1
            status = statuses[n % 4] if held else Challenge.Status.OPEN
            rows.append(
                Challenge(
                    city=target.city,
                    family=target,
                    district=target.district,
                    title=f"Need {n}",
                    category=("material", "transport")[n % 2],
                    needed_by=timezone.localdate() + datetime.timedelta(days=2 + n % 30),
                    status=status,
                    claimant=claimant if held else None,
                    claimed_at=timezone.now() if held else None,
                    confirmed_at=timezone.now() if status == Challenge.Status.CONFIRMED else None,
                )
            )
    Challenge.objects.bulk_create(rows)


def queries(client, path: str) -> int:
    client.get(path)  # warm what is cached once per process (content types, translations)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def same_cost(client, family, paths: list[str], *, claimant=None, grow_by: int = 60) -> dict[str, int]:
    few = {path: queries(client, path) for path in paths}
    grow(family, grow_by, claimant=claimant)
    many = {path: queries(client, path) for path in paths}
    assert many == few
    return few


@pytest.fixture
def board_world(client, supporter, family):
    grow(family, 4, claimant=supporter.supporter)
    client.force_login(supporter)
    return client


BOARD_CEILING = 8
API_CEILING = 7


def test_the_board_costs_the_same_with_one_card_or_a_full_page_and_on_page_two(board_world, family, district):
    grow(family, 40)
    page_two = board_world.get("/challenges/").context["next_query"]
    assert page_two
    paths = [
        "/challenges/",
        f"/challenges/?category=material&district={district.pk}",
        f"/challenges/?{page_two}",
    ]
    counts = same_cost(board_world, family, paths)
    assert max(counts.values()) <= BOARD_CEILING, counts


def test_the_api_lists_and_detail_cost_the_same_whatever_the_table_and_page_size(
    board_world, family, supporter
):
    detail = Challenge.objects.filter(family=family, status=Challenge.Status.OPEN).first()
    paths = [
        "/api/v1/challenges/",
        "/api/v1/challenges/?status=open",
        "/api/v1/challenges/?status=claimed",
        "/api/v1/challenges/?category=transport",
        "/api/v1/challenges/?district=winterslag",
        f"/api/v1/challenges/{detail.pk}/",
    ]
    counts = same_cost(board_world, family, paths, claimant=supporter.supporter)
    assert max(counts.values()) <= API_CEILING, counts
    small, large = (queries(board_world, f"/api/v1/challenges/?page_size={size}") for size in (2, 100))
    assert small == large


def test_a_supporters_api_list_holds_open_ones_of_the_city_and_their_own(board_world, family, supporter):
    grow(family, 8, claimant=SupporterFactory(city=family.city))  # held by someone else: not listed
    listed = board_world.get("/api/v1/challenges/?page_size=100").json()["results"]
    mine = Challenge.objects.filter(claimant=supporter.supporter).values_list("pk", flat=True)
    expected = set(Challenge.objects.filter(city=family.city, status="open").values_list("pk", flat=True))
    assert {row["id"] for row in listed} == expected | set(mine)
    stamps = [row["created_at"] for row in listed]
    assert stamps == sorted(stamps, reverse=True)


def test_the_coach_pages_cost_the_same_with_a_short_or_long_history(client, coach, family):
    grow(family, 3)
    client.force_login(coach)
    counts = same_cost(client, family, ["/coach/", "/coach/challenges/"])
    assert counts == {"/coach/": 11, "/coach/challenges/": 6}, counts


def test_the_proposal_page_costs_the_same_however_many_challenges_exist(client, city, district, coordinator):
    family = FamilyFactory(city=city, district=district, status=Family.Status.MATCHING)
    for rank in (1, 2, 3):
        Match.objects.create(family=family, coach=ReadyCoachFactory(city=city), rank=rank)
    _link, token = proposal_link_create(family=family, actor=coordinator)
    counts = same_cost(client, family, [f"/proposals/link/{token}/"])
    assert max(counts.values()) <= 12, counts


def test_the_admin_challenge_and_family_lists_cost_the_same_with_few_or_many_rows(
    client, coordinator, family
):
    client.force_login(coordinator)
    paths = [
        "/admin/challenges/challenge/",
        "/admin/challenges/challenge/?q=Need",
        "/admin/challenges/challenge/?status__exact=open",
        "/admin/families/family/",
        "/admin/families/family/?q=TST",
        "/admin/families/family/?status__exact=matched",
    ]
    counts = same_cost(client, family, paths)
    assert max(counts.values()) <= 20, counts


def test_paging_a_supporters_api_list_through_its_cursor_meets_every_challenge_once(
    board_world, family, supporter
):
    grow(family, 12, claimant=supporter.supporter)
    expected = set(Challenge.objects.visible_to(supporter).values_list("pk", flat=True))
    seen, url = [], "/api/v1/challenges/?page_size=3"
    while url:
        page = board_world.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert sorted(seen) == sorted(expected) and len(seen) == len(set(seen))
