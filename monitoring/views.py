"""The steering group's dashboard, its printable report and exports: aggregates only, never a person."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from genk_village.models import City, District

from . import charts, exports
from .disclosure import hidden_text
from .forms import CityForm, FilterForm
from .indicators import REGISTRY, SURVIVAL_MONTHS
from .permissions import DASHBOARD_ROLES, can_see_dashboard, dashboard_cities
from .releases import CACHE_SECONDS, DEFAULT_PERIOD, PERIODS
from .selectors import FUNNEL_CODES, dashboard_cache_key, goal_rows, indicator_table, retention_curve
from .selectors import dashboard as dashboard_figures

OUTCOME_CODES = [
    "outcomes.deprived_at_intake",
    "outcomes.deprived_now",
    "outcomes.leisure_activity",
    # the same children at intake and now
    "outcomes.followed.deprived_at_intake",
    "outcomes.followed.deprived_now",
    "outcomes.followed.leisure_at_intake",
    "outcomes.followed.leisure_now",
]
OTHER_GROUPS = {"coaches", "supporters", "reciprocity", "match_health"}


def dashboard_role_required(view: Callable) -> Callable:
    """role_required for several roles: steering OR coordinator (see DASHBOARD_ROLES), of a city."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_see_dashboard(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.required_role = DASHBOARD_ROLES
    return wrapped


def _filters(request) -> tuple[FilterForm, str, City, District | None]:
    form = FilterForm(request.GET or None, cities=dashboard_cities(request.user))
    period, city, district = form.choices()
    return form, period, city, district


def _pairs(rows, codes: list[str]) -> list:
    return [(rows[code].indicator.label, rows[code].figure) for code in codes]


def _charts(board) -> dict:
    rows = board.rows
    claim_times = list(zip(board.claim_times.column_labels, board.claim_times.rows[0], strict=True))
    retention = [(_("%(months)s months") % {"months": m}, f) for m, f in retention_curve(board)]
    district_column = board.district_table.column_labels.index(rows["reach.referred"].indicator.label)
    tile_columns = [board.district_table.column_labels.index(REGISTRY[code].label) for code in TILE_CODES]
    return {
        "districts": charts.bars(
            [(name, cells[district_column]) for name, cells, _total in board.district_table.lines]
        ),
        "funnel": charts.bars(_pairs(rows, FUNNEL_CODES)),
        "claim_times": charts.bars(claim_times),
        "retention": charts.bars(retention, scale=1),
        "deprivation": charts.bars(_pairs(rows, OUTCOME_CODES), scale=1),
        "trends": [{**trend, "chart": charts.line(trend["points"], target=_target(board, trend))}
                   for trend in board.trends],
        "survival": [
            {"kind": kind, "title": title, "points": points, "chart": charts.line(points, top=1)}
            for kind, title, points in _survival(board)
        ],
        "tiles": charts.district_tiles([
            (name, [cells[c] for c in tile_columns]) for name, cells, _total in board.district_table.lines
        ]),
    }  # fmt: skip


TILE_CODES = ["reach.referred", "reach.matched", "challenges.confirmed"]


def _target(board, trend: dict) -> int | None:
    """The next milestone of a city-wide trend (a district has no target of its own)."""
    target = REGISTRY[trend["code"]].target
    if target is None or board.district is not None:
        return None
    last = [figure.value for _day, figure in trend["points"] if figure.value is not None]
    return target.next_for(last[-1] if last else None)


def _survival(board) -> list[tuple[str, str, list]]:
    """The share still active by months since the start, of matches and of coaches (city-wide only)."""
    curves = []
    for kind, title in [("matches", _("Matches still running")), ("coaches", _("Coaches still coaching"))]:
        points = [
            (_("%(months)s months") % {"months": months}, board.rows[f"survival.{kind}.{months}m"].figure)
            for months in SURVIVAL_MONTHS
            if f"survival.{kind}.{months}m" in board.rows
        ]
        if points:
            curves.append((kind, title, points))
    return curves


@dashboard_role_required
@require_GET
def dashboard(request):
    """Tiles against targets, trends, districts, the challenge funnel, timing, retention and outcomes."""
    # Figures change only with a new snapshot, which changes the key; the cached part holds no token
    # or user detail (the sign-out form with its CSRF token is in the base template, outside it).
    body = _cached_body(request)
    cities, city = None, None  # the fast path shows the viewer's own city
    if body is None:
        form, period, city, district = _filters(request)
        cities = form.cities
        key = dashboard_cache_key(
            city_id=city.pk,
            district_id=district.pk if district else None,
            period=period,
            language=get_language(),
        )
        body = cache.get(key)
        if body is None:
            board, body = dashboard_body(form, period, district, request.user)
            if not board.live:
                cache.set(key, body, CACHE_SECONDS)
    return render(
        request, "monitoring/dashboard.html", {"body": body, "switch": _city_switch(request, cities, city)}
    )


