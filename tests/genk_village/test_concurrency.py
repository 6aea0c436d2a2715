"""The services hold the database's rules under real concurrency on PostgreSQL: threads released together
against one place or one challenge leave exactly one winner."""

import threading

import pytest
from django.db import connection

from challenges.models import Challenge, ChallengeEvent
from challenges.services import ChallengeError, challenge_claim
from coaches.models import Match
from coaches.services import CoachError, match_activate
from families.models import Family
from supporters.models import Supporter
from tests.challenges.factories import ChallengeFactory
from tests.coaches.factories import ReadyCoachFactory
from tests.families.factories import FamilyFactory
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.postgres


def run_together(count: int, prepare, act) -> list[tuple[str, object]]:
    """Run `act(prepare(i))` in `count` threads released together; returns ("ok" | "refused", ...) rows.

    Each thread loads its own rows before the barrier and closes its own database connection at the end.
    """
    barrier = threading.Barrier(count)
    results: list[tuple[str, object]] = []

    def worker(i: int) -> None:
        try:
            arguments = prepare(i)
            barrier.wait(timeout=30)
            try:
                results.append(("ok", act(arguments)))
            except (CoachError, ChallengeError) as error:
                results.append(("refused", error))
        except Exception as error:  # reported by the assertion in the caller, not swallowed
            results.append(("crashed", error))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    assert [row for row in results if row[0] == "crashed"] == []
    assert len(results) == count
    return results


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_activations_fill_a_single_place_once(city, district, coordinator):
    coach = ReadyCoachFactory(city=city, capacity=1)
    matches = [
        Match.objects.create(
            family=FamilyFactory(city=city, district=district, status=Family.Status.MATCHING),
            coach=coach,
            status=Match.Status.CHOSEN,
        )
        for _ in range(20)
    ]

    results = run_together(
        20,
        prepare=lambda i: Match.objects.select_related("coach").get(pk=matches[i].pk),
        act=lambda match: match_activate(match=match, actor=coordinator),
    )

    winners = [match for outcome, match in results if outcome == "ok"]
    refusals = [error for outcome, error in results if outcome == "refused"]
    assert len(winners) == 1
    assert len(refusals) == 19
    assert all("no free capacity" in str(error) for error in refusals)
    coach.refresh_from_db()
    assert coach.active_matches == 1
    assert list(Match.objects.filter(status=Match.Status.ACTIVE).values_list("pk", flat=True)) == [
        winners[0].pk
    ]
    assert Family.objects.filter(status=Family.Status.MATCHED).count() == 1


def claim_as(arguments) -> Supporter:
    challenge, helper = arguments
    challenge_claim(challenge=challenge, supporter=helper, actor=helper.user)
    return helper


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_claims_leave_the_challenge_with_exactly_one_winner(city, district):
    challenge = ChallengeFactory(family=FamilyFactory(city=city, district=district))
    helpers = SupporterFactory.create_batch(50, city=city)

    results = run_together(
        50,
        prepare=lambda i: (
            Challenge.objects.get(pk=challenge.pk),
            Supporter.objects.select_related("user").get(pk=helpers[i].pk),
        ),
        act=claim_as,
    )

    winners = [helper for outcome, helper in results if outcome == "ok"]
    refusals = [error for outcome, error in results if outcome == "refused"]
    assert len(winners) == 1
    assert len(refusals) == 49
    assert all(error.status == 409 and "Someone else" in str(error) for error in refusals)
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.CLAIMED
    assert challenge.claimant_id == winners[0].pk
    claims = ChallengeEvent.objects.filter(challenge=challenge, kind=ChallengeEvent.Kind.CLAIMED)
    assert claims.count() == 1
    assert claims.get().actor_id == winners[0].user_id
