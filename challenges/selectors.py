"""Reads about challenges and the points ledger that span models: the supporters' board, my challenges,
the offers board, my points and progress, the group ranking and the figures behind the badges."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, F, OuterRef, Q, Sum, When
from django.utils import timezone

from families.models import Offer
from supporters.models import AwardedBadge, GroupMembership, Supporter

from .models import Challenge, OfferAnswer, PointsEntry

BOARD_PAGE_SIZE = 20
# My challenges: everything in my hands (a safety cap far above what one person holds), the latest done.
IN_HAND_SHOWN = 100
DONE_SHOWN = 10
# The only fields a card shows: what is needed, by when, where. Nothing that identifies the family.
CARD_FIELDS = (
    "id", "title", "description", "category", "exchange_mode", "needed_by", "status", "district__name",
    "target_quantity", "pledged_quantity",
)  # fmt: skip


def points_balance(supporter: Supporter) -> int:
    """A balance is the sum of the append-only ledger; it is never stored, so it cannot drift."""
    return PointsEntry.objects.filter(supporter=supporter).aggregate(total=Sum("points"))["total"] or 0


def points_of_user(user) -> int:
    """The "points" of /api/v1/me/: a supporter's balance, 0 for everyone else."""
    supporter = getattr(user, "supporter", None) if user.is_supporter else None
    return points_balance(supporter) if supporter else 0


def points_entries(supporter: Supporter):
    return PointsEntry.objects.filter(supporter=supporter).order_by("-created_at", "-id")


@dataclass(frozen=True)
class BoardFilters:
    category: str = ""
    district_id: int | None = None
    needed_by: datetime.date | None = None
    exchange_mode: str = ""
    fits_me: bool = False
    after: tuple[datetime.date, int] | None = None


def board_page(
    *, user, supporter: Supporter, filters: BoardFilters, size: int = BOARD_PAGE_SIZE
) -> tuple[list[Challenge], tuple[datetime.date, int] | None]:
    """Open challenges of the supporter's city, most urgent first, keyset-paginated on (needed_by, id).

    One query per page whatever its size: the district comes with a join, the card shows nothing else.
    """
    queryset = Challenge.objects.visible_to(user).filter(
        Q(target_quantity__isnull=True)
        | Q(pledged_quantity__lt=F("target_quantity")),  # complete: off the board
        city_id=supporter.city_id,
        status=Challenge.Status.OPEN,
        needed_by__gte=timezone.localdate(),
    )
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    if filters.district_id:
        queryset = queryset.filter(district_id=filters.district_id)
    if filters.needed_by:
        queryset = queryset.filter(needed_by__lte=filters.needed_by)
    if filters.exchange_mode:
        queryset = queryset.filter(exchange_mode=filters.exchange_mode)
    if filters.fits_me:
        queryset = _fitting(queryset, supporter)
    if filters.after:
        day, pk = filters.after
        queryset = queryset.filter(Q(needed_by__gt=day) | Q(needed_by=day, pk__gt=pk))
    rows = list(
        queryset.select_related("district").only(*CARD_FIELDS).order_by("needed_by", "id")[: size + 1]
    )
    more = len(rows) > size
    rows = rows[:size]
    return rows, ((rows[-1].needed_by, rows[-1].pk) if more else None)


def _fitting(queryset, supporter: Supporter):
    """ "Fits me": a category I can do and a district I go to; a profile that names none fits every one."""
    if supporter.categories:
        queryset = queryset.filter(category__in=supporter.categories)
    district_ids = list(supporter.districts.values_list("pk", flat=True))
    if district_ids:
        queryset = queryset.filter(district_id__in=district_ids)
    return queryset


def my_challenges(*, user, supporter: Supporter) -> list[Challenge]:
    """The challenges in my hands, claimed first (they need me) then delivered, soonest needed first; then
    the latest ones done. Done ones are only a reminder, so a long history never buries what is in hand."""
    mine = (
        Challenge.objects.visible_to(user)
        .filter(claimant=supporter)
        .select_related("district")
        .only(*CARD_FIELDS, "status", "claimed_at", "delivered_at", "confirmed_at")
    )
    in_hand = mine.filter(status__in=[Challenge.Status.CLAIMED, Challenge.Status.DELIVERED]).order_by(
        Case(When(status=Challenge.Status.CLAIMED, then=0), default=1), "needed_by", "id"
    )
    done = mine.filter(status=Challenge.Status.CONFIRMED).order_by("-confirmed_at", "-id")
    return [*in_hand[:IN_HAND_SHOWN], *done[:DONE_SHOWN]]


