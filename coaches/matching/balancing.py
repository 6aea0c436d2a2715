"""Balancing many waiting families at once: sparse candidate lists, then a minimum-weight full matching."""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from .scoring import MAX_SCORE, CoachPool, FamilyNeeds, score_totals

# Balancing: each family keeps its best few coaches as candidates (a sparse graph), and a pair below
# this score is never suggested. With 10 candidates popular coaches crowd the lists and fewer families
# get a coach (6,271 of 10,000 in the bench); 20 reaches 8,017 for a fraction more time.
BALANCE_CANDIDATES = 20
BALANCE_MIN_SCORE = 20
BLOCK = 256  # families scored at once: 256 x 10,000 coaches stays in the caches better than larger blocks


@dataclass(frozen=True)
class Suggestion:
    """A balanced assignment: (family id, coach id, score) pairs and the families left without a coach."""

    pairs: list[tuple[int, int, int]]
    unassigned: list[int]
    edges: int

    @property
    def total_score(self) -> int:
        return sum(score for _family, _coach, score in self.pairs)


def candidate_lists(
    families: Sequence[FamilyNeeds],
    pool: CoachPool,
    *,
    candidates: int = BALANCE_CANDIDATES,
    min_score: int = BALANCE_MIN_SCORE,
) -> sparse.csr_matrix:
    """Each family's best `candidates` eligible coaches (ties by coach id), a sparse family x coach matrix."""
    n = len(pool)
    rows, cols, values = [], [], []
    k = min(candidates, n)
    # key = score * (n + 1) + a tie-break by coach order, so the candidate lists (and the assignment) are
    # deterministic; an ineligible coach's tie-break is so negative that its key stays below every
    # eligible one, and below the threshold, without a masking pass over the block.
    key_type = np.int32 if (MAX_SCORE + 1) * (n + 1) * 2 < 2**31 else np.int64
    out = -(MAX_SCORE + 1) * (n + 1)
    tie_break = np.where(pool.eligible, n - np.arange(n), out).astype(key_type)[None, :]
    threshold = min_score * (n + 1)
    for start in range(0, len(families), BLOCK):
        block = families[start : start + BLOCK]
        total = score_totals(block, pool)
        key = total.astype(key_type)
        key *= n + 1
        key += tie_break
        for row, needs in enumerate(block):
            if needs.excluded_coach_ids:
                key[row, np.isin(pool.ids, np.fromiter(needs.excluded_coach_ids, np.int64))] = out
        if k == 0:
            continue
        top = (
            np.argpartition(key, n - k, axis=1)[:, n - k :]
            if k < n
            else np.tile(np.arange(n), (len(block), 1))
        )
        picked = np.take_along_axis(key, top, axis=1) > threshold
        block_rows = np.broadcast_to(np.arange(start, start + len(block))[:, None], top.shape)
        rows.append(block_rows[picked])
        cols.append(top[picked])
        values.append(np.take_along_axis(total, top, axis=1)[picked])
    if not rows:
        return sparse.csr_matrix((len(families), n), dtype=np.int64)
    return sparse.csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))), shape=(len(families), n)
    )


def balance(candidates: sparse.csr_matrix, pool: CoachPool, family_ids: Sequence[int]) -> Suggestion:
    """The assignment with the highest total score where no coach gets more families than free places.

    Each coach becomes one column per free place; each family also gets a column of its own meaning "no
    coach this time", so a full matching always exists even when coaches are short. Real edges cost
    -(score + 1) and the "no coach" edge costs +1 (weights must be non-zero), so any suggested pair beats
    leaving a family out, and among assignments the total score is maximal.
    """
    f = len(family_ids)
    candidates = candidates.tocoo()
    places = np.maximum(pool.free_places, 0).astype(np.int64)
    # Only places a candidate edge can reach matter; a coach never needs more columns than candidates.
    in_degree = np.bincount(candidates.col, minlength=len(pool)).astype(np.int64)
    places = np.minimum(places, in_degree)
    offsets = np.concatenate([[0], np.cumsum(places)])
    slots = int(offsets[-1])
    edge_places = places[candidates.col]
    repeat = np.repeat(np.arange(len(candidates.col)), edge_places)
    within = np.arange(len(repeat)) - np.repeat(np.cumsum(edge_places) - edge_places, edge_places)
    rows = np.concatenate([candidates.row[repeat], np.arange(f)])
    cols = np.concatenate([offsets[candidates.col[repeat]] + within, slots + np.arange(f)])
    weights = np.concatenate([-(candidates.data[repeat].astype(np.float64) + 1), np.ones(f)])
    graph = sparse.csr_matrix((weights, (rows, cols)), shape=(f, slots + f))
    row_ind, col_ind = min_weight_full_bipartite_matching(graph)
    slot_coach = np.repeat(np.arange(len(pool)), places)
    pairs, unassigned = [], []
    for row, col in zip(row_ind.tolist(), col_ind.tolist(), strict=True):
        if col < slots:
            coach = int(slot_coach[col])
            pairs.append((int(family_ids[row]), int(pool.ids[coach]), int(-graph[row, col] - 1)))
        else:
            unassigned.append(int(family_ids[row]))
    return Suggestion(pairs=sorted(pairs), unassigned=sorted(unassigned), edges=len(candidates.data))


def suggest_balance(families: Sequence[FamilyNeeds], pool: CoachPool) -> Suggestion:
    """Candidate lists, then the best assignment under capacity: never applied, only suggested."""
    if not families:
        return Suggestion(pairs=[], unassigned=[], edges=0)
    matrix = candidate_lists(families, pool)
    return balance(matrix, pool, [needs.family_id for needs in families])
