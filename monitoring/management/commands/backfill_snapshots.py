"""`manage.py backfill_snapshots --from 2026-01-01 [--to 2026-06-30] [--city genk]`: rebuild trend history."""

import datetime
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from genk_village.models import City
from monitoring.services import MonitoringError, snapshot_range


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text}") from error


class Command(BaseCommand):
    help = (
        "Take the indicator snapshots of every day in a range (default: up to yesterday), for one city or "
        "all. An upsert: days already stored are recomputed and only changed values are written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="first", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="last", help="last day, YYYY-MM-DD (default: yesterday)")
        parser.add_argument("--city", help="slug of one city (default: every city)")

    def handle(self, *args: Any, **options: Any) -> None:
        first = _day(options["first"])
        last = _day(options["last"]) if options["last"] else timezone.localdate() - datetime.timedelta(days=1)
        cities = City.objects.all()
        if options["city"]:
            cities = cities.filter(slug=options["city"])
            if not cities.exists():
                raise CommandError(f"No city with the slug {options['city']!r}.")
        for city in cities:
            started = time.monotonic()
            try:
                written = snapshot_range(city=city, first=first, last=last)
            except MonitoringError as error:
                raise CommandError(str(error)) from error
            elapsed = time.monotonic() - started
            days = (last - first).days + 1
            self.stdout.write(f"{city.slug}: {days} days, {written} rows written in {elapsed:.1f} s")
