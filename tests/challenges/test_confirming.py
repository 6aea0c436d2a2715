"""Confirming a challenge and the points it earns: exactly once, whatever retries happen."""

import datetime

import pytest
import time_machine

from challenges.models import Challenge, PointsEntry
from challenges.services import (
    ChallengeError,
    challenge_claim,
    challenge_confirm,
    challenge_deliver,
    challenge_post,
    challenge_release,
    points_award_for_event,
)
from challenges.tasks import award_points_for_event
from tests.challenges.lifecycle import POSTED_AT, balance, confirmed_event, kinds, ledger


def post_for_next_week(family, coach, title: str, category: str) -> Challenge:
    """A challenge posted now (the tests travel to POSTED_AT first), needed within a week."""
    return challenge_post(
        family=family,
        title=title,
        category=category,
        needed_by=POSTED_AT.date() + datetime.timedelta(days=7),
        actor=coach,
    )


def test_confirming_a_delivered_challenge_awards_ten_points_and_the_speed_bonus_once(
    claimed, helper, supporter, coach, django_capture_on_commit_callbacks
):
    challenge_deliver(challenge=claimed, supporter=helper, actor=supporter)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        challenge_confirm(challenge=claimed, actor=coach)

    assert len(callbacks) == 2  # the award job, and the e-mail of the claimant's notification it enqueues
    claimed.refresh_from_db()
    assert claimed.status == Challenge.Status.CONFIRMED
    assert claimed.confirmed_at is not None
    assert kinds(claimed) == ["posted", "claimed", "delivered", "confirmed"]
    event = confirmed_event(claimed)
    assert event.actor == coach
    assert ledger(event) == {"challenge_confirmed": 10, "speed_bonus": 5}
    assert PointsEntry.objects.filter(supporter=helper).count() == 2
    assert balance(helper) == 15


def test_a_claimed_challenge_can_be_confirmed_without_a_delivery_step(
    claimed, helper, coach, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        challenge_confirm(challenge=claimed, actor=coach)

    claimed.refresh_from_db()
    assert claimed.status == Challenge.Status.CONFIRMED
    assert kinds(claimed) == ["posted", "claimed", "confirmed"]
    assert balance(helper) == 15


def test_confirming_twice_is_refused_and_pays_nothing_more(
    claimed, helper, coach, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        challenge_confirm(challenge=claimed, actor=coach)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ChallengeError, match="done already") as excinfo,
    ):
        challenge_confirm(challenge=claimed, actor=coach)

    assert excinfo.value.status == 409
    assert callbacks == []
    assert claimed.events.filter(kind="confirmed").count() == 1
    assert balance(helper) == 15


def test_an_open_challenge_cannot_be_confirmed(posted, coach, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ChallengeError, match="nobody holds it") as excinfo,
    ):
        challenge_confirm(challenge=posted, actor=coach)

    assert excinfo.value.status == 409
    assert callbacks == []
    posted.refresh_from_db()
    assert posted.status == Challenge.Status.OPEN
    assert not PointsEntry.objects.exists()


def test_a_claim_more_than_24_hours_after_posting_earns_no_speed_bonus(
    matched_family, coach, helper, supporter, django_capture_on_commit_callbacks
):
    with time_machine.travel(POSTED_AT, tick=False) as traveller:
        challenge = post_for_next_week(
            matched_family, coach, "A lift to the hospital", Challenge.Category.TRANSPORT
        )
        traveller.shift(datetime.timedelta(hours=24, minutes=1))
        challenge_claim(challenge=challenge, supporter=helper, actor=supporter)
        traveller.shift(datetime.timedelta(days=2))
        with django_capture_on_commit_callbacks(execute=True):
            challenge_confirm(challenge=challenge, actor=coach)

    assert ledger(confirmed_event(challenge)) == {"challenge_confirmed": 10}
    assert balance(helper) == 10


def test_a_claim_exactly_24_hours_after_posting_still_earns_the_speed_bonus(
    matched_family, coach, helper, supporter, django_capture_on_commit_callbacks
):
    with time_machine.travel(POSTED_AT, tick=False) as traveller:
        challenge = post_for_next_week(
            matched_family, coach, "A lift to the hospital", Challenge.Category.TRANSPORT
        )
        traveller.shift(datetime.timedelta(hours=24))
        challenge_claim(challenge=challenge, supporter=helper, actor=supporter)
        with django_capture_on_commit_callbacks(execute=True):
            challenge_confirm(challenge=challenge, actor=coach)

    assert ledger(confirmed_event(challenge)) == {"challenge_confirmed": 10, "speed_bonus": 5}


def test_the_speed_bonus_counts_from_the_claim_that_was_confirmed(
    matched_family, coach, helper, supporter, other_helper, django_capture_on_commit_callbacks
):
    with time_machine.travel(POSTED_AT, tick=False) as traveller:
        challenge = post_for_next_week(matched_family, coach, "Homework help", Challenge.Category.HOMEWORK)
        traveller.shift(datetime.timedelta(hours=1))
        challenge_claim(challenge=challenge, supporter=helper, actor=supporter)
        challenge_release(challenge=challenge, supporter=helper, actor=supporter)
        traveller.shift(datetime.timedelta(days=2))
        challenge_claim(challenge=challenge, supporter=other_helper, actor=other_helper.user)
        with django_capture_on_commit_callbacks(execute=True):
            challenge_confirm(challenge=challenge, actor=coach)

    assert ledger(confirmed_event(challenge)) == {"challenge_confirmed": 10}
    assert balance(other_helper) == 10
    assert balance(helper) == 0


def test_running_the_award_task_twice_gives_the_same_ledger(
    claimed, helper, coach, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        challenge_confirm(challenge=claimed, actor=coach)
    assert len(callbacks) == 1  # the task is only enqueued after the commit; run it by hand below
    event = confirmed_event(claimed)
    assert not PointsEntry.objects.exists()

    assert award_points_for_event(event.pk) == 2
    first = sorted(PointsEntry.objects.values_list("pk", "reason", "points", "supporter_id"))
    assert award_points_for_event(event.pk) == 0
    second = sorted(PointsEntry.objects.values_list("pk", "reason", "points", "supporter_id"))

    assert first == second
    assert ledger(event) == {"challenge_confirmed": 10, "speed_bonus": 5}
    assert balance(helper) == 15


def test_running_the_award_service_twice_adds_nothing_the_second_time(
    claimed, helper, coach, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        challenge_confirm(challenge=claimed, actor=coach)
    event = confirmed_event(claimed)

    assert points_award_for_event(event=event) == []
    assert PointsEntry.objects.filter(challenge_event=event).count() == 2
    assert balance(helper) == 15


def test_the_award_task_pays_nothing_for_an_event_that_is_not_a_confirmation(claimed):
    claim = claimed.events.get(kind="claimed")

    assert award_points_for_event(claim.pk) == 0
    assert award_points_for_event(10**9) == 0  # an event that no longer exists
    assert not PointsEntry.objects.exists()
