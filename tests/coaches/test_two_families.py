"""A coach with two active matches (capacity 2) works for both families on the coach's pages: the home
offers a switcher, the choice is kept in the session, and every page then works on the chosen family."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge
from coaches.models import Coach, ContactLog, Match
from tests.coaches.factories import ReadyCoachFactory
from tests.families.factories import FamilyFactory

TODAY = timezone.localdate


@pytest.fixture
def second_family(city, district, coach):
    """A second family matched to `coach` the same day, after the first one."""
    profile = Coach.objects.get(user=coach)
    Coach.objects.filter(pk=profile.pk).update(capacity=2, active_matches=2)
    family = FamilyFactory(city=city, district=district, status="matched", reference="GEN-0007")
    Match.objects.create(
        family=family,
        coach=profile,
        status=Match.Status.ACTIVE,
        started_on=TODAY(),
    )
    return family


def _switch(client, family):
    return client.post(reverse("coaches:family_switch", args=[family.pk]))


def test_a_coach_with_two_families_sees_both_references_on_the_home(client, coach, family, second_family):
    client.force_login(coach)
    client.get(reverse("coaches:home"))

    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("coaches:home")).content.decode()

    assert len(captured) == 11  # the switcher's families are the matches the home is read from
    assert f"Family {family.reference}" in page and f"Family {second_family.reference}" in page
    assert reverse("coaches:family_switch", args=[second_family.pk]) in page


def test_a_coach_with_one_family_sees_no_switcher(client, coach, family):
    client.force_login(coach)

    page = client.get(reverse("coaches:home")).content.decode()

    assert reverse("coaches:family_switch", args=[family.pk]) not in page


def test_after_switching_the_coach_logs_a_contact_and_posts_a_challenge_for_the_second_family(
    client, coach, family, second_family
):
    client.force_login(coach)

    assert _switch(client, second_family).url == reverse("coaches:home")
    home = client.get(reverse("coaches:home")).content.decode()
    assert f"<h1>Family {second_family.reference}</h1>" in home
    contact = client.post(
        reverse("coaches:contact_new"), {"kind": "visit", "happened_on": TODAY().isoformat()}
    )
    challenge = client.post(
        reverse("coaches:challenge_new"),
        {
            "title": "Winter coat",
            "category": "material",
            "needed_by": (TODAY() + datetime.timedelta(days=10)).isoformat(),
            "exchange_mode": "gift",
        },
    )

    assert contact.status_code == 302 and challenge.status_code == 302
    assert ContactLog.objects.get().match.family == second_family
    assert Challenge.objects.get(title="Winter coat").family == second_family
    assert client.get(reverse("coaches:challenge_list")).content.decode().count("Winter coat") == 1


def test_switching_back_serves_the_first_family_again(client, coach, family, second_family):
    client.force_login(coach)
    _switch(client, second_family)

    _switch(client, family)
    client.post(reverse("coaches:contact_new"), {"kind": "phone", "happened_on": TODAY().isoformat()})

    assert ContactLog.objects.get().match.family == family


def test_another_coachs_family_cannot_be_chosen(client, coach, family, city, district):
    stranger = FamilyFactory(city=city, district=district, status="matched")
    Match.objects.create(
        family=stranger,
        coach=ReadyCoachFactory(city=city, active_matches=1),
        status=Match.Status.ACTIVE,
        started_on=TODAY(),
    )
    client.force_login(coach)

    assert _switch(client, stranger).status_code == 404
    assert client.get(reverse("coaches:home")).context["family"] == family


def test_a_family_whose_match_ended_falls_back_to_the_remaining_one(client, coach, family, second_family):
    client.force_login(coach)
    _switch(client, second_family)
    Match.objects.filter(family=second_family).update(
        status=Match.Status.CLOSED, ended_on=TODAY(), closure_reason=Match.ClosureReason.FAMILY_MOVED
    )

    assert client.get(reverse("coaches:home")).context["family"] == family
    assert _switch(client, second_family).status_code == 404
