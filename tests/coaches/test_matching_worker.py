"""Matching jobs through Redis and a real Celery worker: a batch delivered twice proposes once, and the
reminder job run twice sends one reminder. Uses the worker fixture of the challenge jobs' tests."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from coaches.models import BatchRun, ContactLog, Match
from coaches.services import batch_run_start
from coaches.tasks import remind_matches_without_contact, run_batch
from families.models import Family
from genk_village.celery import app
from tests.challenges.test_worker import wait_until, worker_runs  # noqa: F401 (a fixture)
from tests.coaches.factories import ReadyCoachFactory
from tests.families.factories import FamilyFactory
from tests.genk_village.factories import language

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_a_shortlist_batch_delivered_twice_proposes_once_with_its_progress(
    worker_runs,  # noqa: F811
    city,
    district,
    coordinator,
    settings,
):
    assert app.conf.task_always_eager is False
    settings.SHORTLIST_SIZE = 2
    families = FamilyFactory.create_batch(3, city=city, district=district, status=Family.Status.MATCHING)
    dutch = language("nl")
    for index in range(4):
        ReadyCoachFactory(city=city, display_name=f"Coach {index}", capacity=3).languages.set([dutch])
    run = batch_run_start(
        city=city, kind=BatchRun.Kind.SHORTLISTS, family_ids=[f.pk for f in families], actor=coordinator
    )
    run_batch.delay(run.pk)  # a duplicate delivery of the same batch

    done = worker_runs.wait_for(run_batch.name, 2)
    assert sorted(done) == [0, 3]  # one delivery did the work, the other found it done
    run.refresh_from_db()
    assert (run.status, run.done, run.total) == (BatchRun.Status.DONE, 3, 3)
    for family in families:
        assert Match.objects.filter(family=family, status=Match.Status.PROPOSED).count() == 2


def test_the_reminder_job_run_twice_by_the_worker_sends_one_reminder(worker_runs, city, district):  # noqa: F811
    coach = ReadyCoachFactory(city=city, active_matches=1)
    family = FamilyFactory(city=city, district=district, status=Family.Status.MATCHED)
    match = Match.objects.create(
        family=family,
        coach=coach,
        status=Match.Status.ACTIVE,
        started_on=timezone.localdate() - datetime.timedelta(days=60),
    )
    ContactLog.objects.create(
        match=match,
        kind=ContactLog.Kind.VISIT,
        happened_on=timezone.localdate() - datetime.timedelta(days=45),
    )
    remind_matches_without_contact.delay()
    remind_matches_without_contact.delay()
    assert sorted(worker_runs.wait_for(remind_matches_without_contact.name, 2)) == [0, 1]
    assert wait_until(lambda: len(mail.outbox) == 1)
    assert mail.outbox[0].to == [coach.user.email]
