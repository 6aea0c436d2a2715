"""The back office's service actions: each selected row goes through its service, refusals become messages."""

import datetime

from django.urls import reverse
from django.utils import timezone

from coaches.models import Coach
from genk_village.models import AuditEntry
from tests.coaches.factories import CoachFactory


def _act(client, model: str, action: str, *pks):
    return client.post(
        reverse(f"admin:{model}_changelist"), {"action": action, "_selected_action": list(pks)}, follow=True
    )


def test_a_coordinator_approves_a_screened_coach_and_a_refusal_names_the_other(client, coordinator, city):
    today = timezone.localdate()
    screened = CoachFactory(
        city=city,
        display_name="Mehmet",
        interview_on=today,
        references_checked=True,
        criminal_record_extract_on=today - datetime.timedelta(days=3),
    )
    unscreened = CoachFactory(city=city, display_name="Lotte")
    client.force_login(coordinator)

    page = _act(client, "coaches_coach", "approve_screening", screened.pk, unscreened.pk).content.decode()

    screened.refresh_from_db()
    unscreened.refresh_from_db()
    assert screened.screening_status == Coach.Screening.APPROVED
    assert unscreened.screening_status == Coach.Screening.APPLIED
    assert "1 coach approved" in page and "Lotte" in page
    assert (
        AuditEntry.objects.filter(action="coaches.coach.screening_approved", actor=coordinator).count() == 1
    )


def test_a_coordinator_approves_a_supporter_once(client, coordinator, supporter):
    client.force_login(coordinator)

    _act(client, "supporters_supporter", "approve", supporter.supporter.pk)
    _act(client, "supporters_supporter", "approve", supporter.supporter.pk)

    supporter.supporter.refresh_from_db()
    assert supporter.supporter.approved_at is not None
    assert AuditEntry.objects.filter(action="supporters.supporter.approved").count() == 1
