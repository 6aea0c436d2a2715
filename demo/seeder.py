"""Demo data for Genk: the pilot's staff, coaches, supporters, families, matches and challenges.

`seed()` creates what is missing up to the sizes asked for and nothing else, so running it twice
changes nothing; every record is derived from the seed and its own number, so it comes out the same
whichever records exist already. Used by `manage.py seed_demo` (and so by the benchmark).
"""

from collections import Counter
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password

from .catalogue import build_name_pools
from .challenges import ensure_challenges
from .context import DemoContext, ProgressFactory
from .families import ensure_families
from .people import (
    ensure_city,
    ensure_coaches,
    ensure_staff,
    ensure_supporters,
    ensure_training,
    languages_by_code,
)
from .writer import RowWriter

__all__ = ["DemoSizes", "count_rows", "seed"]


@dataclass(frozen=True)
class DemoSizes:
    """The Genk pilot by default: 20 families, 25 coaches, 200 supporters, 300 challenges."""

    families: int = 20
    coaches: int = 25
    supporters: int = 200
    challenges: int = 300
    seed: int = 1


# The apps the seeder writes to; the report counts only these (other apps' tables need not exist).
SEEDED_APPS = ("genk_village", "families", "coaches", "supporters", "challenges", "monitoring", "account")


def count_rows(app_labels: tuple[str, ...] | None = SEEDED_APPS) -> Counter:
    """Rows per model, to report what a run created (and to show that a second run creates nothing)."""
    return Counter(
        {
            model._meta.label: model._default_manager.count()
            for model in apps.get_models()
            if not model._meta.proxy and (app_labels is None or model._meta.app_label in app_labels)
        }
    )


def seed(sizes: DemoSizes, *, progress: ProgressFactory | None = None) -> Counter:
    """Seed the demo; returns the number of rows created per model (only models that grew)."""
    before = count_rows()
    city, districts = ensure_city()
    pools = build_name_pools(sizes.seed)
    # One hash for every demo account: hashing hundreds of passwords would take minutes.
    password_hash = make_password(settings.DEMO_PASSWORD)
    coordinator, steering, referrer = ensure_staff(pools, city, sizes.seed, password_hash)
    ctx = DemoContext(
        seed=sizes.seed,
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
    after = count_rows()
    return Counter({label: after[label] - before[label] for label in after if after[label] > before[label]})
