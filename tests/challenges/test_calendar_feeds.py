"""Personal calendar feeds: a secret address per person in /api/v1/me/, RFC 5545 that the icalendar
library reads, the supporter's challenges and agreed hand-overs, the coach's hand-overs, nothing that
names the family, and a revoked address that answers 404."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from challenges.conversation import handover_message_post, handover_proposal_accept
from genk_village.calendar import calendar_feed_revoke
from genk_village.models import CalendarFeed

pytestmark = pytest.mark.django_db


def me(user) -> dict:
    client = APIClient()
    client.force_authenticate(user)
    return client.get(reverse("api:me")).json()


def feed(client, url: str):
    path = url.removeprefix("http://127.0.0.1:8000")
    return client.get(path)


@pytest.fixture
def agreed(claimed, supporter, coach):
    start = (timezone.now() + datetime.timedelta(days=3)).replace(microsecond=0)
    proposal = handover_message_post(
        challenge=claimed,
        actor=supporter,
        body="Shall we?",
        proposed_start=start,
        proposed_place="Library Winterslag",
    )
    return handover_proposal_accept(message=proposal, actor=coach)


def events(response) -> list:
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def test_the_supporter_feed_holds_the_challenge_and_the_agreed_hand_over(client, agreed, supporter, family):
    url = me(supporter)["calendar_url"]
    response = feed(client, url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    found = {str(event["summary"]): event for event in events(response)}
    handover = found["Hand-over: Football shoes, size 31"]
    assert handover.decoded("dtstart") == agreed.proposed_start
    assert "Library Winterslag" in str(handover["description"])
    needed = found["Needed by today: Football shoes, size 31"]
    assert needed.decoded("dtstart") == agreed.challenge.needed_by
    text = response.content.decode()
    for secret in ("Yilmaz", "Elif", "Ayse", "Stalenstraat", family.reference):
        assert secret not in text


def test_the_coach_feed_holds_the_hand_over_without_the_family(client, agreed, coach, family):
    response = feed(client, me(coach)["calendar_url"])

    # Beside the match's contact moments (coaches/calendar.py), the one agreed hand-over.
    (handover,) = [e for e in events(response) if str(e["uid"]).startswith("handover-")]
    assert str(handover["summary"]) == "Hand-over: Football shoes, size 31"
    assert str(handover["url"]).endswith(f"/coach/challenges/{agreed.challenge_id}/")
    for secret in ("Yilmaz", "Elif", "Ayse", "Stalenstraat", family.reference):
        assert secret not in response.content.decode()


def test_each_person_has_their_own_address_stored_only_as_a_hash(supporter, coach):
    supporter_url, coach_url = me(supporter)["calendar_url"], me(coach)["calendar_url"]

    assert supporter_url != coach_url
    assert supporter_url == me(supporter)["calendar_url"]
    token = supporter_url.rsplit("/", 1)[1].removesuffix(".ics")
    stored = CalendarFeed.objects.get(user=supporter)
    assert token not in (stored.salt, stored.token_hash)


def test_a_revoked_address_answers_404_and_the_new_one_works(client, supporter):
    old = me(supporter)["calendar_url"]
    new = calendar_feed_revoke(user=supporter, actor=supporter)

    assert new != old
    assert feed(client, old).status_code == 404
    assert feed(client, new).status_code == 200


def test_the_calendar_page_makes_a_new_address(client, supporter):
    old = me(supporter)["calendar_url"]
    client.force_login(supporter)

    assert old in client.get(reverse("calendar")).content.decode()
    assert client.post(reverse("calendar")).status_code == 302
    client.logout()
    assert feed(client, old).status_code == 404


def test_an_unknown_address_or_a_deactivated_person_answers_404(client, supporter):
    url = me(supporter)["calendar_url"]
    assert client.get(reverse("calendar_feed", args=["0" * 64])).status_code == 404
    supporter.is_active = False
    supporter.save(update_fields=["is_active"])

    assert feed(client, url).status_code == 404
