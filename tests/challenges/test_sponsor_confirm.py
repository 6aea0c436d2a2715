"""A complete sponsor challenge: it never expires, the family's coach confirms it, and it takes no claim."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from challenges.models import Challenge, ChallengeEvent, PointsEntry
from challenges.services import ChallengeError, challenge_claim, challenge_confirm, pledge_add
from challenges.tasks import award_points_for_event, expire_overdue_challenges
from coaches.models import Match
from tests.challenges.factories import ChallengeFactory
from tests.coaches.factories import ReadyCoachFactory
from tests.families.factories import FamilyFactory
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.django_db

PAST = datetime.timedelta(days=3)


def _sponsor(family, *, target=10, pledged=0, **fields) -> Challenge:
    return ChallengeFactory(
        family=family, title="Ten pairs of shoes", target_quantity=target, pledged_quantity=pledged, **fields
    )


def _overdue(challenge: Challenge) -> Challenge:
    Challenge.objects.filter(pk=challenge.pk).update(needed_by=timezone.localdate() - PAST)
    return challenge


def test_the_expiry_job_leaves_a_complete_sponsor_challenge_open_even_when_run_twice(family):
    complete = _overdue(_sponsor(family, pledged=10))
    half = _overdue(_sponsor(family, pledged=4))

    assert expire_overdue_challenges() == 1
    assert expire_overdue_challenges() == 0

    complete.refresh_from_db()
    half.refresh_from_db()
    assert complete.status == Challenge.Status.OPEN and complete.closed_at is None
    assert half.status == Challenge.Status.EXPIRED
    assert not complete.events.filter(kind=ChallengeEvent.Kind.EXPIRED).exists()


def test_the_coach_confirms_a_complete_sponsor_challenge_and_nobody_is_paid_twice(
    city, family, coach, django_capture_on_commit_callbacks
):
    challenge = _sponsor(family, target=5)
    helper = SupporterFactory(city=city)
    with django_capture_on_commit_callbacks(execute=True):
        pledge_add(challenge=challenge, supporter=helper, quantity=5, actor=helper.user)
        challenge_confirm(challenge=challenge, actor=coach)

    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.CONFIRMED and challenge.confirmed_at is not None
    assert challenge.claimant is None
    event = challenge.events.get(kind=ChallengeEvent.Kind.CONFIRMED)
    assert award_points_for_event(event.pk) == 0  # no claimant: the pledges were paid one by one
    assert list(PointsEntry.objects.values_list("reason", "points")) == [("pledge", 5)]
    with pytest.raises(ChallengeError, match="done already") as excinfo:
        challenge_confirm(challenge=challenge, actor=coach)
    assert excinfo.value.status == 409


def test_an_incomplete_sponsor_challenge_cannot_be_confirmed(family, coach):
    challenge = _sponsor(family, pledged=9)
    with pytest.raises(ChallengeError) as excinfo:
        challenge_confirm(challenge=challenge, actor=coach)
    assert excinfo.value.status == 409
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.OPEN


def test_a_sponsor_challenge_cannot_be_claimed_it_takes_pledges(city, family):
    challenge = _sponsor(family)
    helper = SupporterFactory(city=city)
    with pytest.raises(ChallengeError, match="pledge instead") as excinfo:
        challenge_claim(challenge=challenge, supporter=helper, actor=helper.user)
    assert excinfo.value.status == 409
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.OPEN and challenge.claimant is None


def test_the_api_refuses_a_claim_on_a_sponsor_challenge_with_409(family, supporter):
    challenge = _sponsor(family)
    api = APIClient()
    api.force_authenticate(supporter)

    response = api.post(f"/api/v1/challenges/{challenge.pk}/claim/")

    assert response.status_code == 409
    assert "pledge instead" in str(response.json())
    challenge.refresh_from_db()
    assert challenge.claimant is None


def test_the_api_confirms_a_complete_sponsor_challenge_for_the_coach_only(family, coach, supporter):
    challenge = _sponsor(family, pledged=10)
    api = APIClient()
    api.force_authenticate(supporter)
    assert api.post(f"/api/v1/challenges/{challenge.pk}/confirm/").status_code == 403

    api.force_authenticate(coach)
    response = api.post(f"/api/v1/challenges/{challenge.pk}/confirm/")

    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    assert api.post(f"/api/v1/challenges/{challenge.pk}/confirm/").status_code == 409


def test_the_coach_page_shows_the_pledges_and_confirms_a_complete_sponsor_challenge(client, family, coach):
    challenge = _sponsor(family, pledged=10)
    client.force_login(coach)
    url = reverse("coaches:challenge_detail", args=[challenge.pk])

    page = client.get(url).content.decode()
    assert "10 of 10 pledged" in page
    assert reverse("coaches:challenge_confirm", args=[challenge.pk]) in page

    response = client.post(reverse("coaches:challenge_confirm", args=[challenge.pk]))
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.CONFIRMED


def test_the_coach_page_has_no_confirm_button_while_pledges_are_missing(client, family, coach):
    challenge = _sponsor(family, pledged=3)
    client.force_login(coach)

    page = client.get(reverse("coaches:challenge_detail", args=[challenge.pk])).content.decode()

    assert "3 of 10 pledged" in page
    assert reverse("coaches:challenge_confirm", args=[challenge.pk]) not in page


def test_another_coach_cannot_confirm_a_complete_sponsor_challenge(client, city, family, coach):
    other = ReadyCoachFactory(city=city, user__email="coach3@example.org", active_matches=1)
    Match.objects.create(
        family=FamilyFactory(city=city, district=family.district, status="matched"),
        coach=other,
        status=Match.Status.ACTIVE,
        started_on=timezone.localdate(),
    )
    challenge = _sponsor(family, pledged=10)
    client.force_login(other.user)

    assert client.post(reverse("coaches:challenge_confirm", args=[challenge.pk])).status_code == 404
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.OPEN
