"""Monitoring jobs: each takes ids, loads, and delegates to a service; each is safe to run twice."""

from celery import shared_task

from genk_village.models import City

from .services import snapshot_overdue
from .warming import dashboard_warm


@shared_task
def snapshot_indicators(city_id: int | None = None) -> int:
    """Snapshot yesterday's indicators of one city (or all), then render its dashboards into the cache;
    an upsert, so a second run writes nothing."""
    cities = City.objects.all() if city_id is None else City.objects.filter(pk=city_id)
    written = 0
    for city in cities:
        written += snapshot_overdue(city=city)
        dashboard_warm(city=city)
    return written
