"""The release: every figure of a city a user can download, with the one plan of what to hide among them.

A release holds the latest snapshot day, the first day of every period (the exports' start column) and the
trend charts' points of every period, since anyone may download or look at all of them and subtract one
from another. Disclosure control (disclosure.py) plans over all of them at once. Planning solves linear
programmes, so the job that takes the snapshot plans once and stores the plan (`ReleasePlan`); a page
reads it, and plans itself only when the snapshots have changed since (a backfill) or none is stored.
"""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Max, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genk_village.models import City, District

from .disclosure import Cell, plan, threshold
from .indicators import COUNT, REGISTRY, measure
from .indicators.registry import STORED
from .models import IndicatorSnapshot, ReleasePlan

# key: (label, days, days between two points of its trend charts)
PERIODS = {
    "30": (_("last 30 days"), 30, 6),
    "90": (_("last 90 days"), 90, 15),
    "365": (_("last year"), 365, 30),
}
DEFAULT_PERIOD = "90"
TREND_CODES = ["reach.referred", "reach.enrolled", "reach.matched", "challenges.confirmed"]
CACHE_SECONDS = 24 * 3600  # a new snapshot changes the version, so this only bounds a forgotten entry
COUNT_CODES = [indicator.code for indicator in STORED if indicator.kind == COUNT]

Values = dict[tuple[int | None, str], tuple[float | None, int | None, int | None]]


@dataclass(frozen=True)
class Release:
    """The figures of a release by day, when each day was computed, and the cells to hide."""

    day: datetime.date
    live: bool
    starts: dict[str, datetime.date | None]
    values: dict[datetime.date, Values]
    made_at: dict[datetime.date, datetime.datetime]
    hidden: frozenset[Cell]

    @property
    def full_days(self) -> set[datetime.date]:
        """The days of which every figure is released: the end and the periods' first days."""
        return {self.day, *(start for start in self.starts.values() if start is not None)}

    def trend_days(self, period: str) -> list[datetime.date]:
        """The days of the period's trend charts that have a snapshot, oldest first."""
        return sorted(day for day in trend_days(self.day)[period] if day in self.values)


def trend_days(end: datetime.date) -> dict[str, list[datetime.date]]:
    """Each period's chart points: every `step` days back from the end, and the period's first day."""
    days = {}
    for key, (_label, length, step) in PERIODS.items():
        offsets = {*range(0, length + 1, step), length}
        days[key] = sorted(end - datetime.timedelta(days=offset) for offset in offsets)
    return days


def _count(values: Values, district_id: int | None, code: str) -> int:
    return int(values.get((district_id, code), (0, 0, None))[0] or 0)


def release_counts(
    values: dict[datetime.date, Values], district_ids: list[int], full_days: set | None = None
) -> dict[Cell, int]:
    """The counts a release publishes: on its full days (the end, the periods' starts) every count of the
    city and of each district, on the other days the trend charts' counts."""
    counts = {}
    for day, of_day in values.items():
        codes = COUNT_CODES if full_days is None or day in full_days else TREND_CODES
        for code in codes:
            scopes = [None, *district_ids] if REGISTRY[code].by_district else [None]
            for scope in scopes:
                counts[(day, scope, code)] = _count(of_day, scope, code)
    return counts


def _stored(city_id: int, full: set, trend: set) -> tuple[dict, dict]:
    """Every figure of the full days, the trend codes of the other days, and when the latest of each day's
    rows read was computed; empty days are left out."""
    columns = ("day", "district_id", "code", "value", "numerator", "denominator", "computed_at")
    snapshots = IndicatorSnapshot.objects.filter(city_id=city_id)
    # two queries, each on its index (an OR of the two would read every row of the city)
    rows = [
        *snapshots.filter(day__in=full).values_list(*columns),
        *snapshots.filter(day__in=trend - full, code__in=TREND_CODES).values_list(*columns),
    ]
    values: dict[datetime.date, Values] = {day: {} for day in full}
    made_at: dict[datetime.date, datetime.datetime] = {}
    for day, district_id, code, value, numerator, denominator, computed_at in rows:
        values.setdefault(day, {})[(district_id, code)] = (value, numerator, denominator)
        if day not in made_at or computed_at > made_at[day]:
            made_at[day] = computed_at
    return values, made_at


