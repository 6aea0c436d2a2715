"""Ranking coaches for a family, with the reasons in plain words, and balancing many waiting families.

Scores are computed on plain arrays (a CoachPool) loaded once per city and cached while the city's
coaches stay unchanged, so that a shortlist among 10,000 coaches and a balanced assignment of 10,000
families stay fast. `scoring` scores per criterion (score_matrix, with the reasons) and in total for
big batches (score_totals, the same numbers, tested equal); `balancing` builds sparse candidate lists
and solves the assignment; `loading` reads the database.
"""

from .balancing import (
    BALANCE_CANDIDATES,
    BALANCE_MIN_SCORE,
    Suggestion,
    balance,
    candidate_lists,
    suggest_balance,
)
from .loading import (
    _POOLS,
    CHECK_IN_EVERY_DAYS,
    CHECK_IN_FIRST_DAYS,
    _fingerprint,
    cached_pool,
    check_ins_due,
    district_facts,
    load_pool,
    needs_of,
    reasons_for,
    rematch_allowed_from,
    shortlist_for,
    waiting_families,
)
from .scoring import (
    ALL_MOMENTS,
    LANGUAGE_POINTS,
    MAX_SCORE,
    CoachFacts,
    CoachPool,
    DistrictFacts,
    FamilyNeeds,
    RankedCoach,
    Reason,
    Scores,
    availability_mask,
    build_pool,
    explain,
    interest_tokens,
    moment_names,
    rank_coaches,
    score_matrix,
    score_totals,
)

__all__ = [
    "ALL_MOMENTS",
    "BALANCE_CANDIDATES",
    "BALANCE_MIN_SCORE",
    "CHECK_IN_EVERY_DAYS",
    "CHECK_IN_FIRST_DAYS",
    "LANGUAGE_POINTS",
    "MAX_SCORE",
    "_POOLS",
    "CoachFacts",
    "CoachPool",
    "DistrictFacts",
    "FamilyNeeds",
    "RankedCoach",
    "Reason",
    "Scores",
    "Suggestion",
    "_fingerprint",
    "availability_mask",
    "balance",
    "build_pool",
    "cached_pool",
    "candidate_lists",
    "check_ins_due",
    "district_facts",
    "explain",
    "interest_tokens",
    "load_pool",
    "moment_names",
    "needs_of",
    "rank_coaches",
    "reasons_for",
    "rematch_allowed_from",
    "score_matrix",
    "score_totals",
    "shortlist_for",
    "suggest_balance",
    "waiting_families",
]
