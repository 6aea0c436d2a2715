"""The offers board: supporters see open offers of their city's families, district only, and answer them."""

import pytest
from django.urls import reverse

from challenges.models import OfferAnswer, PointsEntry
from challenges.services import offer_give
from families.models import Offer
from families.services import offer_mark_given
from tests.families.factories import FamilyFactory

pytestmark = pytest.mark.django_db


def _offer(family, **fields) -> Offer:
    defaults = {"title": "Cooking for a party", "description": "Turkish dishes", "exchange_mode": "gift"}
    return Offer.objects.create(family=family, **{**defaults, **fields})


def test_a_supporter_sees_open_offers_with_the_district_only(client, supporter, family):
    _offer(family)
    _offer(family, title="A pram to lend", status="taken")
    client.force_login(supporter)
    response = client.get(reverse("challenges:offers"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Cooking for a party" in page and "Winterslag" in page and "A pram to lend" not in page
    for secret in ("Yilmaz", "Stalenstraat", "Elif", "Ayse", family.reference):
        assert secret not in page


def test_offers_of_another_city_are_not_shown(client, supporter, other_city):
    _offer(FamilyFactory(city=other_city), title="Elsewhere")
    client.force_login(supporter)
    assert "Elsewhere" not in client.get(reverse("challenges:offers")).content.decode()


def test_a_supporter_answers_an_offer_once(client, supporter, family):
    offer = _offer(family)
    client.force_login(supporter)
    url = reverse("challenges:offer_answer", args=[offer.pk])
    response = client.post(url, {"message": "We have a party on Sunday"}, follow=True)
    assert "The coach will contact you" in response.content.decode()
    assert OfferAnswer.objects.get().message == "We have a party on Sunday"
    response = client.post(url, {"message": "again"}, follow=True)
    assert "You have answered this offer already." in response.content.decode()
    assert OfferAnswer.objects.count() == 1


def test_an_offer_that_is_no_longer_open_cannot_be_answered(client, supporter, family):
    offer = _offer(family, status="withdrawn")
    client.force_login(supporter)
    response = client.post(reverse("challenges:offer_answer", args=[offer.pk]), follow=True)
    assert "This offer is no longer open." in response.content.decode()


def test_the_offers_board_refuses_a_referrer(client, referrer):
    client.force_login(referrer)
    assert client.get(reverse("challenges:offers")).status_code == 403


def test_the_offers_board_does_the_same_number_of_queries_for_few_and_many(client, supporter, family):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(supporter)
    _offer(family)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("challenges:offers"))
    for n in range(6):
        _offer(family, title=f"Offer {n}")
    with CaptureQueriesContext(connection) as more:
        assert len(client.get(reverse("challenges:offers")).context["offers"]) == 7
    assert len(more) == len(few)


def test_answers_to_offers_keep_the_table_they_had_in_supporters(supporter, family):
    offer = _offer(family)
    OfferAnswer.objects.create(offer=offer, supporter=supporter.supporter, message="Yes please")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT message FROM supporters_offeranswer")
        assert cursor.fetchall() == [("Yes please",)]


def test_the_family_file_marks_an_offer_given_without_paying_and_offer_give_pays_once(family, coach):
    marked, given = _offer(family), _offer(family, title="A pram to lend")

    offer_mark_given(offer=marked, actor=coach)
    offer_give(offer=given, actor=coach)

    assert {marked.status, given.status} == {Offer.Status.TAKEN}
    assert list(PointsEntry.objects.values_list("offer", "points")) == [(given.pk, 10)]


def test_a_supporter_of_another_city_cannot_answer_an_offer_through_the_service(other_city, family):
    from challenges.services import ChallengeError, offer_answer
    from tests.supporters.factories import SupporterFactory

    stranger = SupporterFactory(city=other_city)
    with pytest.raises(ChallengeError) as refused:
        offer_answer(offer=_offer(family), supporter=stranger, actor=stranger.user, message="Me!")
    assert refused.value.status == 404
    assert not OfferAnswer.objects.exists()


def test_a_supporter_of_another_city_cannot_answer_an_offer_on_the_page(client, other_city, family):
    from tests.supporters.factories import SupporterFactory

    stranger = SupporterFactory(city=other_city)
    client.force_login(stranger.user)
    response = client.post(reverse("challenges:offer_answer", args=[_offer(family).pk]), {"message": "Me!"})
    assert response.status_code == 404
    assert not OfferAnswer.objects.exists()
