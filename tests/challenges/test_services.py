"""The life of a challenge: claim, release, deliver, confirm, cancel and expire, and the points it earns."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from challenges.models import Challenge, ChallengeEvent, PointsEntry
from challenges.services import (
    ChallengeError,
    challenge_cancel,
    challenge_claim,
    challenge_confirm,
    challenge_deliver,
    challenge_post,
    challenge_release,
    points_award_for_event,
)
from challenges.tasks import award_points_for_event, expire_overdue_challenges
from genk_village.models import AuditEntry
from tests.challenges.factories import ChallengeFactory
from tests.families.factories import FamilyFactory
from tests.supporters.factories import SupporterFactory

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
POSTED_AT = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=BRUSSELS)


@pytest.fixture
def matched_family(coach, family):
    """`family` with an active coach (the `coach` persona), so challenges can be posted for it."""
    family.refresh_from_db()
    return family


@pytest.fixture
def posted(matched_family, coach):
    return challenge_post(
        family=matched_family,
        title="Football shoes, size 31",
        category=Challenge.Category.MATERIAL,
        needed_by=timezone.localdate() + datetime.timedelta(days=14),
        actor=coach,
    )


@pytest.fixture
def helper(supporter):
    """The `supporter` persona's profile."""
    return supporter.supporter


@pytest.fixture
def other_helper(city):
    return SupporterFactory(city=city, user__email="supporter2@example.org")


@pytest.fixture
def claimed(posted, helper, supporter):
    return challenge_claim(challenge=posted, supporter=helper, actor=supporter)


def kinds(challenge: Challenge) -> list[str]:
    return list(challenge.events.order_by("created_at", "id").values_list("kind", flat=True))


def ledger(event: ChallengeEvent) -> dict[str, int]:
    return dict(PointsEntry.objects.filter(challenge_event=event).values_list("reason", "points"))


def balance(supporter) -> int:
    return sum(PointsEntry.objects.filter(supporter=supporter).values_list("points", flat=True))


def confirmed_event(challenge: Challenge) -> ChallengeEvent:
    return challenge.events.get(kind=ChallengeEvent.Kind.CONFIRMED)


# --- posting -------------------------------------------------------------------------------------


def test_posting_opens_a_challenge_in_the_familys_district_and_records_it(posted, matched_family, coach):
    assert posted.status == Challenge.Status.OPEN
    assert posted.district_id == matched_family.district_id
    assert posted.city_id == matched_family.city_id
    assert posted.posted_by == coach
    assert kinds(posted) == ["posted"]


@pytest.mark.django_db
def test_posting_is_refused_for_a_family_without_an_active_coach(city, coordinator):
    family = FamilyFactory(city=city, status="matching")
    with pytest.raises(ChallengeError, match="active coach"):
        challenge_post(
            family=family,
            title="A bike",
            category=Challenge.Category.MATERIAL,
            needed_by=timezone.localdate() + datetime.timedelta(days=3),
            actor=coordinator,
        )
    assert not Challenge.objects.exists()


def test_posting_is_refused_for_a_date_that_has_passed(matched_family, coach):
    with pytest.raises(ChallengeError, match="has passed"):
        challenge_post(
            family=matched_family,
            title="A bike",
            category=Challenge.Category.MATERIAL,
            needed_by=timezone.localdate() - datetime.timedelta(days=1),
            actor=coach,
        )
    assert not Challenge.objects.exists()


# --- claiming ------------------------------------------------------------------------------------


def test_a_supporter_claims_an_open_challenge_and_the_history_records_it(posted, helper, supporter):
    challenge = challenge_claim(challenge=posted, supporter=helper, actor=supporter)

    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.CLAIMED
    assert challenge.claimant == helper
    assert challenge.claimed_at is not None
    assert kinds(challenge) == ["posted", "claimed"]
    assert challenge.events.get(kind="claimed").actor == supporter


def test_a_taken_challenge_is_refused_to_a_second_supporter(claimed, helper, other_helper):
    with pytest.raises(ChallengeError, match="Someone else has just taken") as excinfo:
        challenge_claim(challenge=claimed, supporter=other_helper, actor=other_helper.user)

    assert excinfo.value.status == 409
    claimed.refresh_from_db()
    assert claimed.claimant == helper
    assert kinds(claimed) == ["posted", "claimed"]


