"""/api/v1/me/ carries the points balance that challenges registers with the core; the schema says so."""

import pytest
from rest_framework.test import APIClient

from genk_village.api import ME_FIELDS
from tests.challenges.factories import ChallengeFactory

pytestmark = pytest.mark.django_db


def test_challenges_registers_the_points_field_of_me():
    assert "points" in ME_FIELDS


def test_me_answers_email_roles_and_the_points_balance(supporter, family):
    from challenges.models import ChallengeEvent, PointsEntry

    event = ChallengeEvent.objects.create(challenge=ChallengeFactory(family=family), kind="posted")
    PointsEntry.objects.create(
        supporter=supporter.supporter, points=7, reason="pledge", challenge_event=event
    )
    api = APIClient()
    api.force_authenticate(supporter)

    me = api.get("/api/v1/me/").json()
    assert me.pop("calendar_url").startswith(
        "http"
    )  # the secret feed: tests/challenges/test_calendar_feeds.py
    assert me == {"email": supporter.email, "roles": ["supporter"], "points": 7}


def test_someone_who_is_not_a_supporter_has_zero_points(coach):
    api = APIClient()
    api.force_authenticate(coach)

    assert api.get("/api/v1/me/").json()["points"] == 0


def test_the_schema_of_me_lists_the_registered_points(coordinator):
    api = APIClient()
    api.force_authenticate(coordinator)
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()

    me = schema["components"]["schemas"]["Me"]
    assert list(me["properties"]) == ["email", "roles", "calendar_url", "points"]
    assert me["properties"]["points"] == {"type": "integer"}
