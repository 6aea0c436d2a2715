"""`manage.py disclosure_audit [--city SLUG]`: the adversary's check, run before sharing figures.

It gathers every export a steering member can download and every trend chart they can look at (the whole
city and each district, every period), and for every hidden count, and every difference of two nested
counts or of one count on two days, it solves for the smallest and largest value that the published
figures allow (scipy's linprog). It fails, listing them, when one is pinned to a value or a range inside
1 ... threshold - 1, or when a small count is shown.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from genk_village.models import City, District
from monitoring.disclosure import Cell, exposures, is_small, relations, threshold
from monitoring.indicators import COUNT
from monitoring.indicators.registry import stored_code
from monitoring.releases import release_counts
from monitoring.selectors import PERIODS, export_table, release, trend_lines


def published_counts(city: City) -> tuple[dict[Cell, int | None], list[str]]:
    """Every count of every export and trend chart of the city, None where hidden; and the cells two of
    them disagree on."""
    published: dict[Cell, int | None] = {}
    conflicts = []

    def publish(cell: Cell, shown) -> None:
        value = None if shown.suppressed else int(shown.value)
        if published.setdefault(cell, value) != value:
            conflicts.append(_name(cell))

    scopes = [None, *District.objects.filter(city=city).order_by("name")]
    for period, (_label, days, _step) in PERIODS.items():
        for district in scopes:
            end, start, lines = export_table(city=city, district=district, period=period)
            scope = district.pk if district else None
            for line in lines:
                if line.indicator.kind != COUNT:
                    continue
                for board, shown in [(end, line.end), (start, line.start)]:
                    if board is not None:
                        publish((board.day, scope, stored_code(line.indicator.code, days)), shown)
            rel = release(city=city)
            for trend in [] if rel.live else trend_lines(rel, scope, period):
                for day, shown in trend["points"]:
                    publish((day, scope, trend["code"]), shown)
    return published, conflicts


def _name(cell: Cell) -> str:
    day, district, code = cell
    return f"{code} {district or 'city'} {day.isoformat()}"


def audit(city: City) -> list[str]:
    """What an adversary can work out of the city's exports, in words; empty when nothing."""
    published, problems = published_counts(city)
    problems += [f"shown: {_name(cell)} = {value}" for cell, value in published.items() if is_small(value)]
    district_ids = list(District.objects.filter(city=city).values_list("pk", flat=True))
    # the relations a reader knows hold: sums, nesting and growth, where the data bear them out
    rel = release(city=city)
    truth = release_counts(rel.values, district_ids, rel.full_days)
    known = relations({cell: truth[cell] for cell in published})
    for exposure in exposures(published, known):
        cells = " - ".join(_name(cell) for cell in exposure.cells)
        problems.append(f"pinned: {cells} in [{exposure.low}, {exposure.high:g}]")
    return problems


class Command(BaseCommand):
    help = (
        "Check that no hidden count of the monitoring exports can be worked out: every export of every "
        "district and period, solved by linear programming. Exits with 1 and lists the cells if one can."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--city", help="slug of one city (default: every city)")

    def handle(self, *args: Any, **options: Any) -> None:
        cities = City.objects.order_by("slug")
        if options["city"]:
            cities = cities.filter(slug=options["city"])
            if not cities.exists():
                raise CommandError(f"No city with the slug {options['city']!r}.")
        failed = 0
        for city in cities:
            problems = audit(city)
            for problem in problems:
                self.stderr.write(f"{city.slug}: {problem}")
            failed += len(problems)
            if not problems:
                self.stdout.write(f"{city.slug}: nothing below {threshold()} can be worked out")
        if failed:
            raise CommandError(f"{failed} figure(s) can be worked out; do not share these exports.")
