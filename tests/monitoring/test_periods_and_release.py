"""The period and district filters change every figure; the release is planned once, with its trend points."""

import datetime

import pytest

from monitoring import releases
from monitoring.disclosure import exposures, plan, relations
from monitoring.indicators import REGISTRY_LIST, measure
from monitoring.indicators.registry import WINDOW_LABELS, stored_code
from monitoring.models import IndicatorSnapshot, ReleasePlan
from monitoring.releases import PERIODS, release, release_counts, trend_days
from monitoring.selectors import dashboard
from monitoring.services import snapshot_range, snapshot_take
from monitoring.views import _charts
from tests.challenges.factories import ChallengeFactory
from tests.monitoring.conftest import DAY, at
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.django_db

WINDOWED = [indicator for indicator in REGISTRY_LIST if indicator.windowed]


@pytest.fixture
def snapshots(genk):
    snapshot_range(city=genk["city"], first=DAY - datetime.timedelta(days=31), last=DAY)
    return genk


@pytest.fixture
def nothing_hidden(settings):
    settings.DISCLOSURE_THRESHOLD = 1  # no count is small: every figure shows what was measured


@pytest.mark.parametrize("period", list(PERIODS))
def test_each_period_shows_every_windowed_figure_over_its_own_window(
    client, steering, snapshots, nothing_hidden, period
):
    days = PERIODS[period][1]
    truth = {m.code: m.value for m in measure(city=snapshots["city"], day=DAY) if m.district_id is None}
    client.force_login(steering)

    items = {
        item["code"]: item
        for item in client.get("/api/v1/indicators/", {"period": period}).json()["indicators"]
    }
    board = dashboard(user=steering, period=period)

    for indicator in WINDOWED:
        expected = truth[stored_code(indicator.code, days)]
        assert items[indicator.code]["value"] == pytest.approx(expected), indicator.code
        assert board.rows[indicator.code].figure.value == pytest.approx(expected), indicator.code
        assert board.rows[indicator.code].indicator.period == WINDOW_LABELS[days]


def test_choosing_a_longer_period_changes_the_windowed_cards_and_what_they_say(
    client, steering, snapshots, nothing_hidden
):
    # a fourth supporter claimed half a year ago: active in the year, not in the month
    ChallengeFactory(
        family=snapshots["families"][3],
        created_at=at(DAY - datetime.timedelta(days=200)),
        status="claimed",
        claimant=SupporterFactory(city=snapshots["city"]),
        claimed_at=at(DAY - datetime.timedelta(days=199)),
    )
    snapshot_range(city=snapshots["city"], first=DAY, last=DAY)
    client.force_login(steering)
    month = dashboard(user=steering, period="30").rows
    year = dashboard(user=steering, period="365").rows
    # supporters who claimed in 30 days are fewer than in a year; the year's median takes older claims in
    assert month["supporters.active_30d"].figure.value < year["supporters.active_30d"].figure.value
    assert month["challenges.hours_to_claim"].figure.value != year["challenges.hours_to_claim"].figure.value

    page = client.get("/monitoring/", {"period": "365"}).content.decode()
    assert "the year up to the day" in page and "the 30 days up to the day" not in page
    assert "challenges of the year up to the day" in page and "the 90 days" not in page


def test_a_districts_view_lists_only_that_district_in_its_table_and_charts(client, steering, snapshots):
    west = snapshots["west"]
    board = dashboard(user=steering, district=west)

    assert board.district_table.row_labels == ["Winterslag"] and board.district_table.totals == []
    charts = _charts(board)
    assert [bar.label for bar in charts["districts"]["bars"]] == ["Winterslag"]
    assert [tile.name for tile in charts["tiles"]["tiles"]] == ["Winterslag"]
    city = dashboard(user=steering)
    assert city.district_table.row_labels == ["Waterschei", "Winterslag"] and city.district_table.totals

    client.force_login(steering)
    page = client.get("/monitoring/", {"district": west.pk}).content.decode()
    # Waterschei is only an option of the district filter, in no chart or table
    assert page.count("Waterschei") == 1


def test_the_snapshot_job_plans_the_release_once_and_pages_read_the_plan(steering, snapshots, monkeypatch):
    stored = ReleasePlan.objects.get(city=snapshots["city"])
    assert stored.day == DAY and stored.hidden

    def no_planning(counts):
        raise AssertionError("a page planned the release again")

    monkeypatch.setattr(releases, "plan", no_planning)
    rel = release(city=snapshots["city"])
    assert {(day.isoformat(), district, code) for day, district, code in rel.hidden} == {
        tuple(cell) for cell in stored.hidden
    }
    assert dashboard(user=steering).rows["reach.referred"].figure.value == 9


def test_a_backfill_after_the_plan_makes_the_page_plan_again(steering, snapshots, monkeypatch):
    city = snapshots["city"]
    planned = []
    real_plan = releases.plan
    monkeypatch.setattr(releases, "plan", lambda counts: planned.append(1) or real_plan(counts))
    # a later backfill rewrites a day of the release (here: its first day of the 30-day period)
    IndicatorSnapshot.objects.filter(city=city, day=DAY - datetime.timedelta(days=30)).update(
        computed_at=datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC)
    )
    release(city=city)
    assert planned == [1]


def test_the_trend_points_of_every_period_are_part_of_the_release(steering, genk):
    city = genk["city"]
    for day in sorted({day for days in trend_days(DAY).values() for day in days}):
        snapshot_take(city=city, day=day)
    rel = release(city=city)
    for period in PERIODS:
        assert set(rel.trend_days(period)) == set(trend_days(DAY)[period])
    board = dashboard(user=steering, period="30")
    assert [len(trend["points"]) for trend in board.trends] == [6, 6, 6, 6]


def test_two_trend_points_planned_apart_give_a_small_difference_away_and_planned_together_do_not():
    """The attack over time on the trend charts: 12 families referred on one point, 14 two weeks later."""
    first, second = DAY - datetime.timedelta(days=14), DAY
    values = {
        first: {(None, "reach.referred"): (12, 12, None)},
        second: {(None, "reach.referred"): (14, 14, None)},
    }
    counts = release_counts(values, [], full_days=set())
    together = plan(counts)
    apart = plan({c: v for c, v in counts.items() if c[0] == first}) | plan(
        {c: v for c, v in counts.items() if c[0] == second}
    )

    def pinned(hidden):
        published = {cell: None if cell in hidden else value for cell, value in counts.items()}
        return exposures(published, relations(counts))

    assert apart == frozenset() and pinned(apart)  # 14 - 12: two families referred in two weeks
    assert together and not pinned(together)