def _city_switch(request, cities: list[City] | None, shown: City | None) -> CityForm | None:
    """For a viewer of a region, the choice of the city whose figures the page shows (`shown`, by default
    their own); it is not part of the cached body, which every viewer of the city shares."""
    if not request.user.region_id:
        return None
    cities = cities or dashboard_cities(request.user)
    if len(cities) < 2:
        return None
    shown = shown or cities[0]
    period = request.GET.get("period", DEFAULT_PERIOD)
    initial = {"city": shown.pk, "period": period if period in PERIODS else DEFAULT_PERIOD}
    return CityForm(initial=initial, cities=cities, auto_id="switch-%s")  # beside the filters' own ids


def _cached_body(request) -> str | None:
    """The body cached for the period and district the query names, found without the form or the
    database: a body is cached only under a district the form accepted for the reader's city, so a hit
    needs no check. Anything else (a miss, a value the form would refuse, another city of a region, whose
    districts are another city's) goes through the form."""
    period = request.GET.get("period", DEFAULT_PERIOD)
    district = request.GET.get("district", "")
    if request.GET.get("city", "") not in ("", str(request.user.city_id)):
        return None
    if period not in PERIODS or not (district == "" or (district.isascii() and district.isdigit())):
        return None
    key = dashboard_cache_key(
        city_id=request.user.city_id,
        district_id=int(district) if district else None,
        period=period,
        language=get_language(),
    )
    return cache.get(key)


def dashboard_body(form, period, district, user):
    board = dashboard_figures(
        user=user, city=form.city, district=district, period=period, districts=form.districts
    )
    rows = board.rows
    retention = retention_curve(board)
    other = [code for code in rows if code.split(".")[0] in OTHER_GROUPS and "retention" not in code]
    context = {
        "form": form,
        "board": board,
        "charts": _charts(board),
        "retention": retention,
        "retention_items": [(_("%(months)s months") % {"months": m}, f) for m, f in retention],
        "outcome_items": _pairs(rows, OUTCOME_CODES),
        "goals": goal_rows(board),
        "other_items": _pairs(rows, other),
        "medians": {
            "claim": rows["challenges.hours_to_claim"].figure,
            "complete": rows["challenges.hours_to_complete"].figure,
        },
        "window": rows["challenges.hours_to_claim"].indicator.period,
        "hidden": hidden_text(),
        "query": urlencode(
            {"period": period, "city": form.city.pk, **({"district": district.pk} if district else {})}
        ),
    }
    return board, render_to_string("monitoring/_dashboard_body.html", context)


@dashboard_role_required
@require_GET
def report(request):
    """The report to hand out: one A4 page of headlines and trends against their targets, with its scope and
    date; on screen, every indicator at the start and the end of the period below it."""
    form, period, city, district = _filters(request)
    board, start, lines = indicator_table(
        user=request.user, city=city, district=district, period=period, trends=True
    )
    headlines = [(row, start.rows[row.indicator.code].figure if start else None) for row in board.tiles]
    context = {
        "form": form,
        "board": board,
        "start": start,
        "lines": lines,
        "headlines": headlines,
        "charts": _charts(board),
        "city": city,
        "made_at": timezone.localtime(),
        "hidden": hidden_text(),
    }
    return render(request, "monitoring/report.html", context)


def _filename(board, city_slug: str, extension: str) -> str:
    scope = board.district.name if board.district else city_slug
    return f"indicators-{scope}-{board.day.isoformat()}.{extension}".replace(" ", "-")


def _export(request, extension: str, write: Callable[..., str | bytes], content_type: str) -> HttpResponse:
    _form, period, city, district = _filters(request)
    board, start, lines = indicator_table(user=request.user, city=city, district=district, period=period)
    title = _("Genk Village indicators – %(scope)s – %(day)s (exported %(now)s)") % {
        "scope": board.district.name if board.district else city.name,
        "day": board.day.isoformat(),
        "now": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    }
    response = HttpResponse(
        write(lines, title=title, scope=exports.scope_row(board, start)), content_type=content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(board, city.slug, extension)}"'
    return response


@dashboard_role_required
@require_GET
def export_csv(request):
    """The indicator table for Belgian Excel, its scope in the second row."""
    return _export(request, "csv", exports.as_csv, "text/csv; charset=utf-8")


@dashboard_role_required
@require_GET
def export_xlsx(request):
    """The indicator table as a workbook of number cells, its scope in the second row."""
    return _export(
        request, "xlsx", exports.as_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
