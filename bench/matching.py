"""Matching benchmarks, in memory: a shortlist among 10,000 coaches, and balancing 10,000 families.

    python bench/matching.py            # prints a table, writes bench/results/matching-<UTC time>.json
    python bench/matching.py --json     # prints the result rows as JSON (how bench/run.py calls it)

The coaches and families are synthetic but shaped like Genk's: 15 districts with their real centres,
22 languages with Dutch spoken by most, three moments of the week, a few interests each, capacity 1-2.
The ranking and balancing code is the application's own (coaches.matching); the database is not used,
so the figures are the algorithm's, without the three queries that load a city's pool.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genk_village.settings")

import django  # noqa: E402

django.setup()

from coaches.matching import (  # noqa: E402
    CoachFacts,
    DistrictFacts,
    FamilyNeeds,
    balance,
    build_pool,
    candidate_lists,
    rank_coaches,
)
from genk_village.models import GENK_DISTRICT_CENTROIDS  # noqa: E402

COACHES = 10_000
FAMILIES = 10_000
SHORTLIST_TARGET_MS = 50
BALANCE_TARGET_S = 2.0
INTERESTS = [
    "football", "drawing", "music", "animals", "cooking", "reading", "swimming", "lego", "dance", "bikes",
    "nature", "games", "theatre", "science", "crafts", "basketball", "chess", "singing", "gardening", "films",
]  # fmt: skip
LANGUAGE_IDS = list(range(1, 23))
DUTCH = 1


def synthetic(seed: int = 7):
    rng = random.Random(seed)
    districts = [DistrictFacts(i, name, c) for i, (name, c) in enumerate(GENK_DISTRICT_CENTROIDS.items(), 1)]
    district_ids = [d.id for d in districts]

    def languages(dutch_share: float) -> frozenset[int]:
        spoken = set(rng.sample(LANGUAGE_IDS[1:], rng.choice([0, 1, 1, 2])))
        if rng.random() < dutch_share or not spoken:
            spoken.add(DUTCH)
        return frozenset(spoken)

    coaches = [
        CoachFacts(
            id=i,
            name=f"coach {i}",
            ready=rng.random() < 0.9,
            free_places=rng.choice([1, 1, 1, 2]),
            language_ids=languages(0.95),
            home_district_id=rng.choice(district_ids),
            preferred_district_ids=frozenset(rng.sample(district_ids, rng.choice([0, 1, 2, 3]))),
            availability=rng.randint(1, 7),
            interests=frozenset(rng.sample(INTERESTS, rng.randint(0, 4))),
        )
        for i in range(1, COACHES + 1)
    ]
    families = [
        FamilyNeeds(
            family_id=i,
            district_id=rng.choice(district_ids),
            language_ids=languages(0.6),
            availability=rng.randint(0, 7),
            interests=frozenset(rng.sample(INTERESTS, rng.randint(0, 3))),
        )
        for i in range(1, FAMILIES + 1)
    ]
    return coaches, districts, families, {i: f"language {i}" for i in LANGUAGE_IDS}


def row(name: str, metric: str, value: float, unit: str, target: float | None = None) -> dict:
    return {"name": name, "metric": metric, "value": round(value, 3), "unit": unit, "target": target}


def measure() -> list[dict]:
    coaches, districts, families, languages = synthetic()
    started = time.perf_counter()
    pool = build_pool(coaches, districts, languages)
    rank_coaches(families[0], pool, limit=3)  # the per-pool tables are built on first use
    build_s = time.perf_counter() - started

    timings = []
    for needs in families[:300]:
        started = time.perf_counter()
        rank_coaches(needs, pool, limit=3)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]

    started = time.perf_counter()
    candidates = candidate_lists(families, pool)
    candidates_s = time.perf_counter() - started
    started = time.perf_counter()
    suggestion = balance(candidates, pool, [needs.family_id for needs in families])
    balance_s = time.perf_counter() - started
    return [
        row("shortlist_10k", "pool_build", build_s * 1000, "ms"),
        row("shortlist_10k", "p50", statistics.median(timings), "ms", SHORTLIST_TARGET_MS),
        row("shortlist_10k", "p95", p95, "ms", SHORTLIST_TARGET_MS),
        row("balance_10k", "candidate_lists", candidates_s, "s"),
        row("balance_10k", "assignment", balance_s, "s", BALANCE_TARGET_S),
        row("balance_10k", "total", candidates_s + balance_s, "s", BALANCE_TARGET_S),
        row("balance_10k", "edges", suggestion.edges, "pairs"),
        row("balance_10k", "assigned", len(suggestion.pairs), "families"),
        row("balance_10k", "mean_score", suggestion.total_score / max(len(suggestion.pairs), 1), "points"),
    ]


def measure_database() -> list[dict]:
    """The shortlist through the database, as the admin asks for it: 10,000 coaches of a bench city; the
    pool is loaded once (timed as pool_load_cold), then each shortlist checks the pool's fingerprint,
    ranks, and checks the leading coaches again. The city and its coaches are created once and reused."""
    from django.contrib.auth.hashers import make_password

    from coaches.matching import shortlist_for
    from coaches.models import Coach
    from families.models import Family
    from genk_village.models import City, District, Language, User

    coaches, districts, families, _languages = synthetic()
    city, _created = City.objects.get_or_create(slug="bench-matching", defaults={"name": "Bench Matching"})
    by_name = {d.name: District.objects.get_or_create(city=city, name=d.name)[0] for d in districts}
    district_of = {d.id: by_name[d.name] for d in districts}
    language_of = dict(zip(LANGUAGE_IDS, Language.objects.order_by("id")[: len(LANGUAGE_IDS)], strict=False))
    if not Coach.objects.filter(city=city).exists():
        password = make_password(None)
        users = User.objects.bulk_create(
            [
                User(email=f"bench-coach-{c.id}@example.org", city=city, is_coach=True, password=password)
                for c in coaches
            ],
            batch_size=2000,
        )
        profiles = Coach.objects.bulk_create(
            [
                Coach(
                    user=user,
                    city=city,
                    display_name=c.name,
                    capacity=2,
                    active_matches=2 - c.free_places,
                    screening_status="approved" if c.ready else "screening",
                    interview_on=datetime.date(2026, 1, 5),
                    criminal_record_extract_on=datetime.date(2026, 1, 1),
                    screened_on=datetime.date(2026, 1, 10),
                    references_checked=True,
                    home_district=district_of[c.home_district_id],
                    available_weekdays=bool(c.availability & 1),
                    available_evenings=bool(c.availability & 2),
                    available_weekends=bool(c.availability & 4),
                    interests=", ".join(sorted(c.interests)),
                )
                for user, c in zip(users, coaches, strict=True)
            ],
            batch_size=2000,
        )
        Coach.languages.through.objects.bulk_create(
            [
                Coach.languages.through(coach_id=p.pk, language_id=language_of[lang].pk)
                for p, c in zip(profiles, coaches, strict=True)
                for lang in c.language_ids
                if lang in language_of
            ],
            batch_size=5000,
        )
        Coach.districts.through.objects.bulk_create(
            [
                Coach.districts.through(coach_id=p.pk, district_id=district_of[d].pk)
                for p, c in zip(profiles, coaches, strict=True)
                for d in c.preferred_district_ids
            ],
            batch_size=5000,
        )
    family, _created = Family.objects.get_or_create(
        city=city,
        reference="BENCH-1",
        defaults={
            "family_name": "Bench",
            "district": district_of[families[0].district_id],
            "referral_source": "other",
        },
    )
    family.household_languages.set(
        [language_of[lang] for lang in families[0].language_ids if lang in language_of]
    )
    from coaches.matching import load_pool

    shortlist_for(family)  # warm the connection
    started = time.perf_counter()
    load_pool(city.pk)
    cold_ms = (time.perf_counter() - started) * 1000
    timings = []
    for _ in range(30):
        started = time.perf_counter()
        shortlist_for(family)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return [
        row("shortlist_10k_db", "pool_load_cold", cold_ms, "ms"),
        row("shortlist_10k_db", "p50", statistics.median(timings), "ms", SHORTLIST_TARGET_MS),
        row("shortlist_10k_db", "p95", timings[int(len(timings) * 0.95) - 1], "ms", SHORTLIST_TARGET_MS),
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the rows as JSON only")
    parser.add_argument(
        "--database",
        action="store_true",
        help="also time the shortlist through the database (writes 10,000 coaches)",
    )
    options = parser.parse_args(argv)
    results = measure() + (measure_database() if options.database else [])
    if options.json:
        print(json.dumps(results))
        return 0
    print(f"{'scenario':<15} {'metric':<16} {'value':>12} {'unit':<9} {'target':>8}")
    for r in results:
        target = "" if r["target"] is None else f"≤ {r['target']}"
        print(f"{r['name']:<15} {r['metric']:<16} {r['value']:>12,.3f} {r['unit']:<9} {target:>8}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = out / f"matching-{stamp}.json"
    path.write_text(json.dumps({"started": stamp, "results": results}, indent=2))
    print(f"\nWritten to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
