"""The nightly snapshot: an upsert keyed by indicator, city, district and day; a rerun changes nothing."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from families.models import Family
from monitoring.models import IndicatorSnapshot
from monitoring.services import MonitoringError, snapshot_take
from monitoring.tasks import snapshot_indicators
from tests.families.factories import FamilyFactory
from tests.monitoring.conftest import DAY

pytestmark = pytest.mark.django_db


def _rows():
    return list(
        IndicatorSnapshot.objects.order_by("pk").values_list(
            "pk", "city_id", "district_id", "code", "day", "value", "numerator", "denominator", "computed_at"
        )
    )


def test_taking_a_snapshot_twice_gives_the_same_rows(genk):
    written = snapshot_take(city=genk["city"], day=DAY)
    first = _rows()
    assert written == len(first) > 0
    assert snapshot_take(city=genk["city"], day=DAY) == 0
    assert _rows() == first


def test_a_rerun_after_new_data_updates_only_what_changed(genk):
    snapshot_take(city=genk["city"], day=DAY)
    FamilyFactory(city=genk["city"], district=genk["north"], created_at=timezone.make_aware(
        datetime.datetime.combine(DAY, datetime.time(9))), referral_source=Family.Source.OCMW)  # fmt: skip
    written = snapshot_take(city=genk["city"], day=DAY)
    assert written == 4  # referred and referred-by-OCMW, for the city and for Waterschei
    city_row = IndicatorSnapshot.objects.get(city=genk["city"], district=None, code="reach.referred", day=DAY)
    assert city_row.value == 10


def test_the_nightly_task_takes_yesterday_and_is_safe_to_run_twice(genk, time_machine):
    time_machine.move_to(timezone.make_aware(datetime.datetime.combine(DAY, datetime.time(3))))
    assert snapshot_indicators.delay().get() > 0
    first = _rows()
    assert {row[4] for row in first} == {DAY - datetime.timedelta(days=1)}
    assert snapshot_indicators.delay().get() == 0
    assert _rows() == first


def test_the_backfill_command_fills_a_range_of_days(genk, capsys):
    call_command("backfill_snapshots", "--from", "2026-06-28", "--to", "2026-06-30", "--city", "genk")
    days = set(IndicatorSnapshot.objects.values_list("day", flat=True))
    assert days == {datetime.date(2026, 6, 28), datetime.date(2026, 6, 29), DAY}
    assert "3 days" in capsys.readouterr().out


def test_a_day_in_the_future_is_refused(genk):
    with pytest.raises(MonitoringError):
        snapshot_take(city=genk["city"], day=timezone.localdate() + datetime.timedelta(days=1))