def _live(city: City, district_ids: list[int]) -> Release:
    """Before the first snapshot: today's figures, measured now and not stored, with nothing to compare."""
    today = timezone.localdate()
    measured: Values = {
        (m.district_id, m.code): (m.value, m.numerator, m.denominator)
        for m in measure(city=city, day=today, district_ids=district_ids)
    }
    values = {today: measured}
    hidden = plan(release_counts(values, district_ids))
    return Release(today, True, dict.fromkeys(PERIODS), values, {today: timezone.now()}, hidden)


def _gather(city: City, day: datetime.date | None, district_ids: list[int]):
    """The release's days and figures (without its plan), or None before the first snapshot."""
    snapshots = IndicatorSnapshot.objects.filter(city=city).order_by("-day")
    if day is not None:
        snapshots = snapshots.filter(day__lte=day)
    end = snapshots.aggregate(end=Max("day"))["end"]
    if end is None:
        return None
    # the latest snapshot on or before each period's first day, each found backwards on the index
    latest = {
        key: Subquery(snapshots.filter(day__lte=end - datetime.timedelta(days=length)).values("day")[:1])
        for key, (_label, length, _step) in PERIODS.items()
    }
    starts = City.objects.filter(pk=city.pk).values(**latest).get()
    full = {end, *(start for start in starts.values() if start is not None)}
    trend = {when for days in trend_days(end).values() for when in days}
    values, made_at = _stored(city.pk, full, trend)
    return end, starts, full, values, made_at


def _planned(
    city: City, day: datetime.date | None, district_ids: list[int], *, stored: bool
) -> Release | None:
    """The release of the latest snapshot (on or before `day`), or None before the first snapshot; with
    `stored`, hiding what the stored plan hides when it still holds, otherwise planned now."""
    gathered = _gather(city, day, district_ids)
    if gathered is None:
        return None
    end, starts, full, values, made_at = gathered
    hidden = _stored_plan(city, end, values, made_at) if stored else None
    if hidden is None:
        hidden = plan(release_counts(values, district_ids, full))
    return Release(end, False, starts, values, made_at, hidden)


def _district_ids(city: City) -> list[int]:
    return list(District.objects.filter(city=city).order_by("pk").values_list("pk", flat=True))


def _basis(made_at: dict) -> datetime.datetime | None:
    return max(made_at.values(), default=None)


def release_plan_store(*, city: City) -> ReleasePlan | None:
    """Plan the release of the city's latest snapshot and store the plan: the snapshot job's last step."""
    rel = _planned(city, None, _district_ids(city), stored=False)
    if rel is None:
        return None
    stored, _created = ReleasePlan.objects.update_or_create(
        city=city,
        day=rel.day,
        defaults={
            "days": sorted(when.isoformat() for when in rel.values),
            "basis": _basis(rel.made_at),
            "threshold": threshold(),
            "hidden": sorted(
                ([when.isoformat(), district, code] for when, district, code in rel.hidden), key=str
            ),
        },
    )
    return stored


def _stored_plan(city: City, rel_day: datetime.date, values: dict, made_at: dict) -> frozenset | None:
    """The stored plan of the day, if it was made from exactly these days as they are now, under today's
    threshold."""
    stored = ReleasePlan.objects.filter(city=city, day=rel_day, threshold=threshold()).first()
    if stored is None:
        return None
    if stored.days != sorted(when.isoformat() for when in values) or stored.basis != _basis(made_at):
        return None  # a backfill changed a day since: plan again
    return frozenset(
        (datetime.date.fromisoformat(when), district, code) for when, district, code in stored.hidden
    )


def snapshot_version(city_id: int) -> str:
    """A token that changes whenever the city's snapshots change: the key of every cached dashboard."""
    return cache.get_or_set(f"monitoring:version:{city_id}", lambda: str(timezone.now().timestamp()), None)


def release(*, city: City, day: datetime.date | None = None) -> Release:
    """The release of the city's latest snapshot (or the latest on or before `day`), cached per snapshot
    version; before any snapshot, today's figures measured live, with no start of period to compare."""
    key = f"monitoring:release:{city.pk}:{snapshot_version(city.pk)}:{threshold()}:{day}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    district_ids = _district_ids(city)
    built = _planned(city, day, district_ids, stored=True)
    if built is None:
        return _live(city, district_ids)
    cache.set(key, built, CACHE_SECONDS)
    return built
