"""Scores of coaches for families: per criterion, with the reasons in plain words, on plain arrays."""

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from scipy import sparse

# Points per criterion. A shared household language weighs most, then distance, availability,
# interests and the coach's own preference (DESIGN.md; Genk chose language and culture first).
LANGUAGE_POINTS = 40
DISTANCE_POINTS = 25
AVAILABILITY_POINTS = 15
INTEREST_POINTS = 10
PER_SHARED_INTEREST = 5
PREFERENCE_POINTS = 10
NO_PREFERENCE_POINTS = 5  # a coach open to the whole city: half of a matching preference
MAX_SCORE = LANGUAGE_POINTS + DISTANCE_POINTS + AVAILABILITY_POINTS + INTEREST_POINTS + PREFERENCE_POINTS
# Distance points fall linearly from the full amount in the same district to none at this distance;
# Genk is about 10 km across.
ZERO_POINTS_KM = 8.0

WEEKDAYS, EVENINGS, WEEKENDS = 1, 2, 4
ALL_MOMENTS = WEEKDAYS | EVENINGS | WEEKENDS
POPCOUNT = np.array([bin(mask).count("1") for mask in range(8)], dtype=np.int32)

DENSE_INTERESTS = 1024  # up to this many distinct interest words, a dense product (BLAS) is faster


def availability_mask(weekdays: bool, evenings: bool, weekends: bool) -> int:
    return (WEEKDAYS if weekdays else 0) | (EVENINGS if evenings else 0) | (WEEKENDS if weekends else 0)


def interest_tokens(text: str) -> frozenset[str]:
    """'Football, drawing; animals' → {'football', 'drawing', 'animals'}: compared without case."""
    return frozenset(word.strip().casefold() for word in re.split(r"[,;/\n]", text or "") if word.strip())


def moment_names(mask: int) -> list[str]:
    names = []
    if mask & WEEKDAYS:
        names.append(_("weekdays"))
    if mask & EVENINGS:
        names.append(_("evenings"))
    if mask & WEEKENDS:
        names.append(_("weekends"))
    return names


