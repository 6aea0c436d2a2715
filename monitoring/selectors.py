"""Reads of the monitoring: the dashboard's figures, from the snapshots, released under disclosure control.

Every figure a page, an export or the API shows passes through `dashboard()`, so the same cell is hidden
everywhere: tiles and the district table share one suppression, and the charts draw the tables' figures.
A fixed handful of queries, whatever the number of families or challenges.
"""

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import Family, LifeDomain
from genk_village.models import City, District
from supporters.categories import Category

from .disclosure import Cell, Figure, Table, figure, hidden_figure, plan
from .indicators import (
    CLAIM_BUCKETS,
    COUNT,
    GROUPS,
    REGISTRY,
    REGISTRY_LIST,
    RETENTION_MONTHS,
    Indicator,
    measure,
)
from .models import IndicatorSnapshot
from .permissions import can_see_dashboard

PERIODS = {
    "30": (_("last 30 days"), 30, 1),
    "90": (_("last 90 days"), 90, 7),
    "365": (_("last year"), 365, 30),
}
DEFAULT_PERIOD = "90"
DISTRICT_CODES = [
    "reach.referred",
    "reach.enrolled",
    "reach.matched",
    "challenges.posted",
    "challenges.confirmed",
    "reciprocity.families_gave_back",
]
TREND_CODES = ["reach.referred", "reach.enrolled", "reach.matched", "challenges.confirmed"]
FUNNEL_CODES = ["challenges.posted", "challenges.claimed", "challenges.delivered", "challenges.confirmed"]

CACHE_SECONDS = 24 * 3600  # a new snapshot changes the version, so this only bounds a forgotten entry

Values = dict[tuple[int | None, str], tuple[float | None, int | None, int | None]]


@dataclass
class Row:
    indicator: Indicator
    figure: Figure
    target: int | None = None


@dataclass
class Dashboard:
    day: datetime.date
    live: bool
    period: str
    period_label: str
    district: District | None
    districts: list[District]
    rows: dict[str, Row]
    district_table: Table
    sources: Table
    categories: Table
    claim_times: Table
    made_at: datetime.datetime | None = None
    city_name: str = ""
    trends: list[dict] = field(default_factory=list)

    def row(self, code: str) -> Row:
        return self.rows[code]

    @property
    def tiles(self) -> list[Row]:
        return [row for row in self.rows.values() if row.indicator.headline]

    @property
    def scope_label(self) -> str:
        """City, district and period in words, for every output that states its scope."""
        return str(self.district.name if self.district else self.city_name)

    def group(self, prefix: str) -> list[Row]:
        return [row for code, row in self.rows.items() if code.startswith(prefix)]


@dataclass(frozen=True)
class Release:
    """Every figure a user of the city can download, on the last snapshot day and at the start of each
    period, with the one plan of what to hide among them (see disclosure.py)."""

    day: datetime.date
    live: bool
    starts: dict[str, datetime.date | None]
    values: dict[datetime.date, Values]
    made_at: dict[datetime.date, datetime.datetime]
    hidden: frozenset[Cell]


def _count(values: Values, district_id: int | None, code: str) -> int:
    return int(values.get((district_id, code), (0, 0, None))[0] or 0)


COUNT_CODES = [indicator.code for indicator in REGISTRY_LIST if indicator.kind == COUNT]


def release_counts(values: dict[datetime.date, Values], district_ids: list[int]) -> dict[Cell, int]:
    """The counts of a release: every count of the city, every district count, on every day given."""
    counts = {}
    for day, of_day in values.items():
        for code in COUNT_CODES:
            scopes = [None, *district_ids] if REGISTRY[code].by_district else [None]
            for scope in scopes:
                counts[(day, scope, code)] = _count(of_day, scope, code)
    return counts


def _stored(city_id: int, days: list[datetime.date]) -> tuple[dict, dict]:
    rows = IndicatorSnapshot.objects.filter(city_id=city_id, day__in=days).values_list(
        "day", "district_id", "code", "value", "numerator", "denominator", "computed_at"
    )
    values: dict[datetime.date, Values] = {day: {} for day in days}
    made_at: dict[datetime.date, datetime.datetime] = {}
    for day, d, code, value, n, den, computed_at in rows:
        values[day][(d, code)] = (value, n, den)
        made_at[day] = max(made_at.get(day, computed_at), computed_at)
    return values, made_at


