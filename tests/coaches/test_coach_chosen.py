"""The coach's way from their home to the accept/decline page once a family has chosen them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coaches.models import Coach, Match
from tests.families.factories import FamilyFactory

pytestmark = pytest.mark.django_db


def _chosen(user, city, **fields) -> Match:
    return Match.objects.create(
        family=FamilyFactory(city=city),
        coach=Coach.objects.get(user=user),
        status=Match.Status.CHOSEN,
        chosen_at=timezone.now(),
        **fields,
    )


def test_a_coach_without_a_family_who_was_chosen_sees_a_card_leading_to_the_answer(client, other_coach, city):
    match = _chosen(other_coach, city)
    client.force_login(other_coach)
    page = client.get(reverse("coaches:home")).content.decode()
    assert "A family chose you" in page
    assert reverse("proposals:respond", args=[match.pk]) in page


def test_a_coach_with_a_family_who_was_chosen_by_another_sees_the_card_on_their_home(
    client, coach, family, city
):
    client.force_login(coach)
    url = reverse("coaches:home")
    client.get(url)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as before:
        assert "A family chose you" not in client.get(url).content.decode()
    match = _chosen(coach, city)
    with CaptureQueriesContext(connection) as after:
        page = client.get(url).content.decode()
    assert "A family chose you" in page
    assert reverse("proposals:respond", args=[match.pk]) in page
    assert len(after) == len(before)


@pytest.mark.parametrize("status", [Match.Status.PROPOSED, Match.Status.DECLINED, Match.Status.NOT_CHOSEN])
def test_a_match_the_family_has_not_chosen_or_the_coach_answered_shows_no_card(
    client, other_coach, city, status
):
    match = _chosen(other_coach, city)
    Match.objects.filter(pk=match.pk).update(status=status)
    client.force_login(other_coach)
    assert "A family chose you" not in client.get(reverse("coaches:home")).content.decode()


def test_another_coachs_choice_is_not_shown(client, coach, other_coach, city):
    _chosen(other_coach, city)
    client.force_login(coach)
    assert "A family chose you" not in client.get(reverse("coaches:home")).content.decode()