@pytest.mark.django_db
def test_a_challenge_past_its_date_cannot_be_claimed(city, helper, supporter):
    overdue = ChallengeFactory(
        family=FamilyFactory(city=city), needed_by=timezone.localdate() - datetime.timedelta(days=1)
    )

    with pytest.raises(ChallengeError, match="expired") as excinfo:
        challenge_claim(challenge=overdue, supporter=helper, actor=supporter)

    assert excinfo.value.status == 409
    overdue.refresh_from_db()
    assert overdue.status == Challenge.Status.OPEN
    assert overdue.claimant is None
    assert not overdue.events.filter(kind="claimed").exists()


@pytest.mark.django_db
def test_a_challenge_needed_today_can_still_be_claimed(city, helper, supporter):
    today = ChallengeFactory(family=FamilyFactory(city=city), needed_by=timezone.localdate())

    challenge_claim(challenge=today, supporter=helper, actor=supporter)

    today.refresh_from_db()
    assert today.status == Challenge.Status.CLAIMED


@pytest.mark.django_db
def test_an_expired_challenge_cannot_be_claimed(city, helper, supporter):
    overdue = ChallengeFactory(
        family=FamilyFactory(city=city), needed_by=timezone.localdate() - datetime.timedelta(days=1)
    )
    expire_overdue_challenges()

    with pytest.raises(ChallengeError, match="expired") as excinfo:
        challenge_claim(challenge=overdue, supporter=helper, actor=supporter)

    assert excinfo.value.status == 409
    overdue.refresh_from_db()
    assert overdue.status == Challenge.Status.EXPIRED
    assert overdue.claimant is None


def test_a_supporter_of_another_city_cannot_claim(posted, other_city):
    stranger = SupporterFactory(city=other_city, user__email="supporter@hasselt.example.org")

    with pytest.raises(ChallengeError, match="another city") as excinfo:
        challenge_claim(challenge=posted, supporter=stranger, actor=stranger.user)

    assert excinfo.value.status == 404
    posted.refresh_from_db()
    assert posted.status == Challenge.Status.OPEN
    assert posted.claimant is None
    assert kinds(posted) == ["posted"]


# --- releasing and delivering --------------------------------------------------------------------


def test_the_claimant_releases_a_challenge_and_it_is_open_for_others(
    claimed, helper, supporter, other_helper
):
    challenge_release(challenge=claimed, supporter=helper, actor=supporter)

    claimed.refresh_from_db()
    assert claimed.status == Challenge.Status.OPEN
    assert claimed.claimant is None
    assert claimed.claimed_at is None
    assert kinds(claimed) == ["posted", "claimed", "released"]

    challenge_claim(challenge=claimed, supporter=other_helper, actor=other_helper.user)
    claimed.refresh_from_db()
    assert claimed.claimant == other_helper
    assert kinds(claimed) == ["posted", "claimed", "released", "claimed"]


def test_a_supporter_cannot_release_a_challenge_that_is_not_theirs(claimed, helper, other_helper):
    with pytest.raises(ChallengeError, match="someone else") as excinfo:
        challenge_release(challenge=claimed, supporter=other_helper, actor=other_helper.user)

    assert excinfo.value.status == 403
    claimed.refresh_from_db()
    assert claimed.status == Challenge.Status.CLAIMED
    assert claimed.claimant == helper
    assert kinds(claimed) == ["posted", "claimed"]


def test_an_open_challenge_cannot_be_released(posted, helper, supporter):
    with pytest.raises(ChallengeError, match="nobody holds it") as excinfo:
        challenge_release(challenge=posted, supporter=helper, actor=supporter)

    assert excinfo.value.status == 409
    assert kinds(posted) == ["posted"]


def test_the_claimant_delivers_a_claimed_challenge(claimed, helper, supporter):
    challenge_deliver(challenge=claimed, supporter=helper, actor=supporter)

    claimed.refresh_from_db()
    assert claimed.status == Challenge.Status.DELIVERED
    assert claimed.delivered_at is not None
    assert claimed.claimant == helper
    assert kinds(claimed) == ["posted", "claimed", "delivered"]


def test_a_supporter_cannot_deliver_a_challenge_that_is_not_theirs(claimed, other_helper):
    with pytest.raises(ChallengeError) as excinfo:
        challenge_deliver(challenge=claimed, supporter=other_helper, actor=other_helper.user)

    assert excinfo.value.status == 403
    claimed.refresh_from_db()
    assert claimed.status == Challenge.Status.CLAIMED
    assert claimed.delivered_at is None
    assert kinds(claimed) == ["posted", "claimed"]


