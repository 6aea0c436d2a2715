"""What a challenge's people are told as it moves: the coach when a supporter takes or delivers it, the
claimant when the coach confirms it, with the points. Once per event: the notification's unique key."""

from django.db.models import Sum
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from supporters.models import NotificationKind
from supporters.notifications import notify

from .conversation import coach_users
from .models import ChallengeEvent, PointsEntry


def challenge_event_notify(*, event: ChallengeEvent) -> int:
    """Tell the other side about a claim, a delivery or a confirmation; a rerun tells nobody twice."""
    challenge = event.challenge
    if challenge.claimant_id is None:
        return 0
    if event.kind == ChallengeEvent.Kind.CONFIRMED:
        return _tell_claimant_confirmed(event)
    if event.kind not in (ChallengeEvent.Kind.CLAIMED, ChallengeEvent.Kind.DELIVERED):
        return 0
    sent = 0
    for coach in coach_users(challenge):
        with translation.override(coach.language):
            if event.kind == ChallengeEvent.Kind.CLAIMED:
                title = _("“%(title)s” is taken by %(name)s")
                body = _("Arrange the hand-over in the conversation on the challenge's page.")
            else:
                title = _("“%(title)s” is delivered, says %(name)s")
                body = _("Check with the family, then confirm it.")
            sent += bool(
                notify(
                    user=coach,
                    kind=NotificationKind.TAKEN,
                    key=f"{event.kind}:{event.pk}",
                    title=title % {"title": challenge.title, "name": challenge.claimant.display_name},
                    body=body,
                    url=reverse("coaches:challenge_detail", args=[challenge.pk]),
                    challenge=challenge,
                )
            )
    return sent


def _tell_claimant_confirmed(event: ChallengeEvent) -> int:
    challenge = event.challenge
    user = challenge.claimant.user
    points = PointsEntry.objects.filter(challenge_event=event).aggregate(total=Sum("points"))["total"] or 0
    with translation.override(user.language):
        title = _("Thank you! “%(title)s” is confirmed") % {"title": challenge.title}
        body = translation.ngettext(
            "The coach confirmed your help. You earned %(points)d point.",
            "The coach confirmed your help. You earned %(points)d points.",
            points,
        ) % {"points": points}
        told = notify(
            user=user,
            kind=NotificationKind.CONFIRMED,
            key=f"confirmed:{event.pk}",
            title=title,
            body=body,
            url=reverse("challenges:progress"),
            challenge=challenge,
        )
    return int(told is not None)
