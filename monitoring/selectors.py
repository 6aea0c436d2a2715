"""Reads of the monitoring: the dashboard's figures, from the snapshots, released under disclosure control.

Every figure a page, an export or the API shows passes through `dashboard()`, so the same cell is hidden
everywhere: tiles and the district table share one suppression, and the charts draw the tables' figures.
A fixed handful of queries, whatever the number of families or challenges.
"""

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import Family, LifeDomain
from genk_village.models import District
from supporters.categories import Category

from .disclosure import Figure, Table, count_table, figure, hidden_text, suppress_table
from .indicators import CLAIM_BUCKETS, GROUPS, REGISTRY, REGISTRY_LIST, RETENTION_MONTHS, Indicator, measure
from .models import IndicatorSnapshot

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
    trends: list[dict] = field(default_factory=list)

    def row(self, code: str) -> Row:
        return self.rows[code]

    @property
    def tiles(self) -> list[Row]:
        return [row for row in self.rows.values() if row.indicator.headline]

    def group(self, prefix: str) -> list[Row]:
        return [row for code, row in self.rows.items() if code.startswith(prefix)]


def _stored(city_id: int, day: datetime.date) -> Values:
    rows = IndicatorSnapshot.objects.filter(city_id=city_id, day=day).values_list(
        "district_id", "code", "value", "numerator", "denominator"
    )
    return {(d, code): (value, n, den) for d, code, value, n, den in rows}


def _figure(values: Values, district_id: int | None, code: str) -> Figure:
    value, numerator, denominator = values.get((district_id, code), (None, None, None))
    kind = REGISTRY[code].kind
    if kind == "count" and value is None and (district_id, code) not in values:
        value = 0  # a district without any of it: a true zero, which names nobody
    return figure(kind=kind, value=value, numerator=numerator, denominator=denominator)


def _count(values: Values, district_id: int | None, code: str) -> int:
    return int(values.get((district_id, code), (0, 0, None))[0] or 0)


def _district_table(values: Values, districts: list[District]) -> tuple[Table, set[tuple[int, str]]]:
    table = count_table(
        row_labels=[d.name for d in districts],
        column_labels=[REGISTRY[code].label for code in DISTRICT_CODES],
        cells=[[_count(values, d.pk, code) for code in DISTRICT_CODES] for d in districts],
        row_totals=False,
    )
    hidden = {
        (districts[r].pk, DISTRICT_CODES[c])
        for r, row in enumerate(table.rows)
        for c, cell in enumerate(row)
        if cell.suppressed
    }
    hidden |= {(None, DISTRICT_CODES[c]) for c, cell in enumerate(table.totals) if cell.suppressed}
    return table, hidden


def _district_hidden(values: Values, districts: list[District]) -> set[tuple[int | None, str]]:
    """The cells `_district_table` hides, without formatting a figure: what a trend needs for each of its
    days (formatting a dozen tables of figures nobody sees was most of an uncached dashboard's time)."""
    if not districts:
        return set()
    cells = [[_count(values, d.pk, code) for code in DISTRICT_CODES] for d in districts]
    hidden = suppress_table(cells, row_totals=False)
    found = {
        (districts[r].pk, DISTRICT_CODES[c])
        for r in range(len(districts))
        for c, is_hidden in enumerate(hidden[r])
        if is_hidden
    }
    return found | {(None, DISTRICT_CODES[c]) for c, is_hidden in enumerate(hidden[-1]) if is_hidden}


def _line_table(
    values: Values, scope: int | None, codes: list[str], labels: list[str], total_hidden: bool
) -> Table:
    """One row of counts with its total (a breakdown of a figure shown elsewhere, hidden there or not)."""
    return count_table(
        row_labels=[""],
        column_labels=labels,
        cells=[[_count(values, scope, code) for code in codes]],
        row_totals=True,
        pre_hidden=frozenset({(0, len(codes))} if total_hidden else ()),
    )


def _categories(values: Values, scope: int | None, hidden: set[tuple[int | None, str]]) -> Table:
    pre = set()
    for column, code in enumerate(["challenges.posted", "challenges.confirmed"]):
        if (scope, code) in hidden:
            pre.add((len(Category.values), column))
    return count_table(
        row_labels=list(Category.labels),
        column_labels=[_("posted"), _("completed")],
        cells=[
            [
                _count(values, scope, f"challenges.posted.{c}"),
                _count(values, scope, f"challenges.confirmed.{c}"),
            ]
            for c in Category.values
        ],
        row_totals=False,
        pre_hidden=frozenset(pre),
    )


