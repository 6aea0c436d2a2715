"""Challenge jobs: each takes ids, loads, and delegates to a service; each is safe to run twice."""

from celery import shared_task

from .distribution import (
    challenge_notify_fitting,
    challenges_alert_unclaimed,
    challenges_unannounced,
    challenges_widen_unclaimed,
    digests_send,
)
from .models import Challenge, ChallengeEvent, Pledge
from .notices import challenge_event_notify
from .services import (
    badges_award,
    challenges_expire_overdue,
    points_award_for_event,
    points_award_for_pledge,
)


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def award_points_for_event(event_id: int) -> int:
    """Award the points of a confirmed challenge, then the badges they unlock, then tell the claimant
    with the points; a second run adds nothing and tells nobody twice."""
    event = ChallengeEvent.objects.select_related("challenge__claimant__user").filter(pk=event_id).first()
    if event is None:
        return 0
    entries = points_award_for_event(event=event)
    if event.challenge.claimant is not None:
        badges_award(supporter=event.challenge.claimant)
        challenge_event_notify(event=event)
    return len(entries)


@shared_task
def tell_about_event(event_id: int) -> int:
    """Tell the family's coach that a supporter took or delivered a challenge; a rerun tells nobody twice."""
    event = ChallengeEvent.objects.select_related("challenge__claimant__user").filter(pk=event_id).first()
    return challenge_event_notify(event=event) if event else 0


@shared_task
def expire_overdue_challenges() -> int:
    """Expire open challenges past their date; picks every overdue row, so a missed run catches up."""
    return challenges_expire_overdue()


@shared_task
def match_challenge(challenge_id: int) -> int:
    """Notify the best few supporters who fit a newly opened challenge; a rerun notifies nobody twice."""
    challenge = Challenge.objects.select_related("district").filter(pk=challenge_id).first()
    return challenge_notify_fitting(challenge=challenge) if challenge else 0


@shared_task
def match_recent_challenges() -> int:
    """Catch-up for match_challenge: open challenges of the last two days that nobody was told about."""
    return sum(challenge_notify_fitting(challenge=challenge) for challenge in challenges_unannounced())


@shared_task
def widen_unclaimed_challenges() -> int:
    """Open for 48 hours: tell the wider circle; picks every overdue challenge not widened yet."""
    return challenges_widen_unclaimed()


@shared_task
def alert_unclaimed_challenges() -> int:
    """Open for 72 hours: alert the coordinators; once per challenge."""
    return challenges_alert_unclaimed()


@shared_task
def send_digests() -> int:
    """The daily digest for supporters who prefer it; once per person per day."""
    return digests_send()


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def award_points_for_pledge(pledge_id: int) -> int:
    """Award a pledge's points; a second run finds them paid and adds nothing."""
    pledge = Pledge.objects.filter(pk=pledge_id).first()
    return len(points_award_for_pledge(pledge=pledge)) if pledge else 0
