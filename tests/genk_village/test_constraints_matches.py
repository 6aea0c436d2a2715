"""The named database rules of the hand-over conversation and the match health check-ins, on PostgreSQL
(the list of every rule is kept complete by test_constraints.py)."""

import pytest
from django.utils import timezone

from challenges.models import Challenge, HandoverMessage
from coaches.models import HealthCheckIn, Match
from supporters.models import Supporter
from tests.challenges.factories import ChallengeFactory
from tests.genk_village.test_constraints import assert_violates

pytestmark = pytest.mark.postgres


@pytest.fixture
def held(family, coach, supporter):
    return ChallengeFactory(
        family=family,
        status=Challenge.Status.CLAIMED,
        claimant=Supporter.objects.get(user=supporter),
        claimed_at=timezone.now(),
    )


def test_a_hand_over_message_is_written_by_the_coach_or_the_supporter(held):
    message = {"challenge": held, "supporter": held.claimant, "body": "Hello"}
    HandoverMessage.objects.create(author="coach", **message)
    assert_violates(
        "challenges_handover_valid_author", lambda: HandoverMessage.objects.create(author="family", **message)
    )


def test_only_a_proposed_time_and_place_can_be_accepted(held):
    message = {"challenge": held, "supporter": held.claimant, "author": "supporter", "body": "Shall we?"}
    HandoverMessage.objects.create(
        proposed_start=timezone.now(), proposed_place="Library", accepted_at=timezone.now(), **message
    )
    assert_violates(
        "challenges_handover_accepted_is_proposal",
        lambda: HandoverMessage.objects.create(accepted_at=timezone.now(), **message),
    )


def test_a_health_score_lies_between_five_and_twenty_five(family, coach):
    match = Match.objects.get(family=family)
    check_in = {"match": match, "respondent": "coach", "answered_on": timezone.localdate(), "language": "nl"}
    HealthCheckIn.objects.create(score=25, answers=[5, 5, 5, 5, 5], **check_in)
    assert_violates(
        "coaches_healthcheckin_score_range", lambda: HealthCheckIn.objects.create(score=4, **check_in)
    )
