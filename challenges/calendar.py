"""This app's events in the personal calendar feeds (genk_village.calendar): for a supporter the
challenges they hold (their needed-by day) and the agreed hand-overs; for a coach their family's agreed
hand-overs. Titles are screened texts; no event names, addresses or otherwise points to the family."""

import datetime

from django.conf import settings
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from families.models import coach_sees

from .models import Challenge, HandoverMessage

HANDOVER_LENGTH = datetime.timedelta(hours=1)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def events_for(user) -> list[dict]:
    events = []
    if user.is_supporter:
        events += _supporter_events(user)
    if user.is_coach:
        events += _coach_events(user)
    return events


def _handover(message: HandoverMessage, url: str) -> dict:
    challenge = message.challenge
    return {
        "uid": f"handover-{message.pk}",
        "summary": _("Hand-over: %(title)s") % {"title": challenge.title},
        "start": message.proposed_start,
        "end": message.proposed_start + HANDOVER_LENGTH,
        "description": f"{message.proposed_place} · {challenge.district.name}",
        "url": url,
    }


def _agreed():
    """Accepted proposals of the conversation with the current claimant, of challenges still under way."""
    return HandoverMessage.objects.filter(
        accepted_at__isnull=False,
        supporter_id=F("challenge__claimant_id"),
        challenge__status__in=[Challenge.Status.CLAIMED, Challenge.Status.DELIVERED],
        challenge__hidden_at__isnull=True,
    ).select_related("challenge__district")


def _supporter_events(user) -> list[dict]:
    held = Challenge.objects.filter(
        claimant__user=user,
        status__in=[Challenge.Status.CLAIMED, Challenge.Status.DELIVERED],
        hidden_at__isnull=True,
    ).select_related("district")
    events = [
        {
            "uid": f"needed-by-{challenge.pk}-{challenge.claimant_id}",
            "summary": _("Needed by today: %(title)s") % {"title": challenge.title},
            "start": challenge.needed_by,
            "end": None,
            "description": challenge.district.name,
            "url": _absolute(reverse("challenges:conversation", args=[challenge.pk])),
        }
        for challenge in held
    ]
    for message in _agreed().filter(supporter__user=user):
        events.append(
            _handover(message, _absolute(reverse("challenges:conversation", args=[message.challenge_id])))
        )
    return events


def _coach_events(user) -> list[dict]:
    return [
        _handover(message, _absolute(reverse("coaches:challenge_detail", args=[message.challenge_id])))
        for message in _agreed().filter(coach_sees(user, "challenge__family"))
    ]
