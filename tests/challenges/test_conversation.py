"""The hand-over conversation: only the claimant and the family's coach read and write it, every message is
screened, a proposed time and place is accepted by the other side, and the other side is told."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from challenges.conversation import appointment_of
from challenges.models import HandoverMessage
from challenges.services import challenge_claim, challenge_release
from supporters.models import Notification
from tests.coaches.factories import ReadyCoachFactory

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def messages_url(challenge) -> str:
    return reverse("api:challenge-messages", args=[challenge.pk])


def soon() -> str:
    return (timezone.now() + datetime.timedelta(days=2)).replace(microsecond=0).isoformat()


def test_the_claimant_and_the_coach_write_to_each_other_and_read_one_conversation(claimed, supporter, coach):
    first = api(supporter).post(
        messages_url(claimed), {"body": "Hello, when suits the family?"}, format="json"
    )
    second = api(coach).post(messages_url(claimed), {"body": "Wednesday after school works."}, format="json")

    assert first.status_code == second.status_code == 201
    for reader in (supporter, coach):
        items = api(reader).get(messages_url(claimed)).json()
        assert [(item["author"], item["body"]) for item in items] == [
            ("supporter", "Hello, when suits the family?"),
            ("coach", "Wednesday after school works."),
        ]
        assert {"id", "author", "body", "created_at"} <= set(items[0])


@pytest.mark.parametrize("persona", ["other_supporter", "other_coach", "coordinator", "other_coordinator"])
def test_nobody_but_the_claimant_and_the_coach_reaches_the_conversation(claimed, supporter, request, persona):
    if persona == "other_supporter":
        outsider = request.getfixturevalue("other_helper").user
    else:
        outsider = request.getfixturevalue(persona)
    api(supporter).post(messages_url(claimed), {"body": "A private word"}, format="json")

    assert api(outsider).get(messages_url(claimed)).status_code == 404
    assert api(outsider).post(messages_url(claimed), {"body": "Let me in"}, format="json").status_code == 404
    assert HandoverMessage.objects.count() == 1


def test_a_challenge_nobody_holds_has_no_conversation(posted, coach):
    assert api(coach).get(messages_url(posted)).status_code == 404


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("Call me on 0477 57 32 44", "phone number"),
        ("Mail me at jan.peeters@example.org", "e-mail address"),
        ("Come to Stalenstraat 12", "street"),
    ],
)
def test_a_message_with_contact_details_is_refused_and_not_stored(claimed, supporter, body, words):
    response = api(supporter).post(messages_url(claimed), {"body": body}, format="json")

    assert response.status_code == 400
    assert words in response.json()["detail"]
    assert not HandoverMessage.objects.exists()


def test_the_supporter_is_refused_a_family_name_without_it_being_repeated(claimed, supporter):
    response = api(supporter).post(messages_url(claimed), {"body": "Is this for Elif?"}, format="json")

    assert response.status_code == 400
    assert "remove the names" in response.json()["detail"]
    assert "Elif" not in response.json()["detail"]
    assert not HandoverMessage.objects.exists()


def test_the_coach_is_refused_the_family_names_too(claimed, coach):
    response = api(coach).post(messages_url(claimed), {"body": "Ayse Yilmaz will be there"}, format="json")

    assert response.status_code == 400
    assert not HandoverMessage.objects.exists()


def test_a_proposed_place_is_screened_like_the_message(claimed, supporter):
    body = {"body": "Shall we meet?", "proposed_start": soon(), "proposed_place": "Stalenstraat 12"}
    response = api(supporter).post(messages_url(claimed), body, format="json")

    assert response.status_code == 400
    assert not HandoverMessage.objects.exists()


def test_the_other_side_accepts_a_proposal_and_it_becomes_the_appointment(claimed, supporter, coach):
    body = {"body": "Shall we meet?", "proposed_start": soon(), "proposed_place": "Library Winterslag"}
    proposal = api(supporter).post(messages_url(claimed), body, format="json").json()
    accept = reverse("api:challenge-message-accept", args=[claimed.pk, proposal["id"]])

    assert api(supporter).post(accept).status_code == 403  # not one's own proposal
    assert appointment_of(claimed) is None
    assert api(coach).post(accept).status_code == 200
    assert api(coach).post(accept).status_code == 409  # once
    agreed = appointment_of(claimed)
    assert agreed.pk == proposal["id"] and agreed.proposed_place == "Library Winterslag"


def test_a_proposal_needs_a_time_to_come(claimed, supporter):
    past = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    body = {"body": "Shall we meet?", "proposed_start": past, "proposed_place": "Library Winterslag"}

    assert api(supporter).post(messages_url(claimed), body, format="json").status_code == 400


def test_the_other_side_is_told_in_the_app_and_by_email_with_an_absolute_link(
    claimed, supporter, coach, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://genk.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        api(supporter).post(messages_url(claimed), {"body": "Hello coach"}, format="json")

    told = Notification.objects.get(user=coach)
    assert told.kind == "handover" and told.body == "Hello coach"
    assert not Notification.objects.filter(user=supporter).exists()
    (email,) = mail.outbox
    assert email.to == [coach.email]
    assert f"https://genk.example.org/coach/challenges/{claimed.pk}/#conversation" in email.body


def test_whoever_takes_a_released_challenge_next_reads_nothing_of_the_earlier_conversation(
    claimed, supporter, helper, other_helper
):
    api(supporter).post(messages_url(claimed), {"body": "Sorry, I cannot after all"}, format="json")
    challenge_release(challenge=claimed, supporter=helper, actor=supporter)
    challenge_claim(challenge=claimed, supporter=other_helper, actor=other_helper.user)

    assert api(other_helper.user).get(messages_url(claimed)).json() == []
    assert api(supporter).get(messages_url(claimed)).status_code == 404


def test_the_pages_show_the_conversation_to_both_sides_and_no_email_address(
    client, claimed, supporter, coach
):
    client.force_login(supporter)
    response = client.post(
        reverse("challenges:conversation", args=[claimed.pk]),
        {
            "body": "Hello",
            "day": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "time": "16:30",
            "place": "Library Winterslag",
        },
    )
    assert response.status_code == 302
    proposal = HandoverMessage.objects.get()
    assert timezone.localtime(proposal.proposed_start).strftime("%H:%M") == "16:30"

    client.force_login(coach)
    page = client.get(reverse("coaches:challenge_detail", args=[claimed.pk])).content.decode()
    assert "Library Winterslag" in page and "Accept this time and place" in page
    assert supporter.email not in page
    response = client.post(reverse("challenges:conversation_accept", args=[claimed.pk, proposal.pk]))
    assert response.status_code == 302
    assert appointment_of(claimed).pk == proposal.pk


def test_a_refused_message_on_the_page_keeps_what_was_typed(client, claimed, supporter):
    client.force_login(supporter)
    response = client.post(
        reverse("challenges:conversation", args=[claimed.pk]), {"body": "Bel 0477 57 32 44"}
    )

    assert response.status_code == 200
    assert "Bel 0477 57 32 44" in response.content.decode()
    assert "remove the phone number" in response.content.decode()


def test_a_coach_of_another_family_gets_404_on_the_page(client, claimed, city):
    stranger = ReadyCoachFactory(city=city, user__email="coach9@example.org").user
    client.force_login(stranger)

    assert client.get(reverse("challenges:conversation", args=[claimed.pk])).status_code == 404
