"""Writes of the monitoring: the indicator snapshots, upserted so that a rerun changes nothing."""

import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genk_village.errors import ServiceError
from genk_village.models import City, District

from .indicators import measure
from .models import IndicatorSnapshot

CATCH_UP_DAYS = 31  # a beat that was down for a month is caught up; older gaps need the backfill command


class MonitoringError(ServiceError):
    pass


def _same(row: IndicatorSnapshot, value, numerator, denominator) -> bool:
    return (row.value, row.numerator, row.denominator) == (value, numerator, denominator)


@transaction.atomic
def snapshot_take(*, city: City, day: datetime.date) -> int:
    """Store every indicator of `city` (and each district) at the end of `day`; returns rows written.

    An upsert by hand: the key is (city, district, code, day) under two partial unique constraints, which
    ON CONFLICT cannot target without their WHERE clause, so existing rows are read, unchanged ones left
    alone (a rerun writes nothing), changed ones updated and missing ones inserted.
    """
    if day > timezone.localdate():
        raise MonitoringError(_("A snapshot cannot be taken of a day that has not begun."))
    # Lock the city row: two runs for the same city and day (beat plus a manual backfill) take turns,
    # so neither inserts a key the other has just inserted.
    City.objects.select_for_update().filter(pk=city.pk).first()
    district_ids = list(District.objects.filter(city=city).values_list("pk", flat=True))
    measures = measure(city=city, day=day, district_ids=district_ids)
    existing = {
        (row.district_id, row.code): row for row in IndicatorSnapshot.objects.filter(city=city, day=day)
    }
    now = timezone.now()
    to_create, to_update = [], []
    for item in measures:
        row = existing.get((item.district_id, item.code))
        if row is None:
            to_create.append(
                IndicatorSnapshot(
                    city=city, district_id=item.district_id, code=item.code, day=day, value=item.value,
                    numerator=item.numerator, denominator=item.denominator, computed_at=now,
                )
            )  # fmt: skip
        elif not _same(row, item.value, item.numerator, item.denominator):
            row.value, row.numerator, row.denominator, row.computed_at = (
                item.value, item.numerator, item.denominator, now,
            )  # fmt: skip
            to_update.append(row)
    IndicatorSnapshot.objects.bulk_create(to_create, batch_size=1000)
    IndicatorSnapshot.objects.bulk_update(
        to_update, ["value", "numerator", "denominator", "computed_at"], batch_size=1000
    )
    if to_create or to_update:
        # new figures: cached dashboards of this city are stale once the rows are committed
        version = f"{now.timestamp()}"
        transaction.on_commit(lambda: cache.set(f"monitoring:version:{city.pk}", version, None))
    return len(to_create) + len(to_update)


def snapshot_range(*, city: City, first: datetime.date, last: datetime.date) -> int:
    """Take the snapshot of every day from `first` to `last`, one transaction per day."""
    if first > last:
        raise MonitoringError(_("The first day comes after the last day."))
    written = 0
    day = first
    while day <= last:
        written += snapshot_take(city=city, day=day)
        day += datetime.timedelta(days=1)
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
