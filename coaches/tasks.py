"""Coach and match jobs: each takes ids, loads, and delegates to a service; each is safe to run twice."""

from smtplib import SMTPException

from celery import shared_task
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from . import services
from .models import Match

# Only a failing mail server or a broken connection is worth a retry; everything else is a bug.
TRANSIENT = (ConnectionError, SMTPException)


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def remind_matches_without_contact() -> int:
    """Remind the coach of every active match without a contact for 30 days, once per silence."""
    return services.reminders_send_no_contact()


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
    """Tell the chosen coach that a family chose them, with the page to accept or decline.
    Only a match still waiting for the coach's answer is notified."""
    match = (
        Match.objects.select_related("coach__user").filter(pk=match_id, status=Match.Status.CHOSEN).first()
    )
    if match is None:
        return False
    user = match.coach.user
    with translation.override(user.language):
        send_mail(
            _("Genk Village: a family chose you as their coach"),
            _(
                "Hello %(name)s,\n\nA family chose you as their coach. Sign in to Genk Village and accept "
                "or decline at %(path)s"
            )
            % {"name": match.coach.display_name, "path": reverse("proposals:respond", args=[match.pk])},
            None,
            [user.email],
        )
    return True
