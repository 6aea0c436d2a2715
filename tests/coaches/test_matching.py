"""The ranking and the balancing: properties over generated coaches, and the database loaders."""

import datetime
import itertools

import numpy as np
import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from coaches import matching
from coaches.matching import (
    LANGUAGE_POINTS,
    MAX_SCORE,
    CoachFacts,
    DistrictFacts,
    FamilyNeeds,
    balance,
    build_pool,
    cached_pool,
    candidate_lists,
    load_pool,
    rank_coaches,
    score_matrix,
    score_totals,
    shortlist_for,
    suggest_balance,
    waiting_families,
)
from coaches.models import Attendance, Coach, Match, MatchingWishes
from coaches.services import CoachError, coach_is_ready, match_close, match_propose_shortlist
from families.models import Family
from genk_village.models import GENK_DISTRICT_CENTROIDS
from tests.coaches.factories import CoachFactory, ReadyCoachFactory, TrainingSessionFactory
from tests.families.factories import FamilyFactory
from tests.genk_village.factories import DistrictFactory, language

DISTRICTS = [
    DistrictFacts(i, name, centre) for i, (name, centre) in enumerate(GENK_DISTRICT_CENTROIDS.items(), 1)
]
LANGUAGES = {i: f"language {i}" for i in range(1, 7)}
WORDS = ["football", "drawing", "music", "animals", "lego"]

district_ids = st.sampled_from([d.id for d in DISTRICTS])
language_sets = st.frozensets(st.sampled_from(list(LANGUAGES)), max_size=3)
word_sets = st.frozensets(st.sampled_from(WORDS), max_size=3)


@st.composite
def coaches(draw, min_size=0, max_size=12):
    count = draw(st.integers(min_size, max_size))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=count, max_size=count, unique=True))
    return [
        CoachFacts(
            id=coach_id,
            name=f"coach {coach_id}",
            ready=draw(st.booleans()),
            free_places=draw(st.integers(0, 2)),
            language_ids=draw(language_sets),
            home_district_id=draw(st.one_of(st.none(), district_ids)),
            preferred_district_ids=draw(st.frozensets(district_ids, max_size=2)),
            availability=draw(st.integers(0, 7)),
            interests=draw(word_sets),
        )
        for coach_id in ids
    ]


families = st.builds(
    FamilyNeeds,
    family_id=st.integers(1, 10_000),
    district_id=st.one_of(st.none(), district_ids),
    language_ids=language_sets,
    availability=st.integers(0, 7),
    interests=word_sets,
)


def pool_of(facts):
    return build_pool(facts, DISTRICTS, LANGUAGES)


def score_of(needs, facts, coach_id) -> int:
    ranked = {entry.coach_id: entry.score for entry in rank_coaches(needs, pool_of(facts))}
    return ranked[coach_id]


@settings(max_examples=150, deadline=None)
@given(coaches(min_size=1), families, st.data())
def test_a_shared_language_never_lowers_a_score(facts, needs, data):
    facts = [coach._replace(ready=True, free_places=1) for coach in facts]
    target = data.draw(st.sampled_from(facts))
    extra = data.draw(st.sampled_from(sorted(LANGUAGES)))
    before = score_of(needs, facts, target.id)
    more = [c._replace(language_ids=c.language_ids | {extra}) if c.id == target.id else c for c in facts]
    assert score_of(needs, more, target.id) >= before
    shared_family = FamilyNeeds(**{**needs.__dict__, "language_ids": needs.language_ids | {extra}})
    assert score_of(shared_family, more, target.id) >= score_of(needs, more, target.id)


@settings(max_examples=150, deadline=None)
@given(coaches(), families)
def test_a_coach_at_capacity_or_not_ready_never_appears(facts, needs):
    listed = {entry.coach_id for entry in rank_coaches(needs, pool_of(facts))}
    for coach in facts:
        if not coach.ready or coach.free_places == 0:
            assert coach.id not in listed
        else:
            assert coach.id in listed


@settings(max_examples=150, deadline=None)
@given(coaches(), families, st.randoms(use_true_random=False))
def test_the_order_is_deterministic_whatever_the_input_order(facts, needs, rng):
    first = [(e.coach_id, e.score) for e in rank_coaches(needs, pool_of(facts))]
    shuffled = list(facts)
    rng.shuffle(shuffled)
    again = [(e.coach_id, e.score) for e in rank_coaches(needs, pool_of(shuffled))]
    assert first == again
    # highest score first, ties by coach id
    assert first == sorted(first, key=lambda pair: (-pair[1], pair[0]))


@settings(max_examples=100, deadline=None)
@given(coaches(min_size=1), families)
def test_every_score_is_the_sum_of_its_explained_parts(facts, needs):
    for entry in rank_coaches(needs, pool_of(facts)):
        assert entry.score == sum(reason.points for reason in entry.reasons)
        assert 0 <= entry.score <= MAX_SCORE
        assert all(reason.text for reason in entry.reasons)


