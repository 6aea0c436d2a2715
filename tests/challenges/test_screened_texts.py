"""What a coach writes for supporters is screened: a text that names the child, gives a phone number or
the street and number is refused, through the page and through the API alike, and nothing is stored."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from challenges.models import Challenge
from challenges.services import ChallengeError, challenge_post
from families.models import Offer
from families.services import FamilyError, offer_record
from tests.families.factories import ChildFactory

pytestmark = pytest.mark.django_db

ATTACK = "Hamiyet wil graag bij KRC Genk U7 spelen. Bel me op 0477 57 32 44, we wonen Weg naar As 12."


@pytest.fixture
def hamiyet(family):
    return ChildFactory(family=family, first_name="Hamiyet")


def _body(family, **fields):
    return {
        "family": family.pk,
        "title": "Voetbalschoenen maat 31",
        "description": "",
        "category": Challenge.Category.MATERIAL,
        "needed_by": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
        "exchange_mode": "gift",
        **fields,
    }


def test_the_coach_page_refuses_a_description_with_a_name_a_phone_and_an_address(
    client, coach, family, hamiyet
):
    client.force_login(coach)
    body = _body(family, description=ATTACK)
    del body["family"]

    response = client.post(reverse("coaches:challenge_new"), body)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Description: remove the family" in page and "“Hamiyet”" in page
    assert "remove the phone number" in page and "remove the street and house number" in page
    assert not Challenge.objects.exists()


def test_the_api_refuses_the_same_description_with_a_400_that_names_the_field(coach, family, hamiyet):
    api = APIClient()
    api.force_authenticate(coach)

    response = api.post("/api/v1/challenges/", _body(family, description=ATTACK), format="json")

    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("Description: remove the family") and "0477 57 32 44" in detail
    assert not Challenge.objects.exists()


def test_a_title_with_a_guardians_name_is_refused_by_the_service(coach, family):
    with pytest.raises(ChallengeError, match=r"^Title: remove the family's names"):
        challenge_post(
            family=family,
            title="Fiets voor Ayse",
            category=Challenge.Category.MATERIAL,
            needed_by=timezone.localdate() + datetime.timedelta(days=7),
            actor=coach,
        )
    assert not Challenge.objects.exists()


def test_an_ordinary_challenge_is_still_posted(coach, family, hamiyet):
    api = APIClient()
    api.force_authenticate(coach)
    body = _body(family, description="3 paar schoenen maat 28, 2 keer per week training bij de U7")
    assert api.post("/api/v1/challenges/", body, format="json").status_code == 201


def test_an_offer_that_gives_the_family_name_is_refused(coach, family):
    with pytest.raises(FamilyError, match=r"^Description: remove the family's names"):
        offer_record(
            family=family,
            title="Kinderkleren",
            exchange_mode="gift",
            description="Vraag naar Yilmaz",
            actor=coach,
        )
    assert not Offer.objects.exists()
