"""Writes of the monitoring: the indicator snapshots, upserted so that a rerun changes nothing."""

import datetime

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genk_village.errors import ServiceError
from genk_village.models import City, District

from .indicators import COUNT, REGISTRY, measure
from .models import IndicatorSnapshot
from .releases import release_plan_store

CATCH_UP_DAYS = 31  # a beat that was down for a month is caught up; older gaps need the backfill command


class MonitoringError(ServiceError):
    pass


def _same(row: IndicatorSnapshot, value, numerator, denominator) -> bool:
    return (row.value, row.numerator, row.denominator) == (value, numerator, denominator)


def _upsert(*, city: City, by_day: dict[datetime.date, list]) -> int:
    """Write the measures of each day: unchanged rows are left alone (a rerun writes nothing), changed ones
    updated and missing ones inserted, in bulk.

    A zero count is not stored (the readers take a missing count for zero), unless its row exists.
    An upsert by hand: the key is (city, district, code, day) under two partial unique constraints, which
    ON CONFLICT cannot target without their WHERE clause, so existing rows are read first.
    """
    existing = {
        (row.day, row.district_id, row.code): row
        for row in IndicatorSnapshot.objects.filter(city=city, day__in=list(by_day))
    }
    now = timezone.now()
    to_create, to_update = [], []
    for day, measures in by_day.items():
        for item in measures:
            row = existing.get((day, item.district_id, item.code))
            if row is None and item.value == 0 and REGISTRY[item.code].kind == COUNT:
                continue  # a missing count reads as zero: most district-by-category cells are
            if row is None:
                to_create.append(
                    (item.district_id, item.code, day, item.value, item.numerator, item.denominator)
                )
            elif not _same(row, item.value, item.numerator, item.denominator):
                row.value, row.numerator, row.denominator, row.computed_at = (
                    item.value, item.numerator, item.denominator, now,
                )  # fmt: skip
                to_update.append(row)
    _insert(city=city, rows=to_create, now=now)
    IndicatorSnapshot.objects.bulk_update(
        to_update, ["value", "numerator", "denominator", "computed_at"], batch_size=1000
    )
    if to_create or to_update:
        # new figures: cached dashboards of this city are stale once the rows are committed
        version = f"{now.timestamp()}"
        transaction.on_commit(lambda: cache.set(f"monitoring:version:{city.pk}", version, None))
    return len(to_create) + len(to_update)


INSERT_BATCH = 500  # rows per INSERT: 4,000 parameters, well inside SQLite's and PostgreSQL's limits
COLUMNS = ["city_id", "district_id", "code", "day", "value", "numerator", "denominator", "computed_at"]


def _insert(*, city: City, rows: list[tuple], now: datetime.datetime) -> None:
    """Multi-row INSERTs without a model instance per row: a year of history is some 100,000 rows, which
    bulk_create spends most of its time preparing one field at a time."""
    ops = connection.ops
    table = ops.quote_name(IndicatorSnapshot._meta.db_table)
    columns = ", ".join(ops.quote_name(column) for column in COLUMNS)
    computed_at = ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_BATCH):
            batch = rows[start : start + INSERT_BATCH]
            values = ", ".join(["(" + ", ".join(["%s"] * len(COLUMNS)) + ")"] * len(batch))
            params = [
                value
                for district_id, code, day, *figures in batch
                for value in (
                    city.pk,
                    district_id,
                    code,
                    ops.adapt_datefield_value(day),
                    *figures,
                    computed_at,
                )
            ]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values}", params)  # noqa: S608


def _days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    return [first + datetime.timedelta(days=offset) for offset in range((last - first).days + 1)]


@transaction.atomic
def snapshot_take(*, city: City, day: datetime.date) -> int:
    """Store every indicator of `city` (and each district) at the end of `day`; returns rows written."""
    return snapshot_range(city=city, first=day, last=day)


HISTORY_CHUNK_DAYS = 31  # days measured and written per transaction: a month of rows stays small in memory


def snapshot_range(*, city: City, first: datetime.date, last: datetime.date, plan: bool = True) -> int:
    """Rebuild the snapshot of every day from `first` to `last` from the dated events the database holds
    (referral, intake, match start and end, challenge events, ledger), a month per transaction; then
    plan the release of the latest snapshot (unless `plan` is False: the caller plans once at its end).

    Every indicator is measured as it stood at the end of its day, so history from before the first
    nightly run comes out as the nightly run would have stored it.
    """
    if first > last:
        raise MonitoringError(_("The first day comes after the last day."))
    if last > timezone.localdate():
        raise MonitoringError(_("A snapshot cannot be taken of a day that has not begun."))
    district_ids = list(District.objects.filter(city=city).values_list("pk", flat=True))
    days = _days(first, last)
    written = 0
    for start in range(0, len(days), HISTORY_CHUNK_DAYS):
        chunk = days[start : start + HISTORY_CHUNK_DAYS]
        with transaction.atomic():
            # Lock the city row: two runs for the same city and days (beat plus a manual backfill) take
            # turns, so neither inserts a key the other has just inserted.
            City.objects.select_for_update().filter(pk=city.pk).first()
            by_day = {day: measure(city=city, day=day, district_ids=district_ids) for day in chunk}
            written += _upsert(city=city, by_day=by_day)
    if plan:
        release_plan_store(city=city)
    return written


def snapshot_missing(*, city: City, first: datetime.date, last: datetime.date) -> int:
    """Take only the days from `first` to `last` that have no snapshot yet: the demo's history hook."""
    if first > last:
        return 0
    stored = set(
        IndicatorSnapshot.objects.filter(city=city, district=None, day__range=(first, last))
        .values_list("day", flat=True)
        .distinct()
    )
    runs: list[list[datetime.date]] = []
    for day in _days(first, last):
        if day in stored:
            continue
        if runs and runs[-1][-1] == day - datetime.timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    written = sum(snapshot_range(city=city, first=run[0], last=run[-1], plan=False) for run in runs)
    if written:
        release_plan_store(city=city)
    return written


def snapshot_overdue(*, city: City, today: datetime.date | None = None) -> int:
    """The nightly job: yesterday, and any day since the last snapshot that a missed run left out."""
    today = today or timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    latest = IndicatorSnapshot.objects.filter(city=city, day__lt=today).order_by("-day").first()
    first = yesterday
    if latest is not None:
        first = max(
            min(latest.day + datetime.timedelta(days=1), yesterday),
            today - datetime.timedelta(days=CATCH_UP_DAYS),
        )
    return snapshot_range(city=city, first=first, last=yesterday)
