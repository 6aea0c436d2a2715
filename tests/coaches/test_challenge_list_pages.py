"""The coach's challenge list in keyset pages: what waits for the coach first, every challenge once, and
the same few queries on the first page as on the last, for a short or a years-long history."""

import datetime
import re

import pytest
from django.utils import timezone

from challenges.models import Challenge
from coaches.selectors import ListCursor, family_challenges_page
from supporters.models import Supporter
from tests.challenges.factories import ChallengeFactory

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'href="\?after=([0-9_]+)"')


@pytest.fixture
def history(family, supporter):
    """Three challenges to confirm, four to hand over and 45 others, created an hour apart, mixed."""
    holder = Supporter.objects.get(user=supporter)
    start = timezone.now() - datetime.timedelta(days=30)
    statuses = ["delivered"] * 3 + ["claimed"] * 4 + ["open", "confirmed", "cancelled"] * 15
    made = []
    for hour, status in enumerate(statuses[::2] + statuses[1::2]):
        held = status != "open" and status != "cancelled"
        made.append(
            ChallengeFactory(
                family=family,
                title=f"Need {hour}",
                status=status,
                claimant=holder if held else None,
                claimed_at=timezone.now() if held else None,
                delivered_at=timezone.now() if status in ("delivered", "confirmed") else None,
                confirmed_at=timezone.now() if status == "confirmed" else None,
            )
        )
        Challenge.objects.filter(pk=made[-1].pk).update(created_at=start + datetime.timedelta(hours=hour))
    return made


def expected_order(family) -> list[int]:
    rank = {"delivered": 0, "claimed": 1}
    rows = Challenge.objects.filter(family=family).values_list("status", "created_at", "pk")
    return [
        pk for _s, _c, pk in sorted(rows, key=lambda row: (rank.get(row[0], 2), -row[1].timestamp(), -row[2]))
    ]


def test_following_older_challenges_shows_every_challenge_once_waiting_ones_first(
    client, coach, family, history
):
    client.force_login(coach)
    seen, query, pages = [], "", 0
    while True:
        page = client.get(f"/coach/challenges/{query}").content.decode()
        pages += 1
        seen += [int(pk) for pk in re.findall(r'href="/coach/challenges/(\d+)/"', page)]
        found = NEXT.search(page)
        if pages > 1:
            assert "Back to the newest" in page
        if not found:
            break
        query = f"?after={found.group(1)}"

    assert pages == 3  # 52 challenges, 20 a page
    assert seen == expected_order(family)
    first_seven = Challenge.objects.filter(pk__in=seen[:7]).values_list("status", flat=True)
    assert sorted(first_seven) == ["claimed"] * 4 + ["delivered"] * 3


@pytest.mark.parametrize("size", [1, 3, 7, 8, 51, 52, 60])
def test_a_page_of_any_size_cuts_the_list_at_the_right_place(coach, family, history, size):
    seen, after = [], None
    while True:
        rows, after = family_challenges_page(family, coach, after=after, size=size)
        seen += [row.pk for row in rows]
        assert len(rows) <= size
        if after is None:
            break
        after = ListCursor.decode(after.encode())  # through the link, as the browser sends it back

    assert seen == expected_order(family)


@pytest.mark.parametrize("size", [2, 20])
def test_a_page_takes_at_most_one_query_per_part_whatever_its_size(
    coach, family, history, size, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        rows, _next = family_challenges_page(family, coach, size=size)
    assert len(rows) == size


@pytest.mark.parametrize("mangled", ["garbage", "1_2", "9_0_1", "0_99999999999999999999_1", "-1_0_1"])
def test_a_mangled_page_link_starts_from_the_newest(client, coach, family, history, mangled):
    client.force_login(coach)
    top = client.get("/coach/challenges/").content.decode()
    response = client.get("/coach/challenges/", {"after": mangled})

    assert response.status_code == 200
    assert NEXT.search(response.content.decode()).group(1) == NEXT.search(top).group(1)


def test_another_familys_challenges_are_never_on_the_list(client, coach, supporter, family, history):
    stranger = ChallengeFactory(
        title="Someone else's bike",
        status="claimed",
        claimant=Supporter.objects.get(user=supporter),
        claimed_at=timezone.now(),
    )
    client.force_login(coach)
    page = client.get("/coach/challenges/").content.decode()

    assert "Someone else" not in page and f"/coach/challenges/{stranger.pk}/" not in page