def supporter_progress(*, supporter: Supporter, today: datetime.date | None = None) -> dict:
    """My own figures: balance, this month's points, helps done, badges earned and the latest entries."""
    today = today or timezone.localdate()
    month_start = today.replace(day=1)
    totals = PointsEntry.objects.filter(supporter=supporter).aggregate(
        balance=Sum("points"),
        month=Sum("points", filter=Q(created_at__date__gte=month_start)),
        helps=Count("pk", filter=Q(reason=PointsEntry.Reason.CHALLENGE_CONFIRMED)),
        fast=Count("pk", filter=Q(reason=PointsEntry.Reason.SPEED_BONUS)),
    )
    return {
        "balance": totals["balance"] or 0,
        "month": totals["month"] or 0,
        "helps": totals["helps"],
        "fast": totals["fast"],
        "badges": list(
            AwardedBadge.objects.filter(supporter=supporter).select_related("badge").order_by("created_at")
        ),
        "entries": list(PointsEntry.objects.filter(supporter=supporter).order_by("-created_at", "-id")[:10]),
    }


@dataclass(frozen=True)
class GroupRank:
    position: int
    group_id: int
    name: str
    points: int


def group_ranking(*, city_id: int, today: datetime.date | None = None, top: int = 10) -> list[GroupRank]:
    """This month's points of each group: its own and its members'. Groups without points are not listed,
    so a group that has just started is never shown at the bottom."""
    today = today or timezone.localdate()
    month_start = today.replace(day=1)
    groups = dict(
        Supporter.objects.filter(city_id=city_id, kind=Supporter.Kind.GROUP).values_list("pk", "display_name")
    )
    if not groups:
        return []
    members = defaultdict(set)
    for group_id, member_id in GroupMembership.objects.filter(group_id__in=groups).values_list(
        "group_id", "member_id"
    ):
        members[group_id].add(member_id)
    contributors = set(groups) | {member for ids in members.values() for member in ids}
    earned = dict(
        PointsEntry.objects.filter(supporter_id__in=contributors, created_at__date__gte=month_start)
        .values("supporter_id")
        .annotate(total=Sum("points"))
        .values_list("supporter_id", "total")
    )
    totals = {
        group_id: earned.get(group_id, 0) + sum(earned.get(member, 0) for member in members[group_id])
        for group_id in groups
    }
    ranked = sorted(
        ((points, groups[pk], pk) for pk, points in totals.items() if points > 0), key=lambda r: (-r[0], r[1])
    )
    return [
        GroupRank(position, pk, name, points) for position, (points, name, pk) in enumerate(ranked[:top], 1)
    ]


def offers_open_for(*, supporter: Supporter, limit: int = 100) -> list:
    """Open offers of families of my city: what is offered and the district, never which family.

    Only the district's name is read from the family side, so nothing identifying reaches the page."""
    answered = OfferAnswer.objects.filter(offer=OuterRef("pk"), supporter=supporter)
    return list(
        Offer.objects.filter(family__city_id=supporter.city_id, status=Offer.Status.OPEN)
        .select_related("family__district")
        .only("id", "title", "description", "exchange_mode", "created_at", "family__district__name")
        .annotate(answered=Exists(answered))
        .order_by("-created_at", "-id")[:limit]
    )


# A group's own account earns this badge when the group and its members have done this many together.
GROUP_MILESTONE = 10


def badges_due(supporter: Supporter) -> set[str]:
    """Which badges the ledger entitles a supporter to; the ledger is the only source of truth."""
    reasons = PointsEntry.Reason
    counts = PointsEntry.objects.filter(supporter=supporter).aggregate(
        helps=Count("pk", filter=Q(reason=reasons.CHALLENGE_CONFIRMED)),
        fast=Count("pk", filter=Q(reason=reasons.SPEED_BONUS)),
    )
    due = set()
    if counts["helps"] >= 1:
        due.add("first-help")
    if counts["helps"] >= 5:
        due.add("five-helps")
    if counts["fast"] >= 1:
        due.add("fast-helper")
    if supporter.kind == Supporter.Kind.GROUP:
        team = [supporter.pk, *supporter.memberships.values_list("member_id", flat=True)]
        done = PointsEntry.objects.filter(supporter_id__in=team, reason=reasons.CHALLENGE_CONFIRMED).count()
        if done >= GROUP_MILESTONE:
            due.add("group-ten")
    return due
