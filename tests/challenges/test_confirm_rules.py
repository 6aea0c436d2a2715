"""Nobody confirms their own help: only the family's coach or a coordinator confirms, never the claimant."""

import pytest

from challenges.models import Challenge, PointsEntry
from challenges.services import ChallengeError, challenge_claim, challenge_confirm, challenge_deliver
from tests.challenges.factories import ChallengeFactory
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach_who_supports(coach, city):
    """The family's coach who also signed up as a supporter of the same city."""
    coach.is_supporter = True
    coach.save(update_fields=["is_supporter"])
    SupporterFactory(city=city, user=coach)
    return coach


def test_a_coach_who_claimed_their_own_familys_challenge_cannot_confirm_it(coach_who_supports, family):
    challenge = ChallengeFactory(family=family)
    supporter = coach_who_supports.supporter
    challenge_claim(challenge=challenge, supporter=supporter, actor=coach_who_supports)
    challenge_deliver(challenge=challenge, supporter=supporter, actor=coach_who_supports)
    with pytest.raises(ChallengeError, match="took on yourself"):
        challenge_confirm(challenge=challenge, actor=coach_who_supports)
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.DELIVERED
    assert not PointsEntry.objects.filter(supporter=supporter).exists()


def test_a_supporter_cannot_confirm_the_challenge_they_claimed_through_the_api(
    client, city, family, supporter
):
    challenge = ChallengeFactory(family=family)
    client.force_login(supporter)
    assert client.post(f"/api/v1/challenges/{challenge.pk}/claim/").status_code == 200
    assert client.post(f"/api/v1/challenges/{challenge.pk}/deliver/").status_code == 200
    supporter.is_coach = True  # the attack: a supporter who is also a coach, of another family
    supporter.save(update_fields=["is_coach"])
    response = client.post(f"/api/v1/challenges/{challenge.pk}/confirm/")
    assert response.status_code == 403
    assert Challenge.objects.get(pk=challenge.pk).status == Challenge.Status.DELIVERED


def test_a_coach_of_another_family_cannot_confirm_a_complete_sponsor_challenge(other_coach, family, city):
    challenge = ChallengeFactory(family=family, category="sponsoring", target_quantity=2, pledged_quantity=2)
    with pytest.raises(ChallengeError, match="family's coach or a coordinator"):
        challenge_confirm(challenge=challenge, actor=other_coach)
    assert Challenge.objects.get(pk=challenge.pk).status == Challenge.Status.OPEN


def test_the_familys_coach_and_the_coordinator_still_confirm(coach, coordinator, family, city):
    helper = SupporterFactory(city=city)
    for actor in (coach, coordinator):
        challenge = ChallengeFactory(family=family)
        challenge_claim(challenge=challenge, supporter=helper, actor=helper.user)
        assert challenge_confirm(challenge=challenge, actor=actor).status == Challenge.Status.CONFIRMED
