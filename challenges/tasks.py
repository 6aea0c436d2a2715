"""Challenge jobs: each takes ids, loads, and delegates to a service; each is safe to run twice."""

from celery import shared_task

from .models import ChallengeEvent
from .services import challenges_expire_overdue, points_award_for_event


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def award_points_for_event(event_id: int) -> int:
    """Award the points of a confirmed challenge; a second run finds them paid and adds nothing."""
    event = ChallengeEvent.objects.select_related("challenge").filter(pk=event_id).first()
    if event is None:
        return 0
    return len(points_award_for_event(event=event))


@shared_task
def expire_overdue_challenges() -> int:
    """Expire open challenges past their date; picks every overdue row, so a missed run catches up."""
    return challenges_expire_overdue()
