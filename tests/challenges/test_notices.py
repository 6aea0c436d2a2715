"""Notifications that arrive: the coach hears of a claim and a delivery, the claimant of the confirmation
with the points earned; in the app, by e-mail with an absolute link, and once whatever reruns."""

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from challenges.models import ChallengeEvent
from challenges.services import challenge_claim, challenge_confirm, challenge_deliver
from challenges.tasks import award_points_for_event
from supporters.models import Notification

pytestmark = pytest.mark.django_db


def test_the_coach_is_told_when_a_supporter_claims_and_delivers(
    posted, helper, supporter, coach, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://genk.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        challenge_claim(challenge=posted, supporter=helper, actor=supporter)
    with django_capture_on_commit_callbacks(execute=True):
        challenge_deliver(challenge=posted, supporter=helper, actor=supporter)

    titles = list(Notification.objects.filter(user=coach, kind="taken").values_list("title", flat=True))
    assert titles == [
        f"“{posted.title}” is delivered, says {helper.display_name}",
        f"“{posted.title}” is taken by {helper.display_name}",
    ]
    to_coach = [email for email in mail.outbox if email.to == [coach.email]]
    assert len(to_coach) == 2
    assert f"https://genk.example.org/coach/challenges/{posted.pk}/" in to_coach[0].body


def test_the_claimant_is_told_of_the_confirmation_with_the_points_once(
    claimed, supporter, coach, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        challenge_confirm(challenge=claimed, actor=coach)
    event = ChallengeEvent.objects.get(challenge=claimed, kind="confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        award_points_for_event(event.pk)  # a duplicate delivery of the job

    told = Notification.objects.get(user=supporter, kind="confirmed")
    assert told.body == "The coach confirmed your help. You earned 15 points."  # 10 + the speed bonus
    assert [email.subject for email in mail.outbox if email.to == [supporter.email]] == [told.title]


def test_my_notifications_in_the_api_are_mine_only_newest_first(claimed, supporter, coach, other_helper):
    Notification.objects.create(user=supporter, kind="match", key="a", title="First", url="/challenges/")
    Notification.objects.create(user=supporter, kind="match", key="b", title="Second")
    Notification.objects.create(user=other_helper.user, kind="match", key="c", title="Not yours")
    client = APIClient()
    client.force_authenticate(supporter)

    results = client.get(reverse("api:me-notifications")).json()["results"]

    assert [item["title"] for item in results] == ["Second", "First"]
    assert results[1]["url"].startswith("http") and results[1]["url"].endswith("/challenges/")