@settings(max_examples=60, deadline=None)
@given(coaches(min_size=1), st.lists(families, min_size=1, max_size=6, unique_by=lambda f: f.family_id))
def test_the_balancing_respects_capacity_and_scores_as_the_ranking_does(facts, needs):
    pool = pool_of(facts)
    suggestion = suggest_balance(needs, pool)
    per_coach = {}
    for family_id, coach_id, score in suggestion.pairs:
        per_coach[coach_id] = per_coach.get(coach_id, 0) + 1
        family = next(f for f in needs if f.family_id == family_id)
        assert score == {e.coach_id: e.score for e in rank_coaches(family, pool)}[coach_id]
    free = {c.id: c.free_places for c in facts if c.ready}
    assert all(count <= free.get(coach_id, 0) for coach_id, count in per_coach.items())
    assigned = {family_id for family_id, _coach, _score in suggestion.pairs}
    assert assigned.isdisjoint(suggestion.unassigned)
    assert assigned | set(suggestion.unassigned) == {f.family_id for f in needs}


def test_the_balancing_finds_the_best_total_and_leaves_out_whom_it_must():
    """Three families, two single places: brute force agrees, and one family waits."""
    facts = [
        CoachFacts(1, "A", True, 1, frozenset({1}), 1, frozenset(), 7, frozenset()),
        CoachFacts(2, "B", True, 1, frozenset({2}), 2, frozenset(), 7, frozenset()),
    ]
    pool = pool_of(facts)
    needs = [
        FamilyNeeds(10, 1, frozenset({1, 2}), 0, frozenset()),
        FamilyNeeds(11, 1, frozenset({1}), 0, frozenset()),
        FamilyNeeds(12, 2, frozenset({2}), 0, frozenset()),
    ]
    matrix = candidate_lists(needs, pool, min_score=0)
    suggestion = balance(matrix, pool, [n.family_id for n in needs])
    scores = score_matrix(needs, pool).total
    best = max(
        sum(int(scores[f, c]) for f, c in zip(families_, (0, 1), strict=True))
        for families_ in itertools.permutations(range(3), 2)
    )
    assert suggestion.total_score == best
    assert len(suggestion.pairs) == 2
    assert len(suggestion.unassigned) == 1


def test_a_family_far_from_every_coach_is_left_unassigned_rather_than_forced():
    pool = pool_of([CoachFacts(1, "A", True, 1, frozenset({1}), 1, frozenset({1}), 1, frozenset())])
    needs = [FamilyNeeds(10, 8, frozenset({5}), 4, frozenset())]
    suggestion = suggest_balance(needs, pool)
    assert suggestion.pairs == []
    assert suggestion.unassigned == [10]


def test_the_reasons_are_in_plain_words():
    pool = pool_of(
        [
            CoachFacts(
                1, "Ayse", True, 1, frozenset({2}), 1, frozenset({1}), 3, frozenset({"football", "music"})
            )
        ]
    )
    needs = FamilyNeeds(10, 1, frozenset({2}), 1, frozenset({"football"}))
    with translation.override("en"):
        (entry,) = rank_coaches(needs, pool)
        texts = [str(reason.text) for reason in entry.reasons]
    assert texts[0] == "Speaks language 2, spoken in the household."
    assert texts[1] == "Lives in the family's district."
    assert "weekdays" in texts[2]
    assert texts[3] == "Shares the child's interests: football."
    assert texts[4] == "Prefers to coach in the family's district."
    assert entry.reasons[0].points == LANGUAGE_POINTS


# Database --------------------------------------------------------------------------------------------


@pytest.fixture
def genk(city):
    return {name: DistrictFactory(city=city, name=name) for name in ("Centrum", "Winterslag", "Zwartberg")}


@pytest.fixture
def waiting(city, genk):
    family = FamilyFactory(city=city, district=genk["Winterslag"], status=Family.Status.MATCHING)
    family.household_languages.set([language("tr"), language("nl")])
    MatchingWishes.objects.create(family=family, child_interests="Football, drawing", available_evenings=True)
    return family


@pytest.mark.django_db
def test_the_loader_takes_exactly_the_coaches_coach_is_ready_accepts(city, genk):
    session = TrainingSessionFactory(city=city)
    trained = ReadyCoachFactory(city=city)
    Attendance.objects.create(session=session, coach=trained)
    untrained = ReadyCoachFactory(city=city)
    absent = ReadyCoachFactory(city=city)
    Attendance.objects.create(session=session, coach=absent, attended=False)
    full = ReadyCoachFactory(city=city, capacity=1, active_matches=1)
    Attendance.objects.create(session=session, coach=full)
    candidate = CoachFactory(city=city)
    pool = load_pool(city.pk)
    loaded = set(pool.ids.tolist())
    for coach in (trained, untrained, absent, full, candidate):
        expected = coach_is_ready(coach) and coach.active_matches < coach.capacity
        assert (coach.pk in loaded) is expected
    assert loaded == {trained.pk}


@pytest.mark.django_db
def test_the_shortlist_puts_the_turkish_speaking_neighbour_first(city, genk, waiting):
    neighbour = ReadyCoachFactory(city=city, display_name="Zeynep", home_district=genk["Winterslag"])
    neighbour.languages.set([language("tr"), language("nl")])
    far = ReadyCoachFactory(city=city, display_name="Anna", home_district=genk["Zwartberg"])
    far.languages.set([language("nl")])
    ranked = shortlist_for(waiting)
    assert [entry.coach_id for entry in ranked] == [neighbour.pk, far.pk]
    assert ranked[0].reasons[0].text.startswith("Speaks")