def release(*, city: City, day: datetime.date | None = None) -> Release:
    """The release of the city's latest snapshot (or the latest on or before `day`), cached per snapshot
    version; before any snapshot, today's figures measured live, with no start of period to compare."""
    key = f"monitoring:release:{city.pk}:{snapshot_version(city.pk)}:{day}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    snapshots = IndicatorSnapshot.objects.filter(city=city)
    if day is not None:
        snapshots = snapshots.filter(day__lte=day)
    end = snapshots.aggregate(day=Max("day"))["day"]
    district_ids = list(District.objects.filter(city=city).order_by("pk").values_list("pk", flat=True))
    if end is None:
        today = timezone.localdate()
        measured: Values = {
            (m.district_id, m.code): (m.value, m.numerator, m.denominator)
            for m in measure(city=city, day=today, district_ids=district_ids)
        }
        values = {today: measured}
        counts = release_counts(values, district_ids)
        return Release(today, True, dict.fromkeys(PERIODS), values, {today: timezone.now()}, plan(counts))
    found = snapshots.aggregate(
        **{
            key: Max("day", filter=Q(day__lte=end - datetime.timedelta(days=days)))
            for key, (_label, days, _step) in PERIODS.items()
        }
    )
    starts = {key: found[key] for key in PERIODS}
    days = sorted({end, *(start for start in starts.values() if start is not None)})
    values, made_at = _stored(city.pk, days)
    built = Release(end, False, starts, values, made_at, plan(release_counts(values, district_ids)))
    cache.set(key, built, CACHE_SECONDS)
    return built


def _released(rel: Release, day: datetime.date, district_id: int | None, code: str) -> Figure:
    values = rel.values[day]
    value, numerator, denominator = values.get((district_id, code), (None, None, None))
    kind = REGISTRY[code].kind
    if kind == COUNT and value is None and (district_id, code) not in values:
        value = 0  # a district without any of it: a true zero, which names nobody
    shown = figure(kind=kind, value=value, numerator=numerator, denominator=denominator)
    if (day, district_id, code) in rel.hidden and not shown.suppressed:
        return hidden_figure(kind)
    return shown


def _line(rel: Release, day, scope, codes: list[str], labels: list[str], total: str | None) -> Table:
    """One row of counts, with the figure they add up to (shown or hidden as it is elsewhere)."""
    cells = [_released(rel, day, scope, code) for code in codes]
    row_total = [_released(rel, day, scope, total)] if total else None
    return Table([""], labels, [cells], cells + (row_total or []) if total else [], row_total)


def _board(
    rel: Release, day: datetime.date, city: City, district: District | None, period: str, districts
) -> Dashboard:
    scope = district.pk if district else None
    rows = {}
    for indicator in REGISTRY_LIST:
        if scope is not None and not indicator.by_district:
            continue
        shown = _released(rel, day, scope, indicator.code)
        target = indicator.target.next_for(shown.value) if indicator.target and scope is None else None
        rows[indicator.code] = Row(indicator, shown, target)
    district_table = Table(
        row_labels=[d.name for d in districts],
        column_labels=[REGISTRY[code].label for code in DISTRICT_CODES],
        rows=[[_released(rel, day, d.pk, code) for code in DISTRICT_CODES] for d in districts],
        totals=[_released(rel, day, None, code) for code in DISTRICT_CODES],
        row_totals=None,
    )
    categories = Table(
        row_labels=list(Category.labels),
        column_labels=[_("posted"), _("completed")],
        rows=[
            [
                _released(rel, day, scope, f"challenges.posted.{c}"),
                _released(rel, day, scope, f"challenges.confirmed.{c}"),
            ]
            for c in Category.values
        ],
        totals=[
            _released(rel, day, scope, "challenges.posted"),
            _released(rel, day, scope, "challenges.confirmed"),
        ],
        row_totals=None,
    )
    return Dashboard(
        day=day,
        live=rel.live,
        period=period,
        period_label=PERIODS[period][0],
        district=district,
        districts=districts,
        rows=rows,
        district_table=district_table,
        sources=_line(
            rel, day, scope, [f"reach.referred.{s}" for s in Family.Source.values],
            list(Family.Source.labels), "reach.referred",
        ),
        categories=categories,
        # no total: the challenges claimed in the window are not a published figure
        claim_times=_line(
            rel, day, scope, [f"challenges.claim_time.{b}" for b, _l, _h in CLAIM_BUCKETS],
            [label for _b, label, _h in CLAIM_BUCKETS], None,
        ),
        made_at=rel.made_at.get(day),
        city_name=city.name,
    )  # fmt: skip


