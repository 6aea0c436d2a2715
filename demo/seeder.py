"""Demo data for Genk, and for any other city asked for: staff, coaches, supporters, families, matches
and challenges.

`seed()` creates what is missing up to the sizes asked for and nothing else, so running it twice
changes nothing; every record is derived from the seed, its city and its own number, so it comes out
the same whichever records exist already. A city's records are looked up within that city (or, for
accounts, by their city's addresses), so seeding one city never touches another's. Used by
`manage.py seed_demo` (and so by the benchmark).
"""

from collections import Counter
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password

from .challenges import ensure_badges, ensure_challenges
from .cities import PILOT, DemoCity
from .coaches import ensure_coaches, ensure_training
from .context import DemoContext, ProgressFactory
from .families import ensure_families
from .history import ensure_history
from .leisure import ensure_leisure
from .names import build_name_pools
from .people import ensure_city, ensure_staff, languages_by_code
from .supporters import ensure_supporters
from .writer import RowWriter

__all__ = ["EXTRA_CITY_SIZES", "DemoSizes", "count_rows", "seed"]


@dataclass(frozen=True)
class DemoSizes:
    """The Genk pilot by default: 20 families, 25 coaches, 200 supporters, 300 challenges."""

    families: int = 20
    coaches: int = 25
    supporters: int = 200
    challenges: int = 300
    seed: int = 1
    # Days of indicator snapshots rebuilt up to yesterday: a year and its first day, so that the
    # dashboard's "last year" has a start to compare with and every period draws trend lines.
    history_days: int = 366


# A further city (`seed_demo --city`) is smaller unless sizes are given: enough of every kind of record
# for cross-city tests, few enough to seed in seconds.
EXTRA_CITY_SIZES = DemoSizes(families=6, coaches=6, supporters=20, challenges=60)


# The apps the seeder writes to; the report counts only these (other apps' tables need not exist).
SEEDED_APPS = (
    "genk_village", "families", "coaches", "supporters", "challenges", "leisure", "monitoring", "account"
)  # fmt: skip


def count_rows(app_labels: tuple[str, ...] | None = SEEDED_APPS) -> Counter:
    """Rows per model, to report what a run created (and to show that a second run creates nothing)."""
    return Counter(
        {
            model._meta.label: model._default_manager.count()
            for model in apps.get_models()
            if not model._meta.proxy and (app_labels is None or model._meta.app_label in app_labels)
        }
    )


def seed(sizes: DemoSizes, *, site: DemoCity = PILOT, progress: ProgressFactory | None = None) -> Counter:
    """Seed the demo of one city (Genk unless told); returns the rows created per model (only models
    that grew)."""
    before = count_rows()
    city, districts = ensure_city(site)
    pools = build_name_pools(sizes.seed)
    # One hash for every demo account: hashing hundreds of passwords would take minutes.
    password_hash = make_password(settings.DEMO_PASSWORD)
    coordinator, steering, referrer = ensure_staff(pools, site, city, sizes.seed, password_hash)
    ctx = DemoContext(
        seed=sizes.seed,
        site=site,
        city=city,
        districts=districts,
        languages=languages_by_code(),
        coordinator=coordinator,
        steering=steering,
        referrer=referrer,
        pools=pools,
        password_hash=password_hash,
        writer=RowWriter(),
    )
    if progress is not None:
        ctx.progress = progress
    sessions = ensure_training(ctx)
    ensure_coaches(ctx, sizes.coaches, sessions)
    ensure_supporters(ctx, sizes.supporters)
    ensure_families(ctx, sizes.families)
    ensure_challenges(ctx, sizes.challenges)
    ensure_badges(ctx)
    ensure_leisure(ctx)
    ensure_history(ctx, days=sizes.history_days, rebuild=count_rows() != before)
    after = count_rows()
    return Counter({label: after[label] - before[label] for label in after if after[label] > before[label]})
