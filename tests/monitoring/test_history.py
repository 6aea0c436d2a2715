"""History from day one: snapshots rebuilt from the dated events, so trends and the report's start column
have figures without waiting a year of nightly runs."""

import dataclasses
import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from demo.seeder import DemoSizes, seed
from genk_village.models import City, User
from monitoring.models import IndicatorSnapshot
from monitoring.selectors import dashboard, indicator_table
from monitoring.services import snapshot_missing, snapshot_range
from tests.monitoring.conftest import DAY

pytestmark = pytest.mark.django_db

SMALL = DemoSizes(families=8, coaches=6, supporters=12, challenges=40)


def test_seed_demo_ends_with_a_year_of_daily_history_that_draws_trends_and_the_start_column():
    seed(dataclasses.replace(SMALL, challenges=150))  # enough completed in a month to draw a line
    city = City.objects.get(slug="genk")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    days = set(IndicatorSnapshot.objects.filter(city=city, district=None).values_list("day", flat=True))
    assert len(days) == 366 and max(days) == yesterday
    steering = User.objects.get(email="steering@example.org")

    board = dashboard(user=steering, period="365")
    # a point a month over the year; each shown or hidden as the release plans it, never a dash
    for trend in board.trends:
        assert len(trend["points"]) == 14, trend["code"]
        assert all(figure.suppressed or figure.value is not None for _day, figure in trend["points"])
    confirmed = next(trend for trend in board.trends if trend["code"] == "challenges.confirmed")
    values = [figure.value for _day, figure in confirmed["points"] if figure.value is not None]
    assert values == sorted(values) and values[0] < values[-1]  # challenges were completed during the year

    _end, start, lines = indicator_table(user=steering, city=steering.city, district=None, period="90")
    assert start is not None and start.day == yesterday - datetime.timedelta(days=90)
    assert all(line.start is not None for line in lines)
    # Filled, not a dash: a number, or hidden where the small demo would otherwise tell one family apart.
    referred_then = start.rows["reach.referred"].figure
    assert referred_then.suppressed or referred_then.value > 0


def test_a_second_seed_writes_no_history_and_a_new_installation_backfills_its_own(capsys):
    seed(SMALL)
    rows = IndicatorSnapshot.objects.count()
    seed(SMALL)
    assert IndicatorSnapshot.objects.count() == rows

    IndicatorSnapshot.objects.all().delete()
    first = timezone.localdate() - datetime.timedelta(days=60)
    call_command("backfill_snapshots", "--from", first.isoformat())
    assert "60 days" in capsys.readouterr().out
    assert IndicatorSnapshot.objects.filter(district=None).values("day").distinct().count() == 60


def test_history_of_a_past_day_counts_only_what_had_happened_by_then(genk):
    snapshot_range(city=genk["city"], first=DAY - datetime.timedelta(days=400), last=DAY)

    def referred(day):
        return IndicatorSnapshot.objects.get(city=genk["city"], district=None, code="reach.referred", day=day)

    # the nine families were referred 400 days before DAY, the tenth the day after DAY
    assert referred(DAY - datetime.timedelta(days=400)).value == 9
    assert referred(DAY).value == 9
    assert not IndicatorSnapshot.objects.filter(
        city=genk["city"], code="reach.referred", day=DAY - datetime.timedelta(days=401)
    ).exists()  # a zero count is not stored: readers take a missing count for zero


def test_filling_the_missing_days_leaves_stored_days_alone(genk):
    snapshot_range(
        city=genk["city"], first=DAY - datetime.timedelta(days=3), last=DAY - datetime.timedelta(days=2)
    )
    stored = list(IndicatorSnapshot.objects.order_by("pk").values_list("pk", "computed_at"))
    assert snapshot_missing(city=genk["city"], first=DAY - datetime.timedelta(days=3), last=DAY) > 0
    kept = IndicatorSnapshot.objects.filter(pk__in=[pk for pk, _at in stored]).order_by("pk")
    assert list(kept.values_list("pk", "computed_at")) == stored
    assert snapshot_missing(city=genk["city"], first=DAY - datetime.timedelta(days=3), last=DAY) == 0


def test_the_report_states_its_city_district_period_and_date(client, steering, genk):
    snapshot_range(city=genk["city"], first=DAY - datetime.timedelta(days=91), last=DAY)
    client.force_login(steering)
    response = client.get(reverse("monitoring:report") + f"?period=90&district={genk['west'].pk}")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Winterslag" in page and genk["city"].name in page
    assert "last 90 days: April 1, 2026 to June 30, 2026" in page
    assert "((" not in page and ") )" not in page
    assert "@page" not in page  # the page size lives in the stylesheet (no inline style under the CSP)


def test_a_trend_shows_its_last_day_exactly_as_the_cards_do(steering, genk):
    snapshot_range(city=genk["city"], first=DAY - datetime.timedelta(days=31), last=DAY)
    board = dashboard(user=steering, period="30")

    assert board.trends
    for trend in board.trends:
        last_day, last = trend["points"][-1]
        assert last_day == board.day
        assert (last.display, last.suppressed) == (board.rows[trend["code"]].figure.display,
                                                   board.rows[trend["code"]].figure.suppressed)  # fmt: skip


def test_seed_demo_can_leave_the_history_short_or_out():
    seed(dataclasses.replace(SMALL, history_days=0))
    assert not IndicatorSnapshot.objects.exists()

    seed(dataclasses.replace(SMALL, history_days=3))
    days = set(IndicatorSnapshot.objects.filter(district=None).values_list("day", flat=True))
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert days == {yesterday - datetime.timedelta(days=n) for n in range(3)}
