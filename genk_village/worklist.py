"""The coordinator's work list: what waits today, one line per kind of work, on the back office's index.

The core knows no domain app. Each app registers a provider in its own `<app>/worklist.py` (found by
`autodiscover()` when the apps are ready); a provider takes the coordinator and returns that app's lines,
each counted from `visible_to(user)` so that another city's work never shows.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class WorkLine:
    """One kind of work: how many items wait, since when the oldest waits, and where the work is done."""

    key: str
    label: str
    count: int
    oldest: datetime.datetime | datetime.date | None
    url: str

    @property
    def waiting_since(self) -> datetime.date | None:
        if self.oldest is None:
            return None
        if isinstance(self.oldest, datetime.datetime):
            return timezone.localdate(self.oldest)
        return self.oldest

    @property
    def age_days(self) -> int | None:
        since = self.waiting_since
        return None if since is None else (timezone.localdate() - since).days


Provider = Callable[[object], list[WorkLine]]

_registry: dict[str, Provider] = {}


def register(provider: Provider) -> Provider:
    """Add an app's provider (usable as a decorator); registering the same function twice keeps one."""
    _registry[f"{provider.__module__}.{provider.__qualname__}"] = provider
    return provider


def registered() -> list[Provider]:
    return list(_registry.values())


def autodiscover() -> None:
    """Import every installed app's `worklist` module, which registers that app's provider."""
    autodiscover_modules("worklist")


def admin_list(model, **filters) -> str:
    """The URL of the model's admin list, filtered the way the work list counts."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def stamp(moment: datetime.datetime | datetime.date) -> str:
    """A date or an aware moment as the admin's filters read it back (ISO 8601, with its offset)."""
    return moment.isoformat()


def work_for(user) -> list[WorkLine]:
    """Every line of every registered app, waiting work first, the longest waiting first among those."""
    lines = [line for provider in registered() for line in provider(user)]
    waiting = sorted(
        (line for line in lines if line.count), key=lambda line: line.waiting_since or timezone.localdate()
    )
    return waiting + [line for line in lines if not line.count]
