"""The coach finds an activity with the family, chooses it, posts what it takes and records whether the
child goes; another coach reaches none of it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge
from families.models import Goal
from leisure.models import Activity, Kind, Participation
from tests.genk_village.factories import DistrictFactory, language
from tests.leisure.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(city, district):
    elsewhere = DistrictFactory(city=city, name="Zwartberg")
    return {
        "near": ActivityFactory(city=city, name="Zwemclub Winterslag", district=district, price=120,
                                uitpas_reduced_rate=True, name_tr="Winterslag yüzme kulübü"),
        "far": ActivityFactory(city=city, name="Zwemclub Zwartberg", district=elsewhere, price=60),
        "football": ActivityFactory(city=city, name="Voetbal U7", kind=Kind.SPORT, district=district,
                                    weekdays="5", price=150),
        "too_old": ActivityFactory(city=city, name="Scouts jonggivers", kind=Kind.YOUTH_MOVEMENT, min_age=11,
                                   max_age=14),
        "gone": ActivityFactory(city=city, name="Oude zwemclub", active=False),
    }  # fmt: skip


def _names(response) -> list[str]:
    return [a.name for a in response.context["activities"]]


def test_the_list_fits_the_childs_age_and_puts_the_familys_district_first(client, coach, offer):
    client.force_login(coach)

    response = client.get(reverse("leisure:find"))

    # The family's district first (the cheaper of the two first), then the rest of the city.
    assert _names(response) == ["Zwemclub Winterslag", "Voetbal U7", "Zwemclub Zwartberg"]
    assert "Scouts jonggivers" not in response.text and "Oude zwemclub" not in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "swimming"}, ["Zwemclub Winterslag", "Zwemclub Zwartberg"]),
        ({"weekday": "5"}, ["Voetbal U7"]),
        ({"max_price": "100"}, ["Zwemclub Zwartberg"]),
        ({"uitpas": "on"}, ["Zwemclub Winterslag"]),
    ],
)
def test_each_filter_narrows_the_list(client, coach, offer, query, expected):
    client.force_login(coach)

    assert _names(client.get(reverse("leisure:find"), query)) == expected


def test_names_show_in_the_familys_language_where_the_source_has_one(client, coach, family, offer):
    family.household_languages.set([language("tr")])
    client.force_login(coach)

    response = client.get(reverse("leisure:find"), {"kind": "swimming"})

    assert "Winterslag yüzme kulübü" in response.text
    assert "Zwemclub Zwartberg" in response.text  # no Turkish name: the Dutch one


def test_choosing_makes_a_plan_goal_and_offers_the_ready_challenges(client, coach, family, offer):
    client.force_login(coach)

    response = client.post(reverse("leisure:choose", args=[offer["near"].pk]), follow=True)

    participation = Participation.objects.get()
    assert (participation.child, participation.activity, participation.status) == (
        family.children.get(),
        offer["near"],
        Participation.Status.CHOSEN,
    )
    goal = Goal.objects.get(family=family, domain="leisure")
    assert participation.goal == goal and "Zwemclub Winterslag" in goal.description
    for title in ["A ride to Zwemclub Winterslag", "Kit for Zwemclub Winterslag",
                  "The membership of Zwemclub Winterslag", "An interpreter for the first visit"]:  # fmt: skip
        assert title in response.text
    # Choosing again is the same choice, not a second goal.
    client.post(reverse("leisure:choose", args=[offer["near"].pk]))
    assert Participation.objects.count() == 1 and Goal.objects.filter(domain="leisure").count() == 1


def test_the_ride_is_posted_in_one_tap_for_the_activitys_next_day(client, coach, family, offer):
    client.force_login(coach)
    client.post(reverse("leisure:choose", args=[offer["near"].pk]))
    participation = Participation.objects.get()

    response = client.post(reverse("leisure:ready_post", args=[participation.pk, "ride"]), follow=True)

    ride = Challenge.objects.get(family=family)
    assert ride.category == "transport" and ride.status == "open"
    assert ride.needed_by.weekday() == 2 and ride.needed_by > timezone.localdate()
    assert "Yilmaz" not in ride.title + ride.description and "Elif" not in ride.title + ride.description
    assert "posted" in response.text  # the button gives way to "posted"
    assert f'action="{reverse("leisure:ready_post", args=[participation.pk, "ride"])}"' not in response.text


def test_an_unknown_ready_challenge_is_refused_with_a_message(client, coach, offer):
    client.force_login(coach)
    client.post(reverse("leisure:choose", args=[offer["near"].pk]))
    participation = Participation.objects.get()

    response = client.post(reverse("leisure:ready_post", args=[participation.pk, "pony"]), follow=True)

    assert "This challenge is not offered for this activity." in response.text
    assert not Challenge.objects.exists()


def test_start_still_going_and_stop_are_recorded_with_their_dates_and_reason(client, coach, offer):
    client.force_login(coach)
    client.post(reverse("leisure:choose", args=[offer["near"].pk]))
    participation = Participation.objects.get()
    today = timezone.localdate()
    step = lambda name: reverse("leisure:participation_step", args=[participation.pk, name])  # noqa: E731

    client.post(step("start"), {"on": today - datetime.timedelta(days=20)})
    client.post(step("confirm"), {"on": today - datetime.timedelta(days=3)})
    participation.refresh_from_db()
    assert participation.status == "going"
    assert participation.started_on == today - datetime.timedelta(days=20)
    assert participation.confirmed_on == today - datetime.timedelta(days=3)
    assert Goal.objects.get(pk=participation.goal_id).status == Goal.Status.REACHED

    client.post(step("stop"), {"stop-on": today, "stop-reason": "transport"})
    participation.refresh_from_db()
    assert (participation.status, participation.stopped_on, participation.stop_reason) == (
        "stopped",
        today,
        "transport",
    )


def test_bad_steps_are_refused_with_a_clear_message(client, coach, offer):
    client.force_login(coach)
    client.post(reverse("leisure:choose", args=[offer["near"].pk]))
    participation = Participation.objects.get()
    step = lambda name: reverse("leisure:participation_step", args=[participation.pk, name])  # noqa: E731

    future = client.post(
        step("start"), {"on": timezone.localdate() + datetime.timedelta(days=3)}, follow=True
    )
    confirm = client.post(step("confirm"), {"on": timezone.localdate()}, follow=True)
    no_reason = client.post(step("stop"), {"stop-on": timezone.localdate()}, follow=True)

    assert "The first time cannot be in the future." in future.text
    assert "Only an activity the child goes to can be confirmed." in confirm.text
    assert "This field is required." in no_reason.text
    participation.refresh_from_db()
    assert participation.status == "chosen"


def test_an_activity_of_another_city_or_out_of_the_offer_is_not_found(client, coach, other_city, offer):
    foreign = ActivityFactory(city=other_city)
    client.force_login(coach)

    assert client.get(reverse("leisure:activity", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("leisure:choose", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("leisure:activity", args=[offer["gone"].pk])).status_code == 404
    assert not Participation.objects.exists()


def test_another_coach_reaches_no_participation_of_this_family(client, coach, other_coach, offer):
    client.force_login(coach)
    client.post(reverse("leisure:choose", args=[offer["near"].pk]))
    participation = Participation.objects.get()
    client.force_login(other_coach)

    assert client.get(reverse("leisure:participation", args=[participation.pk])).status_code == 404
    response = client.post(reverse("leisure:participation_step", args=[participation.pk, "start"]),
                           {"on": timezone.localdate()})  # fmt: skip
    assert response.status_code == 404
    assert Activity.objects.filter(pk=offer["near"].pk, participations__status="chosen").exists()
