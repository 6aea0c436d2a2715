"""Notifications, pledges and answers to offers in the back office: read-only, city-scoped, no N+1."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from challenges.models import OfferAnswer, Pledge
from families.models import Offer
from supporters.models import Notification
from tests.challenges.factories import ChallengeFactory
from tests.families.factories import FamilyFactory
from tests.supporters.factories import SupporterFactory

pytestmark = pytest.mark.django_db

MODELS = [Notification, Pledge, OfferAnswer]


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _rows(city, district, count: int) -> None:
    """`count` of each: a notification, a pledge and an answer to an offer, each from a new supporter."""
    for _ in range(count):
        helper = SupporterFactory(city=city)
        family = FamilyFactory(city=city, district=district)
        sponsor = ChallengeFactory(family=family, target_quantity=5, pledged_quantity=2)
        Pledge.objects.create(challenge=sponsor, supporter=helper, quantity=2)
        Notification.objects.create(user=helper.user, kind="match", key=f"match:{sponsor.pk}", title="Hi")
        offer = Offer.objects.create(family=family, title="Soup", exchange_mode="gift")
        OfferAnswer.objects.create(offer=offer, supporter=helper)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label_lower)
def test_the_list_takes_the_same_number_of_queries_for_more_rows(client, city, district, coordinator, model):
    _rows(city, district, 1)
    client.force_login(coordinator)
    client.get(_url(model, "changelist"))  # warm caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url(model, "changelist")).status_code == 200
    _rows(city, district, 4)
    with CaptureQueriesContext(connection) as many:
        assert client.get(_url(model, "changelist")).status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label_lower)
def test_nobody_adds_changes_or_deletes_them_in_the_back_office(client, city, district, coordinator, model):
    _rows(city, district, 1)
    obj = model.objects.get()
    client.force_login(coordinator)

    assert client.post(_url(model, "add"), {}).status_code == 403
    assert client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    change = client.get(_url(model, "change", obj.pk)).content.decode()
    assert 'name="_save"' not in change
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label_lower)
def test_a_coordinator_of_another_city_sees_none_of_them(client, city, district, other_coordinator, model):
    _rows(city, district, 1)
    obj = model.objects.get()
    client.force_login(other_coordinator)

    listing = client.get(_url(model, "changelist"))
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 0
    assert client.get(_url(model, "change", obj.pk)).status_code == 302  # "does not exist"


def test_a_supporter_is_refused_the_back_office_and_pointed_to_the_board(client, city, district, supporter):
    _rows(city, district, 1)
    client.force_login(supporter)
    for model in MODELS:
        response = client.get(_url(model, "changelist"))
        assert response.status_code == 403
        assert f'href="{reverse("challenges:board")}"' in response.content.decode()
