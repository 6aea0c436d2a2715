"""Monitoring jobs: each takes ids, loads, and delegates to a service; each is safe to run twice."""

from celery import shared_task

from genk_village.models import City

from .services import snapshot_overdue
from .warming import dashboard_warm


@shared_task
def snapshot_indicators(city_id: int | None = None) -> int:
    """Snapshot yesterday's indicators of one city (or all), then have its dashboards rendered into the
    cache by a job of its own; an upsert, so a second run writes nothing."""
    cities = City.objects.all() if city_id is None else City.objects.filter(pk=city_id)
    written = 0
    for city in cities:
        written += snapshot_overdue(city=city)
        warm_dashboards.delay(city.pk)
    return written


@shared_task
def warm_dashboards(city_id: int) -> int:
    """Render every dashboard of the city that is not cached yet (see monitoring.warming)."""
    city = City.objects.filter(pk=city_id).first()
    return dashboard_warm(city=city) if city else 0
