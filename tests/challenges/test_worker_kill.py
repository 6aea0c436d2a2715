"""A real worker killed with SIGKILL in the middle of a batch of awards: after a restart, each paid once."""

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from challenges.models import ChallengeEvent, PointsEntry
from challenges.tasks import award_points_for_event
from tests.challenges.factories import ChallengeFactory
from tests.supporters.factories import SupporterFactory

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
BATCH = 200
VISIBILITY_TIMEOUT = 2


def _worker(queue: str) -> subprocess.Popen:
    db = connection.settings_dict
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    env = os.environ | {
        "DATABASE_URL": f"postgres://{db['USER']}@{host}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(  # noqa: S603 - the project's own celery, fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "genk_village",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_a_worker_killed_mid_batch_pays_every_award_exactly_once_after_a_restart(family, coach):
    claimant = SupporterFactory(city=family.city)
    now = timezone.now()
    events = []
    for _ in range(BATCH):
        challenge = ChallengeFactory(
            family=family, status="confirmed", claimant=claimant, claimed_at=now, confirmed_at=now
        )
        events.append(ChallengeEvent.objects.create(challenge=challenge, kind="confirmed").pk)
    queue = f"test-sigkill-{uuid.uuid4().hex[:8]}"
    for event_id in events:
        award_points_for_event.apply_async((event_id,), queue=queue)

    first = _worker(queue)
    try:
        assert _wait_for(lambda: PointsEntry.objects.count() >= BATCH // 4, timeout=60), (
            "the worker did not start"
        )
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    paid_before_restart = PointsEntry.objects.filter(reason="challenge_confirmed").count()
    assert 0 < paid_before_restart < BATCH, "kill the worker in the middle of the batch"

    second = _worker(queue)
    try:
        assert _wait_for(
            lambda: PointsEntry.objects.filter(reason="challenge_confirmed").count() == BATCH, timeout=120
        ), "not every award was paid after the restart"
        time.sleep(VISIBILITY_TIMEOUT * 2)  # any redelivered message has run by now
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=20)

    for reason in ("challenge_confirmed", "speed_bonus"):
        paid = PointsEntry.objects.filter(reason=reason)
        assert paid.count() == BATCH
        assert paid.values("challenge_event").distinct().count() == BATCH