def km_between(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float:
    """Great-circle distance in km between two (latitude, longitude) points; NaN when one is unknown."""
    if a is None or b is None:
        return math.nan
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


class CoachFacts(NamedTuple):
    """What the ranking knows of a coach: plain values, so that it runs without the database."""

    id: int
    name: str
    ready: bool
    free_places: int
    language_ids: frozenset[int]
    home_district_id: int | None
    preferred_district_ids: frozenset[int]
    availability: int
    interests: frozenset[str]


class DistrictFacts(NamedTuple):
    id: int
    name: str
    centre: tuple[float, float] | None


@dataclass(frozen=True)
class FamilyNeeds:
    """What the ranking knows of a family: district, household languages, moments, child's interests."""

    family_id: int
    district_id: int | None
    language_ids: frozenset[int]
    availability: int
    interests: frozenset[str]
    excluded_coach_ids: frozenset[int] = frozenset()


@dataclass
class CoachPool:
    """The coaches of a city as arrays, in ascending id order (the tie-break of every ranking)."""

    ids: np.ndarray
    names: list[str]
    eligible: np.ndarray
    free_places: np.ndarray
    languages: sparse.csc_matrix  # coach x language column, 1 where the coach speaks it
    language_ids: list[int]
    language_names: dict[int, str]
    home: np.ndarray  # index into district_ids, -1 when unknown
    preferred: sparse.csc_matrix  # coach x district column, 1 where the coach prefers to work
    has_preference: np.ndarray
    district_ids: list[int]
    district_names: dict[int, str]
    distance_km: np.ndarray  # district x district, NaN when a centre is unknown
    distance_points: np.ndarray  # district x district, the points that distance is worth
    availability: np.ndarray
    interests: list[frozenset[str]]
    interest_matrix: sparse.csc_matrix  # coach x interest word, 1 where the coach named it
    interest_column: dict[str, int]
    language_column: dict[int, int] = field(init=False)
    district_column: dict[int, int] = field(init=False)

    def __post_init__(self):
        self.language_column = {lang: col for col, lang in enumerate(self.language_ids)}
        self.district_column = {district: col for col, district in enumerate(self.district_ids)}

    def __len__(self) -> int:
        return len(self.ids)

    # Per-coach tables computed once per pool, so that scoring a family is a few row look-ups.
    @cached_property
    def language_dense(self) -> np.ndarray:
        return self.languages.toarray().astype(np.float32)

    @cached_property
    def interest_dense(self) -> np.ndarray:
        return self.interest_matrix.toarray().astype(np.float32)

    @cached_property
    def distance_table(self) -> np.ndarray:
        """(district + 1) x coach: the distance points; the last row, for an unknown district, is zero."""
        table = np.zeros((len(self.district_ids) + 1, len(self)), dtype=np.int16)
        known = self.home >= 0
        if len(self.district_ids):
            table[:-1, known] = self.distance_points[:, self.home[known]]
        return table

    @cached_property
    def preference_table(self) -> np.ndarray:
        """(district + 1) x coach: full points where the coach prefers the district, half when open."""
        base = np.where(self.has_preference, 0, NO_PREFERENCE_POINTS).astype(np.int16)
        table = np.tile(base, (len(self.district_ids) + 1, 1))
        prefers = self.preferred.T.toarray() > 0
        table[:-1][prefers] = PREFERENCE_POINTS
        return table

    @cached_property
    def language_bits(self) -> np.ndarray | None:
        """Each coach's languages as a 64-bit mask, when the pool has at most 64 languages."""
        return _bits(self.language_dense) if len(self.language_ids) <= 64 else None

    @cached_property
    def interest_bits(self) -> np.ndarray | None:
        """Each coach's interests as a 64-bit mask, when the pool has at most 64 distinct words."""
        return _bits(self.interest_matrix.toarray()) if len(self.interest_column) <= 64 else None

    @cached_property
    def combined_table(self) -> np.ndarray:
        """(district + 1) * 8 x coach: distance, preference and availability points summed, by district
        row and moments mask (row = district * 8 + moments)."""
        places = self.distance_table + self.preference_table
        return (places[:, None, :] + self.availability_table[None, :, :]).reshape(-1, len(self))

    @cached_property
    def availability_table(self) -> np.ndarray:
        """8 x coach, by the family's moments as a bit mask; a family that gave none is free at all."""
        rows = []
        for moments in range(8):
            wanted = moments or ALL_MOMENTS
            overlap = POPCOUNT[self.availability & wanted]
            rows.append((AVAILABILITY_POINTS * overlap + POPCOUNT[wanted] // 2) // POPCOUNT[wanted])
        return np.array(rows, dtype=np.int16).reshape(8, len(self))


def build_pool(
    coaches: Iterable[CoachFacts], districts: Sequence[DistrictFacts], language_names: dict[int, str]
) -> CoachPool:
    """Arrays and sparse matrices from plain facts; the order is by coach id, whatever the input's."""
    coaches = sorted(coaches, key=lambda coach: coach.id)
    n = len(coaches)
    district_ids = [district.id for district in districts]
    district_column = {district: col for col, district in enumerate(district_ids)}
    language_ids = sorted(set(language_names) | {lang for coach in coaches for lang in coach.language_ids})
    language_column = {lang: col for col, lang in enumerate(language_ids)}

    def incidence(rows: list[list[int]], width: int) -> sparse.csc_matrix:
        indptr = np.cumsum([0, *map(len, rows)])
        indices = np.fromiter((col for row in rows for col in row), dtype=np.int32, count=int(indptr[-1]))
        data = np.ones(len(indices), dtype=np.int32)
        return sparse.csr_matrix((data, indices, indptr), shape=(n, width)).tocsc()

    interest_column = {
        word: col for col, word in enumerate(sorted({w for c in coaches for w in c.interests}))
    }
    interest_rows = [[interest_column[word] for word in c.interests] for c in coaches]
    languages = incidence(
        [[language_column[lang] for lang in c.language_ids] for c in coaches], len(language_ids)
    )
    preferred_rows = [
        [district_column[d] for d in c.preferred_district_ids if d in district_column] for c in coaches
    ]
    preferred = incidence(preferred_rows, len(district_ids))
    km = np.array(
        [[km_between(a.centre, b.centre) for b in districts] for a in districts], dtype=np.float64
    ).reshape(len(districts), len(districts))
    with np.errstate(invalid="ignore"):
        points = np.where(
            np.isnan(km), 0, np.rint(DISTANCE_POINTS * np.clip(1 - km / ZERO_POINTS_KM, 0, 1))
        ).astype(np.int32)
    return CoachPool(
        ids=np.array([c.id for c in coaches], dtype=np.int64),
        names=[c.name for c in coaches],
        eligible=np.array([c.ready and c.free_places > 0 for c in coaches], dtype=bool),
        free_places=np.array([max(c.free_places, 0) for c in coaches], dtype=np.int32),
        languages=languages,
        language_ids=language_ids,
        language_names=language_names,
        home=np.array([district_column.get(c.home_district_id, -1) for c in coaches], dtype=np.int32),
        preferred=preferred,
        has_preference=np.array([bool(row) for row in preferred_rows], dtype=bool),
        district_ids=district_ids,
        district_names={district.id: district.name for district in districts},
        distance_km=km,
        distance_points=points,
        availability=np.array([c.availability & ALL_MOMENTS for c in coaches], dtype=np.int32),
        interests=[c.interests for c in coaches],
        interest_matrix=incidence(interest_rows, len(interest_column)),
        interest_column=interest_column,
    )


@dataclass
class Scores:
    """Points per criterion for a block of families (rows) against every coach of a pool (columns)."""

    language: np.ndarray
    distance: np.ndarray
    availability: np.ndarray
    interests: np.ndarray
    preference: np.ndarray

    @property
    def total(self) -> np.ndarray:
        return self.language + self.distance + self.availability + self.interests + self.preference


def _features(families: Sequence[FamilyNeeds], pool: CoachPool):
    """Per family: language and interest indicator rows, the district's table row and the moments mask."""
    b = len(families)
    family_languages = np.zeros((b, len(pool.language_ids)), dtype=np.float32)
    child_interests = np.zeros((b, len(pool.interest_column)), dtype=np.float32)
    for row, needs in enumerate(families):
        for lang in needs.language_ids:
            if (col := pool.language_column.get(lang)) is not None:
                family_languages[row, col] = 1
        for word in needs.interests:
            if (col := pool.interest_column.get(word)) is not None:
                child_interests[row, col] = 1
    unknown = len(pool.district_ids)  # the tables' last row: a family whose district is not known
    rows = np.array(
        [pool.district_column.get(needs.district_id, unknown) for needs in families], dtype=np.intp
    )
    moments = np.array([needs.availability & ALL_MOMENTS for needs in families], dtype=np.intp)
    return family_languages, child_interests, rows, moments


def _shared_languages(family_languages: np.ndarray, pool: CoachPool) -> np.ndarray:
    return (family_languages @ pool.language_dense.T > 0).astype(np.int16) * np.int16(LANGUAGE_POINTS)


def _shared_interests(child_interests: np.ndarray, pool: CoachPool) -> np.ndarray:
    b = child_interests.shape[0]
    if len(pool.interest_column) <= DENSE_INTERESTS:
        common = (child_interests @ pool.interest_dense.T).reshape(b, len(pool))
    else:
        common = np.asarray(pool.interest_matrix.tocsr() @ child_interests.T).T.reshape(b, len(pool))
    return np.minimum(np.rint(common).astype(np.int16) * PER_SHARED_INTEREST, INTEREST_POINTS).astype(
        np.int16
    )


def score_matrix(families: Sequence[FamilyNeeds], pool: CoachPool) -> Scores:
    """Score every family of the block against every coach, per criterion; eligibility is the callers'."""
    family_languages, child_interests, rows, moments = _features(families, pool)
    return Scores(
        language=_shared_languages(family_languages, pool),
        distance=pool.distance_table[rows],
        availability=pool.availability_table[moments],
        interests=_shared_interests(child_interests, pool),
        preference=pool.preference_table[rows],
    )


def score_totals(families: Sequence[FamilyNeeds], pool: CoachPool) -> np.ndarray:
    """The same totals as score_matrix, faster for big batches: the district and moment tables summed
    beforehand, and languages and interests compared as 64-bit masks where they fit in one."""
    family_languages, child_interests, rows, moments = _features(families, pool)
    total = pool.combined_table[rows * 8 + moments]
    if (coach_bits := pool.language_bits) is not None:
        shared = (coach_bits[None, :] & _bits(family_languages)[:, None]) != 0
        np.add(total, np.int16(LANGUAGE_POINTS), out=total, where=shared)
    else:
        total += _shared_languages(family_languages, pool)
    if (coach_bits := pool.interest_bits) is not None:
        common = np.bitwise_count(coach_bits[None, :] & _bits(child_interests)[:, None])
        np.minimum(common, INTEREST_POINTS // PER_SHARED_INTEREST, out=common)
        common *= PER_SHARED_INTEREST
        total += common
    else:
        total += _shared_interests(child_interests, pool)
    return total


def _bits(indicators: np.ndarray) -> np.ndarray:
    """Rows of 0/1 indicators (at most 64 columns) as one unsigned mask per row; 32 bits when they fit,
    which halves the memory a batch streams through."""
    kind = np.uint32 if indicators.shape[1] <= 32 else np.uint64
    weights = np.left_shift(kind(1), np.arange(indicators.shape[1], dtype=kind))
    masks = np.where(indicators > 0, weights[None, :], kind(0))
    return np.bitwise_or.reduce(masks, axis=1).astype(kind).reshape(indicators.shape[0])


@dataclass(frozen=True)
class Reason:
    points: int
    maximum: int
    text: str


@dataclass(frozen=True)
class RankedCoach:
    coach_id: int
    name: str
    score: int
    reasons: tuple[Reason, ...]


def rank_coaches(needs: FamilyNeeds, pool: CoachPool, *, limit: int | None = None) -> list[RankedCoach]:
    """Eligible coaches (ready, with a free place, not excluded) by score, highest first, ties by id."""
    if not len(pool):
        return []
    scores = score_matrix([needs], pool)
    total = scores.total[0]
    mask = pool.eligible.copy()
    if needs.excluded_coach_ids:
        mask &= ~np.isin(pool.ids, np.fromiter(needs.excluded_coach_ids, np.int64))
    candidates = np.flatnonzero(mask)
    order = candidates[np.lexsort((pool.ids[candidates], -total[candidates]))]
    if limit is not None:
        order = order[:limit]
    return [
        RankedCoach(
            coach_id=int(pool.ids[i]),
            name=pool.names[i],
            score=int(total[i]),
            reasons=explain(needs, pool, scores, int(i)),
        )
        for i in order
    ]


def explain(needs: FamilyNeeds, pool: CoachPool, scores: Scores, i: int) -> tuple[Reason, ...]:
    """Each criterion's points for coach `i`, in a sentence a coordinator can read to a family."""
    spoken = {pool.language_ids[col] for col in pool.languages.getrow(i).indices}
    shared = sorted(pool.language_names.get(lang, "?") for lang in spoken & needs.language_ids)
    if shared:
        language = _("Speaks %(languages)s, spoken in the household.") % {"languages": ", ".join(shared)}
    elif needs.language_ids:
        language = _("Speaks none of the household's languages.")
    else:
        language = _("The household's languages are not recorded.")

    home = int(pool.home[i])
    fd = pool.district_column.get(needs.district_id, -1)
    if home < 0:
        distance = _("Where the coach lives is not recorded.")
    elif fd < 0 or math.isnan(pool.distance_km[fd, home]):
        distance = _("Lives in %(district)s; the distance to the family is not known.") % {
            "district": pool.district_names[pool.district_ids[home]]
        }
    elif fd == home:
        distance = _("Lives in the family's district.")
    else:
        distance = _("Lives in %(district)s, about %(km).1f km from the family's district.") % {
            "district": pool.district_names[pool.district_ids[home]],
            "km": pool.distance_km[fd, home],
        }

    want = needs.availability & ALL_MOMENTS or ALL_MOMENTS
    common = moment_names(int(pool.availability[i]) & want)
    if common:
        availability = ngettext(
            "Free when the family is: %(moments)s (%(count)d of %(wanted)d moment).",
            "Free when the family is: %(moments)s (%(count)d of %(wanted)d moments).",
            int(POPCOUNT[want]),
        ) % {"moments": ", ".join(common), "count": len(common), "wanted": int(POPCOUNT[want])}
    else:
        availability = _("No moment in common with the family.")

    mine = sorted(pool.interests[i] & needs.interests)
    if mine:
        interests = _("Shares the child's interests: %(interests)s.") % {"interests": ", ".join(mine)}
    elif needs.interests:
        interests = _("No interest in common with the child.")
    else:
        interests = _("The child's interests are not recorded.")

    if scores.preference[0, i] == PREFERENCE_POINTS:
        preference = _("Prefers to coach in the family's district.")
    elif not pool.has_preference[i]:
        preference = _("Open to families anywhere in the city.")
    else:
        preference = _("Prefers to coach in other districts.")

    return (
        Reason(int(scores.language[0, i]), LANGUAGE_POINTS, language),
        Reason(int(scores.distance[0, i]), DISTANCE_POINTS, distance),
        Reason(int(scores.availability[0, i]), AVAILABILITY_POINTS, availability),
        Reason(int(scores.interests[0, i]), INTEREST_POINTS, interests),
        Reason(int(scores.preference[0, i]), PREFERENCE_POINTS, preference),
    )