@pytest.mark.django_db
def test_proposing_a_shortlist_proposes_the_best_ready_coaches_in_order(
    city, genk, waiting, coordinator, settings
):
    settings.SHORTLIST_SIZE = 2
    for name in ("A", "B", "C"):
        ReadyCoachFactory(city=city, display_name=name, home_district=genk["Centrum"]).languages.set(
            [language("nl")]
        )
    best = ReadyCoachFactory(city=city, display_name="D", home_district=genk["Winterslag"])
    best.languages.set([language("tr")])
    matches = match_propose_shortlist(family=waiting, actor=coordinator)
    assert [m.rank for m in matches] == [1, 2]
    assert matches[0].coach == best
    assert Match.objects.filter(family=waiting, status=Match.Status.PROPOSED).count() == 2
    with pytest.raises(CoachError, match="open proposals"):
        match_propose_shortlist(family=waiting, actor=coordinator)


@pytest.mark.django_db
def test_re_matching_waits_for_the_buffer_after_a_closed_match(city, genk, waiting, coordinator, settings):
    settings.REMATCH_BUFFER_DAYS = 30
    coach = ReadyCoachFactory(city=city, active_matches=1)
    match = Match.objects.create(
        family=waiting, coach=coach, status=Match.Status.ACTIVE, started_on=datetime.date(2026, 1, 5)
    )
    Family.objects.filter(pk=waiting.pk).update(status=Family.Status.MATCHED)
    ended = datetime.date(2026, 3, 1)
    match_close(match=match, reason=Match.ClosureReason.MISMATCH, actor=coordinator, ended_on=ended)
    ReadyCoachFactory(city=city).languages.set([language("nl")])
    waiting.refresh_from_db()
    with pytest.raises(CoachError, match="pause"):
        match_propose_shortlist(family=waiting, actor=coordinator, today=ended + datetime.timedelta(days=10))
    assert waiting not in waiting_families(city.pk, today=ended + datetime.timedelta(days=10))
    later = ended + datetime.timedelta(days=30)
    assert waiting in waiting_families(city.pk, today=later)
    proposals = match_propose_shortlist(family=waiting, actor=coordinator, today=later)
    assert coach.pk not in {m.coach_id for m in proposals}  # the previous coach is not proposed again


@pytest.mark.django_db
def test_the_loader_needs_three_queries_whatever_the_number_of_coaches(
    city, genk, django_assert_max_num_queries
):
    for _ in range(5):
        ReadyCoachFactory(city=city).languages.set([language("nl"), language("tr")])
    with django_assert_max_num_queries(6):
        pool = load_pool(city.pk)
    assert len(pool) == 5
    assert np.all(pool.eligible)


@pytest.mark.django_db
def test_the_cached_pool_is_loaded_again_when_a_coach_changes(city, genk, django_assert_max_num_queries):
    ReadyCoachFactory(city=city).languages.set([language("nl")])
    first = cached_pool(city.pk)
    with django_assert_max_num_queries(4):  # the fingerprint only
        assert cached_pool(city.pk) is first
    newcomer = ReadyCoachFactory(city=city)
    again = cached_pool(city.pk)
    assert again is not first
    assert newcomer.pk in again.ids.tolist()


@pytest.mark.django_db
def test_a_coach_who_became_full_after_caching_is_not_shortlisted(city, genk, waiting):
    soon_full = ReadyCoachFactory(city=city, display_name="Full", home_district=genk["Winterslag"])
    soon_full.languages.set([language("tr")])
    other = ReadyCoachFactory(city=city, display_name="Free")
    other.languages.set([language("nl")])
    assert shortlist_for(waiting)[0].coach_id == soon_full.pk
    # a match activation takes the place with a conditional update, which leaves updated_at alone
    Coach.objects.filter(pk=soon_full.pk).update(active_matches=1)
    matching._POOLS[city.pk] = (
        matching._fingerprint(city.pk),
        matching._POOLS[city.pk][1],
    )  # stale on purpose
    assert [entry.coach_id for entry in shortlist_for(waiting)] == [other.pk]


@settings(max_examples=40, deadline=None)
@given(coaches(min_size=1), st.lists(families, min_size=1, max_size=5))
def test_the_batch_totals_equal_the_explained_scores_with_or_without_bit_masks(facts, needs):
    # More than 64 interest words and languages: the masks do not fit, the matrix products take over.
    first = facts[0]
    wide = [
        first._replace(
            interests=first.interests | {f"word {i}" for i in range(70)},
            language_ids=first.language_ids | set(range(100, 170)),
        ),
        *facts[1:],
    ]
    assert pool_of(wide).interest_bits is None and pool_of(wide).language_bits is None
    for pool in (pool_of(facts), pool_of(wide)):
        assert np.array_equal(score_totals(needs, pool), score_matrix(needs, pool).total)
