"""The demo's trend history: a year of daily indicator snapshots rebuilt from the seeded events."""

import datetime

from monitoring.services import snapshot_missing, snapshot_range

from .context import DemoContext

HISTORY_DAYS = 366  # a year and its first day, so "the last year" has a start to compare with


def ensure_history(ctx: DemoContext, *, rebuild: bool) -> int:
    """Snapshots of the year up to yesterday: all rebuilt when the run seeded anything, else only the
    missing days, so a second run writes nothing."""
    last = ctx.today - datetime.timedelta(days=1)
    first = last - datetime.timedelta(days=HISTORY_DAYS - 1)
    if rebuild:
        return snapshot_range(city=ctx.city, first=first, last=last)
    return snapshot_missing(city=ctx.city, first=first, last=last)
