"""Reading a challenge's history and the points ledger, for the service tests."""

import datetime
import zoneinfo

from challenges.models import Challenge, ChallengeEvent, PointsEntry

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
POSTED_AT = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=BRUSSELS)


def kinds(challenge: Challenge) -> list[str]:
    return list(challenge.events.order_by("created_at", "id").values_list("kind", flat=True))


def ledger(event: ChallengeEvent) -> dict[str, int]:
    return dict(PointsEntry.objects.filter(challenge_event=event).values_list("reason", "points"))


def balance(supporter) -> int:
    return sum(PointsEntry.objects.filter(supporter=supporter).values_list("points", flat=True))


def confirmed_event(challenge: Challenge) -> ChallengeEvent:
    return challenge.events.get(kind=ChallengeEvent.Kind.CONFIRMED)
