"""A refused claim or pledge tells the supporter why, without showing a challenge they may not see."""

import pytest

from challenges.models import Challenge
from challenges.services import challenge_claim
from tests.challenges.factories import ChallengeFactory
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.parametrize("action", ["claim", "pledge"])
def test_a_refused_htmx_answer_never_carries_a_challenge_held_by_someone_else(
    client, city, family, supporter, action
):
    challenge = ChallengeFactory(family=family, title="Voetbalschoenen maat 28", description="Rood graag")
    other = SupporterFactory(city=city)
    challenge_claim(challenge=challenge, supporter=other, actor=other.user)
    client.force_login(supporter)
    response = client.post(f"/challenges/{challenge.pk}/{action}/", {"quantity": 1}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Voetbalschoenen" not in body and "Rood graag" not in body
    assert 'role="alert"' in body


def test_a_refused_claim_of_a_cancelled_challenge_does_not_show_its_text(client, family, supporter):
    challenge = ChallengeFactory(
        family=family, title="Tolk voor oudercontact", status=Challenge.Status.CANCELLED
    )
    client.force_login(supporter)
    body = client.post(f"/challenges/{challenge.pk}/claim/", **HTMX).content.decode()
    assert "Tolk voor oudercontact" not in body


def test_a_won_claim_still_answers_with_the_card(client, family, supporter):
    challenge = ChallengeFactory(family=family, title="Fiets voor Elif's broer")
    client.force_login(supporter)
    body = client.post(f"/challenges/{challenge.pk}/claim/", **HTMX).content.decode()
    assert "Fiets voor" in body and 'role="status"' in body


def test_an_unapproved_supporter_reads_no_challenge_through_the_api(client, city, family, supporter):
    ChallengeFactory(family=family)
    city.supporters_need_approval = True
    city.save(update_fields=["supporters_need_approval"])
    client.force_login(supporter)
    response = client.get("/api/v1/challenges/")
    assert response.status_code == 200
    assert response.json()["results"] == []
