"""Sponsor challenges: several supporters fill a target with pledges; never beyond it; points once each."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge, Pledge, PointsEntry
from challenges.services import ChallengeError, challenge_post, pledge_add
from challenges.tasks import award_points_for_pledge
from supporters.models import Supporter
from tests.challenges.factories import ChallengeFactory
from tests.genk_village.factories import UserFactory
from tests.supporters.factories import SupporterFactory


def _sponsor(family, target=10, **fields) -> Challenge:
    return ChallengeFactory(family=family, title="Ten pairs of shoes", target_quantity=target, **fields)


@pytest.mark.django_db
def test_pledges_fill_the_target_and_each_pays_points_once(city, family):
    challenge = _sponsor(family)
    first, second = SupporterFactory(city=city), SupporterFactory(city=city)
    one = pledge_add(challenge=challenge, supporter=first, quantity=4, actor=first.user)
    pledge_add(challenge=challenge, supporter=second, quantity=6, actor=second.user)
    challenge.refresh_from_db()
    assert challenge.pledged_quantity == 10
    assert award_points_for_pledge(one.pk) == 1
    assert award_points_for_pledge(one.pk) == 0
    assert PointsEntry.objects.filter(pledge=one).count() == 1


@pytest.mark.django_db
def test_a_pledge_beyond_the_target_is_refused_with_what_is_left(city, family):
    challenge = _sponsor(family, target=5)
    helper = SupporterFactory(city=city)
    pledge_add(challenge=challenge, supporter=helper, quantity=3, actor=helper.user)
    with pytest.raises(ChallengeError, match="Only 2 more are needed"):
        pledge_add(challenge=challenge, supporter=helper, quantity=3, actor=helper.user)
    pledge_add(challenge=challenge, supporter=helper, quantity=2, actor=helper.user)
    with pytest.raises(ChallengeError, match="complete already"):
        pledge_add(challenge=challenge, supporter=helper, quantity=1, actor=helper.user)


@pytest.mark.django_db
def test_an_ordinary_challenge_takes_no_pledges(city, family):
    helper = SupporterFactory(city=city)
    with pytest.raises(ChallengeError, match="takes no pledges"):
        pledge_add(challenge=ChallengeFactory(family=family), supporter=helper, quantity=1, actor=helper.user)


@pytest.mark.django_db
def test_a_coach_posts_a_sponsor_challenge_with_a_target(family, coach):
    soon = timezone.localdate() + datetime.timedelta(days=9)
    challenge = challenge_post(
        family=family,
        title="Sponsored run",
        category="sponsoring",
        actor=coach,
        needed_by=soon,
        target_quantity=200,
    )
    assert challenge.target_quantity == 200 and challenge.pledged_quantity == 0


@pytest.mark.django_db
def test_the_board_shows_progress_and_takes_a_pledge_with_htmx(client, supporter, family):
    challenge = _sponsor(family)
    client.force_login(supporter)
    assert "0 of 10 pledged" in client.get("/challenges/").content.decode()
    url = reverse("challenges:pledge", args=[challenge.pk])
    response = client.post(url, {"quantity": 3}, HTTP_HX_REQUEST="true")
    assert (
        "3 of 10 pledged" in response.content.decode()
        and "Thank you for your pledge" in response.content.decode()
    )
    assert Pledge.objects.get().supporter == supporter.supporter
    response = client.post(url, {"quantity": 30}, follow=True)
    assert "Only 7 more are needed" in response.content.decode()


@pytest.mark.django_db
def test_a_complete_sponsor_challenge_leaves_the_board(client, supporter, family):
    _sponsor(family, target=2, pledged_quantity=2)
    client.force_login(supporter)
    assert "Ten pairs of shoes" not in client.get("/challenges/").content.decode()


@pytest.mark.django_db
def test_a_coach_cannot_pledge(client, coach, family):
    challenge = _sponsor(family)
    client.force_login(coach)
    assert client.post(reverse("challenges:pledge", args=[challenge.pk]), {"quantity": 1}).status_code == 403


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_pledges_never_exceed_the_target(city, family):
    challenge = _sponsor(family, target=10)
    users = [UserFactory(email=f"sponsor{n}@example.org", city=city, is_supporter=True) for n in range(30)]
    helpers = Supporter.objects.bulk_create(
        Supporter(user=user, city=city, display_name=f"Sponsor {n}") for n, user in enumerate(users)
    )
    start = threading.Barrier(len(helpers))
    outcomes = []

    def pledge(helper):
        try:
            start.wait()
            pledge_add(challenge=challenge, supporter=helper, quantity=1, actor=None)
            outcomes.append("ok")
        except ChallengeError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=pledge, args=(helper,)) for helper in helpers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    challenge.refresh_from_db()
    assert outcomes.count("ok") == 10 and challenge.pledged_quantity == 10
    assert Pledge.objects.filter(challenge=challenge).count() == 10
    assert PointsEntry.objects.filter(reason="pledge").count() == 10
