"""Challenges in every status with their event history and the points of confirmed ones, in batches.

Written as rows rather than through `challenge_post`, which rightly refuses dates in the past: the
demo needs two years of history. The rows keep every rule the services and the database keep —
timestamps in order, a claimant on every held challenge, open ones unclaimed and still to come,
10 points per confirmed challenge and 5 more when it was claimed within 24 hours. A million
challenges take a few minutes on PostgreSQL (COPY), so the loop below sticks to cheap arithmetic.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q

from challenges.models import Challenge, ChallengeEvent, PointsEntry
from challenges.services import FAST_CLAIM, POINTS_FOR_CONFIRMED, POINTS_SPEED_BONUS, badges_award
from coaches.models import Match
from supporters.categories import Category
from supporters.models import Supporter

from . import catalogue
from .context import DemoContext

BATCH = 5000
ST = Challenge.Status
# Plain strings in the loop: the COPY path formats str faster than str-based enums.
EV = {kind.name: kind.value for kind in ChallengeEvent.Kind}
CONFIRMED_REASON = PointsEntry.Reason.CHALLENGE_CONFIRMED.value
SPEED_REASON = PointsEntry.Reason.SPEED_BONUS.value
# The first six challenges of a city go to its coach1's family, one per status, so coach1 always has open and
# claimed ones to show; the rest follow a two-year pilot's mix.
PINNED = [
    str(status) for status in (ST.OPEN, ST.CLAIMED, ST.DELIVERED, ST.CONFIRMED, ST.EXPIRED, ST.CANCELLED)
]
STATUS_PERCENT = {
    ST.OPEN: 15,
    ST.CLAIMED: 10,
    ST.DELIVERED: 7,
    ST.CONFIRMED: 50,
    ST.EXPIRED: 12,
    ST.CANCELLED: 6,
}
CATEGORY_PERCENT = {
    Category.MATERIAL: 30,
    Category.TRANSPORT: 15,
    Category.HOMEWORK: 12,
    Category.INTERPRETING: 10,
    Category.LEISURE: 15,
    Category.SPONSORING: 10,
    Category.OTHER: 8,
}
# Material is mostly given, sometimes lent, swapped or sold for a symbolic price; the rest is given.
MATERIAL_MODES = ["gift"] * 6 + ["loan"] * 2 + ["swap", "sale"]
HISTORY_DAYS = 730
H, D = 3600.0, 86400.0
UTC = datetime.UTC

CHALLENGE_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "city_id",
    "family_id",
    "district_id",
    "posted_by_id",
    "title",
    "description",
    "category",
    "exchange_mode",
    "needed_by",
    "status",
    "claimant_id",
    "claimed_at",
    "delivered_at",
    "confirmed_at",
    "closed_at",
)
EVENT_COLUMNS = ("id", "challenge_id", "kind", "actor_id", "created_at")
POINTS_COLUMNS = ("id", "supporter_id", "points", "reason", "challenge_event_id", "created_at")


def _bag(percent: dict) -> list[str]:
    return [str(value) for value, share in percent.items() for _ in range(share)]


@dataclass(frozen=True)
class Holder:
    """A matched family that carries challenges, with its coach (who posts and confirms them)."""

    family_id: int
    district_id: int
    coach_user_id: int
    since: float  # the match's start, as a timestamp


def ensure_challenges(ctx: DemoContext, total: int) -> int:
    """Create challenges until the city has `total`; returns how many were created."""
    existing = Challenge.objects.filter(city=ctx.city).count()
    if existing >= total:
        return 0
    holders, pinned = _holders(ctx)
    if not holders:
        return 0
    supporters = list(Supporter.objects.filter(city=ctx.city).order_by("pk").values_list("pk", "user_id"))
    builder = _Builder(ctx, holders, pinned, supporters, ctx.rng("challenges", existing))
    writer = ctx.writer
    progress = ctx.progress(total - existing, "challenges")
    for start in range(existing, total, BATCH):
        stop = min(total, start + BATCH)
        challenges, events, points = builder.build(
            range(start, stop), writer.next_ids(Challenge, stop - start)
        )
        event_ids = writer.next_ids(ChallengeEvent, len(events))
        point_ids = writer.next_ids(PointsEntry, len(points))
        with transaction.atomic():  # a batch's challenges, events and points are there together or not at all
            writer.insert(Challenge, CHALLENGE_COLUMNS, challenges)
            writer.insert(
                ChallengeEvent,
                EVENT_COLUMNS,
                [(pk, *event) for pk, event in zip(event_ids, events, strict=True)],
            )
            writer.insert(
                PointsEntry,
                POINTS_COLUMNS,
                [
                    (pk, supporter, amount, reason, event_ids[event_index], at)
                    for pk, (event_index, supporter, amount, reason, at) in zip(
                        point_ids, points, strict=True
                    )
                ],
            )
        progress.update(stop - start)
    progress.close()
    if connection.vendor == "postgresql" and total - existing >= 100_000:
        # Fresh statistics, so the first dashboard query after a large seed gets a sensible plan.
        with connection.cursor() as cursor:
            for model in (Challenge, ChallengeEvent, PointsEntry):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return total - existing


def ensure_badges(ctx: DemoContext) -> int:
    """Award the badges the written ledger earns, through the same rule as a confirmation does: the
    points above are rows, not confirmations, so no job has awarded them. Returns how many were awarded."""
    earners = (
        Supporter.objects.filter(city=ctx.city)
        .filter(Q(points_entries__isnull=False) | Q(kind=Supporter.Kind.GROUP))
        .distinct()
        .order_by("pk")
    )
    return sum(len(badges_award(supporter=supporter)) for supporter in earners)


def _holders(ctx: DemoContext) -> tuple[list[Holder], Holder | None]:
    matches = (
        Match.objects.filter(status=Match.Status.ACTIVE, family__city=ctx.city)
        .order_by("family__reference")
        .values_list("family_id", "family__district_id", "coach__user_id", "coach__user__email", "started_on")
    )
    holders, pinned = [], None
    first_coach = ctx.site.coach_email(1)
    for family_id, district_id, user_id, email, started_on in matches:
        since = datetime.datetime.combine(started_on, datetime.time(9), UTC).timestamp()
        holder = Holder(family_id, district_id, user_id, since)
        holders.append(holder)
        if email == first_coach and pinned is None:
            pinned = holder
    return holders, pinned


class _Builder:
    def __init__(
        self,
        ctx: DemoContext,
        holders: list[Holder],
        pinned: Holder | None,
        supporters: list[tuple[int, int]],
        rng: random.Random,
    ) -> None:
        self.ctx = ctx
        self.holders = holders
        self.pinned = pinned
        self.supporters = supporters
        self.random = rng.random
        statuses = STATUS_PERCENT if supporters else {ST.OPEN: 60, ST.EXPIRED: 30, ST.CANCELLED: 10}
        self.status_bag = _bag(statuses)
        self.category_bag = _bag(CATEGORY_PERCENT)
        self.texts = {str(category): texts for category, texts in catalogue.CHALLENGES.items()}
        self.now = ctx.now.timestamp()
        today = ctx.today
        self.today_ordinal = today.toordinal()
        self.midnight = datetime.datetime.combine(today, datetime.time(), UTC).timestamp()
        self.days: dict[int, datetime.date] = {}

    def _day(self, ordinal: int) -> datetime.date:
        day = self.days.get(ordinal)
        if day is None:
            day = self.days[ordinal] = datetime.date.fromordinal(ordinal)
        return day

    def _delay(self) -> float:
        """Time to claim: most within a day (worth the speed bonus), the rest within five days."""
        r = self.random
        return 600 + r() * (86400 - 600) if r() < 0.6 else 86400 + r() * 4 * D

    def build(self, indexes: range, ids: list[int]) -> tuple[list[tuple], list[tuple], list[tuple]]:
        r = self.random
        now, city_id = self.now, self.ctx.city.pk
        stamp = datetime.datetime.fromtimestamp
        holders, n_holders, pinned = self.holders, len(self.holders), self.pinned
        supporters, n_supporters = self.supporters, len(self.supporters)
        status_bag, n_status = self.status_bag, len(self.status_bag)
        category_bag, n_category = self.category_bag, len(self.category_bag)
        texts, day, midnight, today = self.texts, self._day, self.midnight, self.today_ordinal
        fast_claim = FAST_CLAIM.total_seconds()
        challenges: list[tuple] = []
        events: list[tuple] = []
        points: list[tuple] = []
        for index, pk in zip(indexes, ids, strict=True):
            if pinned is not None and index < len(PINNED):
                holder, status = pinned, PINNED[index]
            else:
                holder, status = holders[index % n_holders], status_bag[int(r() * n_status)]
            category = category_bag[int(r() * n_category)]
            options = texts[category]
            title, description = options[int(r() * len(options))]
            mode = MATERIAL_MODES[int(r() * 10)] if category == "material" else "gift"
            span = now - max(holder.since, now - HISTORY_DAYS * D)
            claimant = claimant_user = claimed = delivered = confirmed = closed = None
            if status == ST.OPEN:
                created = now - r() * min(10 * D, span)
                needed = today + 3 + int(r() * 43)
            elif status == ST.CLAIMED:
                created = now - 2 * H - r() * max(0.0, min(14 * D, span) - 2 * H)
                claimed = created + self._delay()
                if claimed > now - 60:
                    claimed = created + (now - 60 - created) * r()
                needed = today + 1 + int(r() * 30)
            elif status == ST.DELIVERED:
                created = now - 2 * D - r() * max(0.0, min(20 * D, span) - 2 * D)
                claimed = created + min(self._delay(), (now - created) * 0.5)
                delivered = claimed + (now - claimed) * (0.1 + 0.8 * r())
                needed = today + int(r() * 20)
            elif status == ST.CONFIRMED:
                created = now - 12 * D - r() * max(0.0, span - 12 * D)
                claimed = created + self._delay()
                delivered = claimed + 2 * H + r() * 3 * D if r() < 0.8 else None
                confirmed = (delivered or claimed) + H + r() * 2 * D
                needed = today + int((created - midnight) // D) + 3 + int(r() * 28)
            elif status == ST.EXPIRED:
                created = now - 35 * D - r() * max(0.0, span - 35 * D)
                needed = today + int((created - midnight) // D) + 3 + int(r() * 19)
                # the nightly expiry job ran in the small hours after the date passed
                closed = midnight + (needed + 1 - today) * D + 2 * H
            else:  # cancelled, a fifth of them after someone had claimed it
                created = now - 3 * D - r() * max(0.0, span - 3 * D)
                closed = created + H + r() * (2 * D - H)
                if n_supporters and r() < 0.2:
                    claimed = created + (closed - created) * 0.8 * r()
                needed = today + int((created - midnight) // D) + 3 + int(r() * 28)
            if claimed is not None:
                # popular supporters claim more: the product of two uniforms leans towards the first ones
                claimant, claimant_user = supporters[int(n_supporters * r() * r())]
            coach_user = holder.coach_user_id
            created_at = stamp(created, UTC)
            events.append((pk, EV["POSTED"], coach_user, created_at))
            if claimed is not None:
                if r() < 0.04 and n_supporters > 1:
                    # an earlier claimant gave it back first
                    _other, other_user = supporters[int(n_supporters * r())]
                    events.append(
                        (pk, EV["CLAIMED"], other_user, stamp(created + (claimed - created) * 0.3, UTC))
                    )
                    events.append(
                        (pk, EV["RELEASED"], other_user, stamp(created + (claimed - created) * 0.6, UTC))
                    )
                claimed_at = stamp(claimed, UTC)
                events.append((pk, EV["CLAIMED"], claimant_user, claimed_at))
            else:
                claimed_at = None
            delivered_at = None
            if delivered is not None:
                delivered_at = stamp(delivered, UTC)
                events.append((pk, EV["DELIVERED"], claimant_user, delivered_at))
            confirmed_at = closed_at = None
            last = claimed_at or created_at
            if confirmed is not None:
                last = confirmed_at = stamp(confirmed, UTC)
                event_index = len(events)
                events.append((pk, EV["CONFIRMED"], coach_user, confirmed_at))
                points.append((event_index, claimant, POINTS_FOR_CONFIRMED, CONFIRMED_REASON, confirmed_at))
                if claimed - created <= fast_claim:
                    points.append((event_index, claimant, POINTS_SPEED_BONUS, SPEED_REASON, confirmed_at))
            elif closed is not None:
                last = closed_at = stamp(closed, UTC)
                if status == ST.EXPIRED:
                    events.append((pk, EV["EXPIRED"], None, closed_at))
                else:
                    events.append((pk, EV["CANCELLED"], coach_user, closed_at))
            elif delivered_at is not None:
                last = delivered_at
            challenges.append(
                (
                    pk,
                    created_at,
                    last,
                    city_id,
                    holder.family_id,
                    holder.district_id,
                    coach_user,
                    title,
                    description,
                    category,
                    mode,
                    day(needed),
                    status,
                    claimant,
                    claimed_at,
                    delivered_at,
                    confirmed_at,
                    closed_at,
                )
            )
        return challenges, events, points