def test_a_delivered_challenge_cannot_be_released(claimed, helper, supporter):
    challenge_deliver(challenge=claimed, supporter=helper, actor=supporter)

    with pytest.raises(ChallengeError, match="delivered already") as excinfo:
        challenge_release(challenge=claimed, supporter=helper, actor=supporter)

    assert excinfo.value.status == 409
    claimed.refresh_from_db()
    assert claimed.status == Challenge.Status.DELIVERED


# --- confirming and the points -------------------------------------------------------------------


def test_confirming_a_delivered_challenge_awards_ten_points_and_the_speed_bonus_once(
    claimed, helper, supporter, coach, django_capture_on_commit_callbacks
):
    challenge_deliver(challenge=claimed, supporter=helper, actor=supporter)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        challenge_confirm(challenge=claimed, actor=coach)

    assert len(callbacks) == 1
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
        challenge = challenge_post(
            family=matched_family,
            title="A lift to the hospital",
            category=Challenge.Category.TRANSPORT,
            needed_by=POSTED_AT.date() + datetime.timedelta(days=7),
            actor=coach,
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
        challenge = challenge_post(
            family=matched_family,
            title="A lift to the hospital",
            category=Challenge.Category.TRANSPORT,
            needed_by=POSTED_AT.date() + datetime.timedelta(days=7),
            actor=coach,
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
        challenge = challenge_post(
            family=matched_family,
            title="Homework help",
            category=Challenge.Category.HOMEWORK,
            needed_by=POSTED_AT.date() + datetime.timedelta(days=7),
            actor=coach,
        )
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


# --- cancelling ----------------------------------------------------------------------------------


def test_cancelling_an_open_challenge_closes_it_and_is_audited(posted, coach):
    challenge_cancel(challenge=posted, actor=coach)

    posted.refresh_from_db()
    assert posted.status == Challenge.Status.CANCELLED
    assert posted.closed_at is not None
    assert kinds(posted) == ["posted", "cancelled"]
    assert AuditEntry.objects.filter(
        action="challenges.challenge.cancelled", target_id=str(posted.pk), actor=coach
    ).exists()


def test_cancelling_a_claimed_challenge_closes_it(claimed, coach):
    challenge_cancel(challenge=claimed, actor=coach)

    claimed.refresh_from_db()
    assert claimed.status == Challenge.Status.CANCELLED
    assert kinds(claimed) == ["posted", "claimed", "cancelled"]


def test_a_confirmed_challenge_cannot_be_cancelled(
    claimed, helper, coach, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        challenge_confirm(challenge=claimed, actor=coach)

    with pytest.raises(ChallengeError, match="done already") as excinfo:
        challenge_cancel(challenge=claimed, actor=coach)

    assert excinfo.value.status == 409
    claimed.refresh_from_db()
    assert claimed.status == Challenge.Status.CONFIRMED
    assert not claimed.events.filter(kind="cancelled").exists()
    assert balance(helper) == 15


def test_a_cancelled_challenge_cannot_be_claimed(posted, coach, helper, supporter):
    challenge_cancel(challenge=posted, actor=coach)

    with pytest.raises(ChallengeError, match="cancelled") as excinfo:
        challenge_claim(challenge=posted, supporter=helper, actor=supporter)

    assert excinfo.value.status == 409


# --- expiring ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_expiring_twice_expires_an_overdue_challenge_once(city):
    overdue = ChallengeFactory(
        family=FamilyFactory(city=city), needed_by=timezone.localdate() - datetime.timedelta(days=3)
    )
    due_today = ChallengeFactory(family=FamilyFactory(city=city), needed_by=timezone.localdate())

    assert expire_overdue_challenges() == 1
    assert expire_overdue_challenges() == 0

    overdue.refresh_from_db()
    assert overdue.status == Challenge.Status.EXPIRED
    assert overdue.closed_at is not None
    assert overdue.events.filter(kind="expired").count() == 1
    due_today.refresh_from_db()
    assert due_today.status == Challenge.Status.OPEN
    assert not due_today.events.exists()


@pytest.mark.django_db
def test_expiring_leaves_a_claimed_challenge_past_its_date_alone(city, helper):
    held = ChallengeFactory(
        family=FamilyFactory(city=city),
        needed_by=timezone.localdate() - datetime.timedelta(days=3),
        status=Challenge.Status.CLAIMED,
        claimant=helper,
        claimed_at=timezone.now() - datetime.timedelta(days=5),
    )

    assert expire_overdue_challenges() == 0

    held.refresh_from_db()
    assert held.status == Challenge.Status.CLAIMED
    assert held.claimant == helper
    assert held.closed_at is None
    assert not held.events.filter(kind="expired").exists()
