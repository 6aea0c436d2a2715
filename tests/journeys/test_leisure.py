"""The coach and the family find a regular activity for the child, on a 360 px phone in a real browser:
a swimming club in the family's district for a five-year-old, chosen, the ride posted in one tap, the
first visit recorded; the steering group's indicator moves.

Every page passes axe-core and never scrolls sideways; screenshots go to <tmp>/leisure-*.png.
"""

import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from challenges.models import Challenge
from leisure.models import Kind, Participation
from monitoring.indicators import measure
from tests.browser import assert_accessible, sign_in
from tests.genk_village.factories import DistrictFactory
from tests.leisure.factories import ActivityFactory

from .steps import PHONE, no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(tempfile.gettempdir())


def check(page, name: str) -> None:
    assert_accessible(page)
    no_sideways_scroll(page)
    page.screenshot(path=SCREENSHOTS / f"leisure-{name}.png", full_page=True)


def going_now(city) -> int:
    today = timezone.localdate()
    return next(
        m.numerator
        for m in measure(city=city, day=today)
        if m.code == "leisure.going_now" and m.district_id is None
    )


def test_a_coach_finds_a_swimming_club_near_home_posts_the_ride_and_records_the_start(
    new_context, live_server, coach, family, city, district
):
    family.intake_on = timezone.localdate()
    family.save(update_fields=["intake_on"])
    ActivityFactory(
        city=city,
        name="Zwemclub De Dolfijn",
        district=district,
        weekdays="2",
        price=120,
        uitpas_reduced_rate=True,
        place="Zwembad Winterslag",
    )
    ActivityFactory(
        city=city, name="Zwemclub Zwartberg", district=DistrictFactory(city=city, name="Zwartberg")
    )
    ActivityFactory(city=city, name="Voetbal U7", kind=Kind.SPORT, district=district)
    ActivityFactory(city=city, name="Jeugdzwemmen 10+", min_age=10, max_age=14, district=district)
    assert going_now(city) == 0

    page = new_context(viewport=PHONE).new_page()
    sign_in(page, live_server.url, coach.email)
    page.wait_for_url(f"{live_server.url}/coach/")
    page.click("main a[href$='/coach/activities/']")
    page.wait_for_url("**/coach/activities/")
    page.select_option("#id_kind", "swimming")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    cards = page.locator("main ul.cards > li")
    expect(cards).to_have_count(2)  # the 10+ club does not fit a five-year-old; football is not swimming
    expect(cards.first).to_contain_text("Zwemclub De Dolfijn")  # the family's district first
    expect(cards.first).to_contain_text("UiTPAS")
    check(page, "find")

    page.click("text=Zwemclub De Dolfijn")
    page.wait_for_url("**/coach/activities/*/?child=*")
    check(page, "activity")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page.locator(".messages")).to_be_visible()
    assert Participation.objects.get().status == "chosen"
    check(page, "participation")

    with page.expect_navigation():
        page.click("main form[action$='/post/ride/'] button")
    ride = Challenge.objects.get(family=family)
    assert (ride.category, ride.status, ride.needed_by.weekday()) == ("transport", "open", 2)
    expect(page.locator(".messages")).to_contain_text(ride.title)
    expect(page.locator("main form[action$='/post/ride/']")).to_have_count(0)

    page.fill("#id_on", timezone.localdate().isoformat())
    with page.expect_navigation():
        page.click("main form[action$='/start/'] button")
    expect(page.locator(".messages")).to_be_visible()
    check(page, "started")

    participation = Participation.objects.get()
    assert (participation.status, participation.started_on) == ("going", timezone.localdate())
    assert going_now(city) == 1
