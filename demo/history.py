"""The demo's trend history: a year of daily indicator snapshots rebuilt from the seeded events."""

import datetime

from monitoring.services import snapshot_missing, snapshot_range

from .context import DemoContext


def ensure_history(ctx: DemoContext, *, days: int, rebuild: bool) -> int:
    """Snapshots of the `days` up to yesterday: all rebuilt when the run seeded anything, else only the
    missing days, so a second run writes nothing."""
    if days <= 0:
        return 0
    last = ctx.today - datetime.timedelta(days=1)
    first = last - datetime.timedelta(days=days - 1)
    if rebuild:
        return snapshot_range(city=ctx.city, first=first, last=last)
    return snapshot_missing(city=ctx.city, first=first, last=last)
