"""What every part of the demo seeder shares: the city, the staff accounts, dates, names and the writer."""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from genk_village.models import City, District, Language, User

from .cities import DemoCity
from .names import NamePools
from .writer import RowWriter

# Above this many new families or coaches the seeder writes rows directly instead of calling the
# services one record at a time: the services (with their audit entries) are the realistic path, but
# they cost a few dozen queries per family.
BULK_THRESHOLD = 500

ProgressFactory = Callable[[int, str], Any]  # (total, description) -> a tqdm-like object


class NoProgress:
    """Stands in for tqdm when nobody watches."""

    def update(self, count: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


@dataclass
class DemoContext:
    seed: int
    site: DemoCity  # which city, its addresses and references
    city: City
    districts: list[District]
    languages: dict[str, Language]
    coordinator: User
    steering: User
    referrer: User
    pools: dict[str, NamePools]
    password_hash: str
    writer: RowWriter
    progress: ProgressFactory = lambda total, description: NoProgress()
    now: datetime.datetime = field(default_factory=timezone.now)
    _moments: dict[tuple[datetime.date, int, int], datetime.datetime] = field(
        default_factory=dict, repr=False
    )

    @property
    def today(self) -> datetime.date:
        return timezone.localdate(self.now)

    def rng(self, *key: object) -> random.Random:
        """A generator of its own per record, so a record comes out the same whatever exists already."""
        # Reproducible demo data, not secrets: a seeded PRNG is what is wanted here.
        return random.Random(":".join(str(part) for part in (self.seed, *self.site.rng_key, *key)))

    def moment(self, day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
        """An aware datetime on a local day (the seeder never writes naive datetimes)."""
        key = (day, hour, minute)
        if key not in self._moments:  # make_aware is slow enough to show with ten thousand families
            naive = datetime.datetime.combine(day, datetime.time(hour, minute))
            self._moments[key] = timezone.make_aware(naive, timezone.get_current_timezone())
        return self._moments[key]