def _trends(city_id: int, scope: int | None, day: datetime.date, period: str, districts) -> list[dict]:
    """Sampled points of the trend codes, each day suppressed as that day's district table would be."""
    _label, days, step = PERIODS[period]
    sample = [day - datetime.timedelta(days=offset) for offset in range(0, days + 1, step)]
    rows = IndicatorSnapshot.objects.filter(
        city_id=city_id, code__in=TREND_CODES, day__in=sample
    ).values_list("day", "district_id", "code", "value", "numerator", "denominator")
    by_day: dict[datetime.date, Values] = {}
    for when, district_id, code, value, numerator, denominator in rows:
        by_day.setdefault(when, {})[(district_id, code)] = (value, numerator, denominator)
    series = {code: [] for code in TREND_CODES}
    for when in sorted(by_day):
        values = by_day[when]
        hidden = _district_hidden(values, districts)
        for code in TREND_CODES:
            shown = _figure(values, scope, code)
            if (scope, code) in hidden:
                shown = Figure(None, hidden_text(), suppressed=True)
            series[code].append((when, shown))
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
    snapshots = IndicatorSnapshot.objects.visible_to(user)
    districts = list(District.objects.filter(city=city).order_by("name"))
    if day is not None:
        day = snapshots.filter(day__lte=day).aggregate(day=Max("day"))["day"]
        if day is None:
            return None
    else:
        day = snapshots.aggregate(day=Max("day"))["day"]
    live = day is None
    if live:
        day = timezone.localdate()
        values: Values = {
            (m.district_id, m.code): (m.value, m.numerator, m.denominator)
            for m in measure(city=city, day=day, district_ids=[d.pk for d in districts])
        }
    else:
        values = _stored(city.pk, day)
    scope = district.pk if district else None
    district_table, hidden = _district_table(values, districts)
    rows = {}
    for indicator in REGISTRY_LIST:
        if scope is not None and not indicator.by_district:
            continue
        shown = _figure(values, scope, indicator.code)
        if (scope, indicator.code) in hidden and not shown.suppressed:
            shown = Figure(None, hidden_text(), suppressed=True)
        target = indicator.target.next_for(shown.value) if indicator.target and scope is None else None
        rows[indicator.code] = Row(indicator, shown, target)
    referred_hidden = rows["reach.referred"].figure.suppressed
    return Dashboard(
        day=day,
        live=live,
        period=period,
        period_label=PERIODS[period][0],
        district=district,
        districts=districts,
        rows=rows,
        district_table=district_table,
        sources=_line_table(
            values, scope, [f"reach.referred.{s}" for s in Family.Source.values], list(Family.Source.labels),
            referred_hidden,
        ),
        categories=_categories(values, scope, hidden),
        claim_times=_line_table(
            values, scope, [f"challenges.claim_time.{b}" for b, _l, _h in CLAIM_BUCKETS],
            [label for _b, label, _h in CLAIM_BUCKETS], False,
        ),
        trends=_trends(city.pk, scope, day, period, districts) if trends and not live else [],
    )  # fmt: skip


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


def indicator_table(
    *, user, district: District | None, period: str, trends: bool = False
) -> tuple[Dashboard, Dashboard | None, list]:
    """Every indicator at the start and the end of the period, as released: the exports and the report
    (which draws the end's trends too)."""
    end = dashboard(user=user, district=district, period=period, trends=trends)
    start = None
    if not end.live:
        start_day = end.day - datetime.timedelta(days=PERIODS[period][1])
        start = dashboard(user=user, district=district, period=period, day=start_day, trends=False)
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


def snapshot_version(city_id: int) -> str:
    """A token that changes whenever the city's snapshots change: the key of every cached dashboard."""
    return cache.get_or_set(f"monitoring:version:{city_id}", lambda: str(timezone.now().timestamp()), None)


def dashboard_cache_key(*, city_id: int, district: District | None, period: str, language: str) -> str:
    scope = district.pk if district else "city"
    return f"monitoring:dashboard:{city_id}:{snapshot_version(city_id)}:{scope}:{period}:{language}"
