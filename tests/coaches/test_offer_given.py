"""What a family gives back earns it points: the coach marks an open offer given, paid exactly once."""

import pytest
from django.urls import reverse
from django.utils import timezone

from challenges.models import PointsEntry
from challenges.services import offer_give
from coaches.models import Match
from families.models import Offer
from families.services import FamilyError
from tests.coaches.factories import ReadyCoachFactory
from tests.families.factories import FamilyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(family, coach):
    return Offer.objects.create(family=family, title="Turkish cooking lesson", exchange_mode="gift")


def test_a_given_offer_is_taken_and_pays_the_family_ten_points_once_even_when_called_twice(
    offer, family, coach
):
    offer_give(offer=offer, actor=coach)
    with pytest.raises(FamilyError) as excinfo:
        offer_give(offer=offer, actor=coach)

    assert excinfo.value.status == 409
    offer.refresh_from_db()
    assert offer.status == Offer.Status.TAKEN
    (entry,) = PointsEntry.objects.all()
    assert (entry.family, entry.offer, entry.reason, entry.points) == (family, offer, "offer_given", 10)
    assert entry.supporter is None


def test_a_withdrawn_offer_cannot_be_marked_given(offer, coach):
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.WITHDRAWN)
    offer.refresh_from_db()

    with pytest.raises(FamilyError, match="open offer"):
        offer_give(offer=offer, actor=coach)
    assert not PointsEntry.objects.exists()


def test_the_coach_marks_an_open_offer_given_from_the_offer_list(client, offer, family, coach):
    client.force_login(coach)
    page = client.get(reverse("coaches:offer_list")).content.decode()
    assert reverse("coaches:offer_given", args=[offer.pk]) in page

    response = client.post(reverse("coaches:offer_given", args=[offer.pk]))
    client.post(reverse("coaches:offer_given", args=[offer.pk]))

    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Offer.Status.TAKEN
    assert PointsEntry.objects.filter(family=family, offer=offer, points=10).count() == 1
    assert (
        reverse("coaches:offer_given", args=[offer.pk])
        not in client.get(reverse("coaches:offer_list")).content.decode()
    )


def test_the_given_button_takes_only_a_post(client, offer, coach):
    client.force_login(coach)
    assert client.get(reverse("coaches:offer_given", args=[offer.pk])).status_code == 405


def test_another_coach_gets_404_for_an_offer_of_a_family_not_theirs(client, city, offer):
    other = ReadyCoachFactory(city=city, user__email="coach3@example.org", active_matches=1)
    Match.objects.create(
        family=FamilyFactory(city=city, district=offer.family.district, status="matched"),
        coach=other,
        status=Match.Status.ACTIVE,
        started_on=timezone.localdate(),
    )
    client.force_login(other.user)

    assert client.post(reverse("coaches:offer_given", args=[offer.pk])).status_code == 404
    offer.refresh_from_db()
    assert offer.status == Offer.Status.OPEN
    assert not PointsEntry.objects.exists()


def test_a_supporter_is_refused_the_given_button(client, offer, supporter):
    client.force_login(supporter)

    assert client.post(reverse("coaches:offer_given", args=[offer.pk])).status_code == 403
    offer.refresh_from_db()
    assert offer.status == Offer.Status.OPEN
