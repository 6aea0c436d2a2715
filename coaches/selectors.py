"""Reads for the coach's pages: the families a coach is matched with, and what belongs to them.

Every read starts from `visible_to(user)`, so the coach rule (`families.models.coach_sees`) holds here too.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from challenges.models import Challenge
from families.models import Family, Goal, Guardian, Offer

from .models import Coach, ContactLog, Match, SupportRequest


def coach_profile(user) -> Coach | None:
    """The coach profile of a signed-in coach, or None when the coordinator has not made one yet."""
    return Coach.objects.visible_to(user).filter(user=user).first()


def coach_matches(user):
    """The coach's active matches with a family they may see, longest-running first (a coach with a
    capacity of more than one has several)."""
    return (
        Match.objects.visible_to(user)
        .filter(
            coach__user=user,
            status=Match.Status.ACTIVE,
            family__in=Family.objects.visible_to(user),
        )
        .select_related("family__district", "coach")
        .order_by("started_on", "id")
    )


def coach_family(user, family_id: int | None = None) -> Family | None:
    """The family the coach's pages work on, read through `Family.objects.visible_to` so the privacy rule
    holds: the one chosen (`family_id`) when it is one of the coach's active matches, else the
    longest-running one. `family.coach_matches` holds all of the coach's active matches, for the switcher."""
    matches = list(coach_matches(user))  # a coach has one family or a few: read them all, once
    if not matches:
        return None
    match = next((match for match in matches if match.family_id == family_id), matches[0])
    family = match.family
    family.active_match = match
    family.coach_matches = matches
    return family


def coach_home(user, family_id: int | None = None) -> Family | None:
    """Everything the coach's home shows, in a constant number of queries whatever the family's size."""
    found = coach_family(user, family_id)
    if found is None:
        return None
    family = (
        Family.objects.visible_to(user)
        .filter(pk=found.pk)
        .select_related("district")
        .prefetch_related(
            "children",
            Prefetch("guardians", queryset=Guardian.objects.order_by("id")),
            Prefetch("goals", queryset=Goal.objects.order_by("domain", "id")),
        )
        .annotate(
            challenges_open=_challenges_counted([Challenge.Status.OPEN]),
            challenges_claimed=_challenges_counted([Challenge.Status.CLAIMED]),
            challenges_delivered=_challenges_counted([Challenge.Status.DELIVERED]),
        )
        .get()
    )
    family.active_match = found.active_match
    family.coach_matches = found.coach_matches
    family.last_contact_on = last_contact_on(found.active_match, user)
    return family


def _challenges_counted(statuses: list[str]):
    """How many of the family's challenges are in these states: a count on the (family, status) index,
    not a join that reads every challenge the family ever had."""
    of_family = Challenge.objects.filter(family=OuterRef("pk"), status__in=statuses).order_by()
    return Coalesce(Subquery(of_family.values("family").annotate(n=Count("*")).values("n")), 0)


def chosen_match(user) -> Match | None:
    """The match a family chose this coach in and the coach has not answered yet (oldest choice first).

    Only its id is read: the respond page decides what the coach may see of the family.
    """
    return (
        Match.objects.visible_to(user)
        .filter(coach__user=user, status=Match.Status.CHOSEN)
        .only("id")
        .order_by("chosen_at", "id")
        .first()
    )


def family_challenges(family: Family, user):
    """The family's challenges as the coach may see them, with the claimant's name for the hand-over."""
    return Challenge.objects.visible_to(user).filter(family=family).select_related("claimant__user")


# The coach's list: what waits for the coach first (delivered: to confirm; claimed: to hand over), then
# the rest; newest first within each part. Each part is read along its index (challenge_family_status_idx,
# challenge_family_recent_idx), never sorted as a whole: a family's list grows for years.
_WAITING = [Challenge.Status.DELIVERED, Challenge.Status.CLAIMED]
LIST_PARTS = (
    Q(status=Challenge.Status.DELIVERED),
    Q(status=Challenge.Status.CLAIMED),
    ~Q(status__in=_WAITING),
)
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class ListCursor:
    """Where a page of the coach's list ends: its part, and the last challenge's creation time and id."""

    part: int
    created_at: datetime.datetime
    pk: int

    def encode(self) -> str:
        return f"{self.part}_{(self.created_at - _EPOCH) // datetime.timedelta(microseconds=1)}_{self.pk}"

    @classmethod
    def decode(cls, value: str | None) -> "ListCursor | None":
        """A mangled cursor starts from the top rather than failing."""
        try:
            part, micros, pk = (int(piece) for piece in (value or "").split("_"))
            at = _EPOCH + datetime.timedelta(microseconds=micros)
        except (ValueError, OverflowError):
            return None
        return cls(part, at, pk) if 0 <= part < len(LIST_PARTS) else None


def family_challenges_page(
    family: Family, user, *, after: ListCursor | None = None, size: int = 20
) -> tuple[list[Challenge], ListCursor | None]:
    """One page of the coach's list after `after`, and the cursor of the next page (None on the last).
    At most one query per part, whatever the page size or the length of the family's history."""
    found: list[tuple[int, Challenge]] = []
    for part in range(after.part if after else 0, len(LIST_PARTS)):
        rows = family_challenges(family, user).filter(LIST_PARTS[part])
        if after and part == after.part:
            rows = rows.filter(
                Q(created_at__lt=after.created_at) | Q(created_at=after.created_at, pk__lt=after.pk)
            )
        found += [(part, row) for row in rows.order_by("-created_at", "-id")[: size + 1 - len(found)]]
        if len(found) > size:
            break
    more = len(found) > size
    found = found[:size]
    last_part, last = found[-1] if found else (0, None)
    return [row for _part, row in found], ListCursor(last_part, last.created_at, last.pk) if more else None


def family_offers(family: Family, user):
    return Offer.objects.visible_to(user).filter(family=family).order_by("-created_at", "-id")


def my_contacts(match: Match, user, *, limit: int = 5):
    """A coach's own recent contacts with the family: notes are shown to their author only."""
    contacts = ContactLog.objects.visible_to(user).filter(match=match, author=user)
    return contacts.order_by("-happened_on", "-id")[:limit]


def last_contact_on(match: Match, user):
    contacts = ContactLog.objects.visible_to(user).filter(match=match)
    return contacts.aggregate(last=Max("happened_on"))["last"]


def my_questions(user):
    """A coach's own questions to the think tank, with the answers."""
    return SupportRequest.objects.visible_to(user).filter(coach__user=user).order_by("-created_at", "-id")