def _trends(city: City, scope: int | None, day: datetime.date, period: str, districts) -> list[dict]:
    """Sampled points of the trend codes, each day hidden as that day's release of the city would be."""
    _label, days, step = PERIODS[period]
    sample = [day - datetime.timedelta(days=offset) for offset in range(0, days + 1, step)]
    rows = IndicatorSnapshot.objects.filter(
        city_id=city.pk, code__in=TREND_CODES, day__in=sample
    ).values_list("day", "district_id", "code", "value", "numerator", "denominator")
    by_day: dict[datetime.date, Values] = {}
    for when, district_id, code, value, numerator, denominator in rows:
        by_day.setdefault(when, {})[(district_id, code)] = (value, numerator, denominator)
    district_ids = [d.pk for d in districts]
    series = {code: [] for code in TREND_CODES}
    released = release(city=city)
    for when in sorted(by_day):
        if when in released.values:
            # The end and the starts of the periods: exactly as the cards, tables and exports show them.
            for code in TREND_CODES:
                series[code].append((when, _released(released, when, scope, code)))
            continue
        counts = {
            cell: count
            for cell, count in release_counts({when: by_day[when]}, district_ids).items()
            if cell[2] in TREND_CODES
        }
        of_day = Release(when, False, {}, {when: by_day[when]}, {}, plan(counts))
        for code in TREND_CODES:
            series[code].append((when, _released(of_day, when, scope, code)))
    return [
        {"code": code, "label": REGISTRY[code].label, "points": points} for code, points in series.items()
    ]


def dashboard(
    *,
    user,
    district: District | None = None,
    period: str = DEFAULT_PERIOD,
    day: datetime.date | None = None,
    trends: bool = True,
) -> Dashboard | None:
    """The figures of the user's city (or one district of it) on the latest snapshot day, as released.

    With `day`, the latest snapshot on or before it (None when there is none). Without any snapshot yet
    (a fresh installation) today's figures are measured live and not stored.
    """
    city = user.city
    if not can_see_dashboard(user):
        return None  # the same rule as IndicatorSnapshot.visible_to: aggregates of one's own city only
    rel = release(city=city)
    if day is not None and day < rel.day:
        on = [when for when in rel.values if when <= day]
        if on:
            day = max(on)
        else:
            rel = release(city=city, day=day)
            if rel.live:
                return None
            day = rel.day
    else:
        day = rel.day
    districts = list(District.objects.filter(city=city).order_by("name"))
    board = _board(rel, day, city, district, period, districts)
    if trends and not rel.live:
        board.trends = _trends(city, district.pk if district else None, day, period, districts)
    return board


def retention_curve(board: Dashboard) -> list[tuple[int, Figure]]:
    """Coach retention by months since the first match; city-wide only (coaches serve several districts)."""
    codes = [(months, f"coaches.retention_{months}m") for months in RETENTION_MONTHS]
    return [(months, board.rows[code].figure) for months, code in codes if code in board.rows]


def goal_rows(board: Dashboard) -> list[tuple[str, Figure]]:
    return [
        (label, board.rows[f"outcomes.goals_reached.{domain}"].figure) for domain, label in LifeDomain.choices
    ]


@dataclass(frozen=True)
class TableLine:
    indicator: Indicator
    group: str
    start: Figure | None
    end: Figure
    target: int | None


def export_table(
    *, city: City, district: District | None, period: str
) -> tuple[Dashboard, Dashboard | None, list]:
    """Every indicator at the start and the end of the period, as released: the exports, the report and
    the disclosure audit, which reads exactly what the exports hand out."""
    rel = release(city=city)
    districts = list(District.objects.filter(city=city).order_by("name"))
    end = _board(rel, rel.day, city, district, period, districts)
    start_day = rel.starts.get(period)
    start = _board(rel, start_day, city, district, period, districts) if start_day else None
    lines = [
        TableLine(
            row.indicator,
            str(GROUPS[row.indicator.group]),
            start.rows[code].figure if start else None,
            row.figure,
            row.target,
        )
        for code, row in end.rows.items()
    ]
    return end, start, lines


def indicator_table(
    *, user, district: District | None, period: str, trends: bool = False
) -> tuple[Dashboard, Dashboard | None, list]:
    """The export table of the user's city; with `trends`, the end's trends too (the report draws them)."""
    end, start, lines = export_table(city=user.city, district=district, period=period)
    if trends and not end.live:
        end.trends = _trends(user.city, district.pk if district else None, end.day, period, end.districts)
    return end, start, lines


def snapshot_version(city_id: int) -> str:
    """A token that changes whenever the city's snapshots change: the key of every cached dashboard."""
    return cache.get_or_set(f"monitoring:version:{city_id}", lambda: str(timezone.now().timestamp()), None)


def dashboard_cache_key(*, city_id: int, district: District | None, period: str, language: str) -> str:
    scope = district.pk if district else "city"
    return f"monitoring:dashboard:{city_id}:{snapshot_version(city_id)}:{scope}:{period}:{language}"
