"""The life of a challenge: post, claim, release, deliver, cancel and expire (confirming and the points it
earns: test_confirming.py)."""

import datetime

import pytest
from django.utils import timezone

from challenges.models import Challenge
from challenges.services import (
    ChallengeError,
    challenge_cancel,
    challenge_claim,
    challenge_confirm,
    challenge_deliver,
    challenge_post,
    challenge_release,
)
from challenges.tasks import expire_overdue_challenges
from genk_village.models import AuditEntry
from tests.challenges.factories import ChallengeFactory
from tests.challenges.lifecycle import balance, kinds
from tests.families.factories import FamilyFactory
from tests.supporters.factories import SupporterFactory

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
