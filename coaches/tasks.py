"""Coach and match jobs: each takes ids, loads, and delegates to a service; each is safe to run twice."""

from smtplib import SMTPException

from celery import shared_task

from . import services

# Only a failing mail server or a broken connection is worth a retry; everything else is a bug.
TRANSIENT = (ConnectionError, SMTPException)


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def remind_matches_without_contact() -> int:
    """Remind the coach of every active match without a contact for 30 days, once per silence."""
    return services.reminders_send_no_contact()


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def remind_support_moments() -> int:
    """Remind the coach of each active match a few days before a contact moment not yet met, once."""
    return services.reminders_send_support_moments()


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def offer_rematches() -> int:
    """Propose a new shortlist to each family that wanted one at its match's closure, once the pause is
    over; a family still without a free coach is tried again the next day."""
    return services.match_rematch_offers_send()


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def remind_screening_lapses() -> int:
    """Warn a candidate coach and the coordinators a week before the extract gets too old."""
    return services.reminders_send_screening_lapse()


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def send_coordinator_digests() -> int:
    """Each coordinator's weekly digest, once per ISO week."""
    return services.coordinator_digests_send()


@shared_task(acks_late=True)
def run_batch(run_id: int) -> int:
    """Run a coordinator's batch (shortlists or a balanced suggestion); a finished batch is not redone."""
    run = services.batch_run_execute(run_id=run_id)
    return run.done if run else 0


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def notify_chosen_coach(match_id: int) -> bool:
    """Tell the chosen coach that a family chose them, once per match, while it waits for their answer."""
    return services.match_notify_chosen_coach(match_id=match_id)
