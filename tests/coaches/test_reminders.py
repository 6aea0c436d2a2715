"""Reminder jobs: one reminder per silence, lapsing extract and weekly digest, however often they run."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import TestCase

from coaches import tasks
from coaches.matching import check_ins_due
from coaches.models import ContactLog, Match, Reminder
from coaches.services import (
    coordinator_digests_send,
    reminders_send_no_contact,
    reminders_send_screening_lapse,
)
from tests.coaches.factories import CoachFactory, ReadyCoachFactory
from tests.families.factories import FamilyFactory

TODAY = datetime.date(2026, 3, 16)


def run(job, **kwargs):
    """Run a job as in production: its e-mails leave in their own jobs once its transaction commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return job(**kwargs)


@pytest.fixture
def silent_match(city, district):
    coach = ReadyCoachFactory(city=city, active_matches=1, user__email="quiet@example.org")
    family = FamilyFactory(city=city, district=district, status="matched")
    match = Match.objects.create(
        family=family, coach=coach, status=Match.Status.ACTIVE, started_on=TODAY - datetime.timedelta(days=90)
    )
    ContactLog.objects.create(
        match=match, kind=ContactLog.Kind.VISIT, happened_on=TODAY - datetime.timedelta(days=31)
    )
    return match


@pytest.mark.django_db
def test_the_no_contact_job_run_twice_sends_one_reminder(silent_match):
    assert run(reminders_send_no_contact, today=TODAY) == 1
    assert run(reminders_send_no_contact, today=TODAY) == 0
    assert [message.to for message in mail.outbox] == [["quiet@example.org"]]
    assert Reminder.objects.filter(kind=Reminder.Kind.NO_CONTACT, match=silent_match).count() == 1


@pytest.mark.django_db
def test_the_beat_task_run_twice_sends_one_reminder(silent_match):
    with time_machine.travel(datetime.datetime(2026, 3, 16, 8, 0, tzinfo=datetime.UTC)):
        run(tasks.remind_matches_without_contact.delay)
        run(tasks.remind_matches_without_contact.delay)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_new_silence_after_a_new_contact_reminds_again(silent_match):
    run(reminders_send_no_contact, today=TODAY)
    ContactLog.objects.create(match=silent_match, kind=ContactLog.Kind.PHONE, happened_on=TODAY)
    assert run(reminders_send_no_contact, today=TODAY + datetime.timedelta(days=10)) == 0
    assert run(reminders_send_no_contact, today=TODAY + datetime.timedelta(days=30)) == 1
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_recent_contact_sends_no_reminder(silent_match):
    ContactLog.objects.create(match=silent_match, kind=ContactLog.Kind.PHONE, happened_on=TODAY)
    assert run(reminders_send_no_contact, today=TODAY) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_lapsing_extract_warns_the_coach_and_the_coordinators_once(city, coordinator):
    CoachFactory(
        city=city,
        screening_status="screening",
        user__email="candidate@example.org",
        criminal_record_extract_on=TODAY - datetime.timedelta(days=26),
    )
    CoachFactory(city=city, criminal_record_extract_on=TODAY - datetime.timedelta(days=3))  # not yet
    assert run(reminders_send_screening_lapse, today=TODAY) == 1
    assert run(reminders_send_screening_lapse, today=TODAY + datetime.timedelta(days=1)) == 0
    assert sorted(message.to[0] for message in mail.outbox) == ["candidate@example.org", coordinator.email]


@pytest.mark.django_db
def test_the_weekly_digest_lists_the_silent_match_once_per_week(silent_match, coordinator):
    run(reminders_send_no_contact, today=TODAY)
    mail.outbox.clear()
    assert run(coordinator_digests_send, today=TODAY) == 1
    assert run(coordinator_digests_send, today=TODAY + datetime.timedelta(days=2)) == 0
    (digest,) = mail.outbox
    assert digest.to == [coordinator.email]
    assert str(silent_match.family) in digest.body
    assert "no contact logged for 30 days" in digest.body


@pytest.mark.django_db
def test_a_coordinator_with_nothing_to_report_gets_no_digest(coordinator):
    assert run(coordinator_digests_send, today=TODAY) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_check_in_is_due_monthly_in_the_first_year_only(silent_match, city):
    assert silent_match in check_ins_due(city.pk, today=TODAY)
    ContactLog.objects.create(
        match=silent_match, kind=ContactLog.Kind.CHECK_IN, happened_on=TODAY - datetime.timedelta(days=5)
    )
    assert silent_match not in check_ins_due(city.pk, today=TODAY)
    assert silent_match in check_ins_due(city.pk, today=TODAY + datetime.timedelta(days=25))
    assert silent_match not in check_ins_due(city.pk, today=TODAY + datetime.timedelta(days=400))
