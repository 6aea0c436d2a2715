"""The challenge jobs through Redis and a real Celery worker: delivered more than once, paid once.

The worker runs in a thread of this process against the same test database, so the tests commit for
real (transaction=True). Each test gets its own queue, so a worker of another test run sharing the
Redis server cannot take these messages (and this worker cannot take theirs).
"""

import datetime
import threading
import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connection
from django.utils import timezone

from challenges.models import Challenge, ChallengeEvent, PointsEntry
from challenges.services import challenge_claim, challenge_confirm
from challenges.tasks import award_points_for_event, expire_overdue_challenges
from genk_village.celery import app
from tests.challenges.factories import ChallengeFactory
from tests.families.factories import FamilyFactory
from tests.supporters.factories import SupporterFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 20


class Runs:
    """What the worker ran: (task name, return value), in order; set by the task_postrun signal."""

    def __init__(self):
        self.done: list[tuple[str, object]] = []
        self.changed = threading.Condition()

    def record(self, sender=None, retval=None, **_kwargs):
        with self.changed:
            self.done.append((sender.name, retval))
            self.changed.notify_all()
        # The worker's thread keeps its own database connection; close it, or the test database
        # cannot be flushed and dropped at the end of the run.
        connection.close()

    def wait_for(self, name: str, count: int) -> list[object]:
        with self.changed:
            self.changed.wait_for(lambda: len(self.of(name)) >= count, timeout=WAIT_SECONDS)
            return self.of(name)

    def of(self, name: str) -> list[object]:
        return [retval for task, retval in self.done if task == name]


@pytest.fixture
def worker_runs():
    """A real worker consuming a queue of its own; yields the record of the tasks it ran."""
    queue = f"genk-village-test-{uuid.uuid4().hex[:12]}"
    runs = Runs()
    saved = {key: app.conf[key] for key in ("task_default_queue", "worker_hijack_root_logger")}
    app.conf.task_default_queue = queue  # where .delay() sends, read at every send
    app.conf.worker_hijack_root_logger = False  # leave pytest's log capture in place
    task_postrun.connect(runs.record, weak=False)
    try:
        with start_worker(
            app,
            pool="solo",
            queues=[queue],
            perform_ping_check=False,
            shutdown_timeout=30,
            loglevel="WARNING",
        ):
            yield runs
    finally:
        task_postrun.disconnect(runs.record)
        app.conf.update(saved)
        # Declared again first so that this channel knows the bindings it then removes from Redis.
        with app.connection_for_write() as conn:
            bound = app.amqp.queues[queue](conn.default_channel)
            bound.declare()
            bound.delete()


def wait_until(condition, timeout: float = WAIT_SECONDS) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_a_confirmation_delivered_three_times_is_paid_once(worker_runs, city, district, coordinator):
    assert app.conf.task_always_eager is False
    challenge = ChallengeFactory(family=FamilyFactory(city=city, district=district))
    helper = SupporterFactory(city=city)
    challenge_claim(challenge=challenge, supporter=helper, actor=helper.user)

    challenge_confirm(challenge=challenge, actor=coordinator)  # enqueues the award once it has committed
    event = ChallengeEvent.objects.get(challenge=challenge, kind=ChallengeEvent.Kind.CONFIRMED)
    award_points_for_event.delay(event.pk)
    award_points_for_event.delay(event.pk)

    paid = worker_runs.wait_for(award_points_for_event.name, 3)
    assert sorted(paid) == [0, 0, 2]  # one delivery paid both awards; the other two found them paid
    assert wait_until(lambda: PointsEntry.objects.filter(challenge_event=event).count() >= 2)
    time.sleep(0.5)  # nothing else is on its way: a late duplicate would show up here
    entries = PointsEntry.objects.filter(challenge_event=event)
    assert sorted(entries.values_list("reason", "points")) == [
        ("challenge_confirmed", 10),
        ("speed_bonus", 5),
    ]
    assert set(entries.values_list("supporter_id", flat=True)) == {helper.pk}


def test_the_worker_expires_an_overdue_open_challenge(worker_runs, city, district):
    assert app.conf.task_always_eager is False
    overdue = ChallengeFactory(
        family=FamilyFactory(city=city, district=district),
        needed_by=timezone.localdate() - datetime.timedelta(days=2),
    )

    expire_overdue_challenges.delay()

    assert worker_runs.wait_for(expire_overdue_challenges.name, 1) == [1]
    overdue.refresh_from_db()
    assert overdue.status == Challenge.Status.EXPIRED
    assert overdue.closed_at is not None
    assert overdue.events.filter(kind=ChallengeEvent.Kind.EXPIRED).count() == 1
