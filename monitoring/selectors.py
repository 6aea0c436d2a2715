"""Reads of the monitoring: the dashboard's figures, from the snapshots, released under disclosure control.

Every figure a page, an export or the API shows passes through `dashboard()`, so the same cell is hidden
everywhere: tiles and the district table share one suppression, and the charts draw the tables' figures.
A fixed handful of queries, whatever the number of families or challenges.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from families.models import Family, LifeDomain
from genk_village.models import City, District
from supporters.categories import Category

from .disclosure import Figure, Table, figure, hidden_figure
from .indicators import CLAIM_BUCKETS, COUNT, GROUPS, REGISTRY, REGISTRY_LIST, RETENTION_MONTHS, Indicator
from .indicators.registry import in_window, stored_code
from .permissions import may_see_city
from .releases import DEFAULT_PERIOD, PERIODS, TREND_CODES, Release, release, snapshot_version

__all__ = ["DEFAULT_PERIOD", "PERIODS", "dashboard", "export_table", "indicator_table", "release"]

DISTRICT_CODES = [
    "reach.referred",
    "reach.enrolled",
    "reach.matched",
    "challenges.posted",
    "challenges.confirmed",
    "reciprocity.families_gave_back",
]
FUNNEL_CODES = ["challenges.posted", "challenges.claimed", "challenges.delivered", "challenges.confirmed"]


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
    city_id: int | None = None
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


def _released(rel: Release, day: datetime.date, district_id: int | None, code: str) -> Figure:
    """One stored figure (`code` as stored: a windowed one with its window) as the release shows it."""
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
    days = PERIODS[period][1]
    rows = {}
    for indicator in REGISTRY_LIST:
        if scope is not None and not indicator.by_district:
            continue
        shown = _released(rel, day, scope, stored_code(indicator.code, days))
        target = indicator.target.next_for(shown.value) if indicator.target and scope is None else None
        rows[indicator.code] = Row(in_window(indicator, days), shown, target)
    # a district's view shows that district only; the city's every district and the city's total
    listed = [district] if district else districts
    district_table = Table(
        row_labels=[d.name for d in listed],
        column_labels=[REGISTRY[code].label for code in DISTRICT_CODES],
        rows=[[_released(rel, day, d.pk, code) for code in DISTRICT_CODES] for d in listed],
        totals=[] if district else [_released(rel, day, None, code) for code in DISTRICT_CODES],
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
            rel, day, scope, [stored_code(f"challenges.claim_time.{b}", days) for b, _l, _h in CLAIM_BUCKETS],
            [label for _b, label, _h in CLAIM_BUCKETS], None,
        ),
        made_at=rel.made_at.get(day),
        city_name=city.name,
        city_id=city.pk,
    )  # fmt: skip


def trend_lines(rel: Release, scope: int | None, period: str) -> list[dict]:
    """The period's trend points of the trend codes, hidden as the release plans them: every point is
    part of the release, so no two of them (nor a point and a card) can be subtracted to a small count."""
    days = rel.trend_days(period)
    return [
        {
            "code": code,
            "label": REGISTRY[code].label,
            "points": [(when, _released(rel, when, scope, code)) for when in days],
        }
        for code in TREND_CODES
    ]


def dashboard(
    *,
    user,
    district: District | None = None,
    period: str = DEFAULT_PERIOD,
    day: datetime.date | None = None,
    trends: bool = True,
    districts: list[District] | None = None,
    city: City | None = None,
) -> Dashboard | None:
    """The figures of the user's city, or of `city` of their region (or one district of it) on the latest
    snapshot day, as released.

    With `day`, the latest snapshot on or before it (None when there is none). Without any snapshot yet
    (a fresh installation) today's figures are measured live and not stored. `districts`: the city's
    districts by name, when the caller has read them already (the filter form).
    """
    city = city or user.city
    if not may_see_city(user, city):
        return None  # the same rule as IndicatorSnapshot.visible_to: aggregates of one's own cities only
    rel = release(city=city)
    if day is not None and day < rel.day:
        on = [when for when in rel.full_days if when <= day]
        if on:
            day = max(on)
        else:
            rel = release(city=city, day=day)
            if rel.live:
                return None
            day = rel.day
    else:
        day = rel.day
    if districts is None:
        districts = list(District.objects.filter(city=city).order_by("name"))
    board = _board(rel, day, city, district, period, districts)
    if trends and not rel.live and day == rel.day:
        board.trends = trend_lines(rel, district.pk if district else None, period)
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
    *, user, city: City, district: District | None, period: str, trends: bool = False
) -> tuple[Dashboard, Dashboard | None, list]:
    """The export table of a city the user may see; with `trends`, the end's trends too (the report draws
    them)."""
    if not may_see_city(user, city):
        raise PermissionDenied
    end, start, lines = export_table(city=city, district=district, period=period)
    if trends and not end.live:
        end.trends = trend_lines(release(city=city), district.pk if district else None, period)
    return end, start, lines


def dashboard_cache_key(*, city_id: int, district_id: int | None, period: str, language: str) -> str:
    scope = district_id or "city"
    return f"monitoring:dashboard:{city_id}:{snapshot_version(city_id)}:{scope}:{period}:{language}"
