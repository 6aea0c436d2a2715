"""The hand-over journey in a real browser: a supporter claims, writes to the coach, a phone number in
the message is refused, a time and place are proposed and the coach accepts them; the appointment is in
both calendar feeds (read with the icalendar library, and naming nobody of the family); the coach
confirms and the supporter is told, with the points. Then the supporter verifies a mobile number.
Every page passes axe-core; screenshots at 360 and 1,280 px go to $JOURNEY_SCREENSHOTS (default /tmp)."""

import datetime
import os
import re
import tempfile
from pathlib import Path

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from challenges.models import Challenge, HandoverMessage
from supporters import notifications
from supporters.notifications import phone_of
from tests.browser import assert_accessible, sign_in
from tests.challenges.factories import ChallengeFactory
from tests.supporters.factories import SupporterFactory

from .steps import DESKTOP, PHONE, no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(os.environ.get("JOURNEY_SCREENSHOTS", tempfile.gettempdir()))
FAMILY_SECRETS = ("Yilmaz", "Elif", "Ayse", "Stalenstraat")


def look(page: Page, name: str) -> None:
    """Accessible, no sideways scrolling on a phone, and a screenshot at both widths."""
    assert_accessible(page)
    for label, size in (("360", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(size)
        no_sideways_scroll(page)
        page.screenshot(path=SCREENSHOTS / f"handover-{name}-{label}.png", full_page=True)
    page.set_viewport_size(PHONE)


def feed_events(page: Page, base: str) -> tuple[list, str]:
    """The signed-in person's calendar feed, fetched from the address /api/v1/me/ gives, as a calendar
    app would (no session)."""
    url = page.request.get(f"{base}/api/v1/me/").json()["calendar_url"]
    assert url.startswith(base)
    response = page.request.get(url)
    assert response.status == 200
    text = response.text()
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT")), text


def test_a_hand_over_is_arranged_in_the_app_lands_in_both_calendars_and_the_points_arrive(
    new_context, live_server, settings, coach, family
):
    base = live_server.url
    settings.SITE_URL = base
    settings.SMS_BACKEND = "supporters.notifications.LocmemSmsBackend"
    notifications.sms_outbox.clear()
    jan = SupporterFactory(city=family.city, display_name="Jan", user__email="jan@example.org")
    shoes = ChallengeFactory(
        family=family,
        title="Football shoes, size 31",
        needed_by=timezone.localdate() + datetime.timedelta(days=9),
    )

    page = new_context(viewport=PHONE).new_page()
    sign_in(page, base, jan.user.email)
    page.goto(f"{base}/challenges/")
    page.click(f"#challenge-{shoes.pk} button[type=submit]")
    expect(page.locator(f"#challenge-{shoes.pk} .notice.ok")).to_be_visible()
    page.goto(f"{base}/challenges/mine/")
    with page.expect_navigation():
        page.click(f"#mine-{shoes.pk} a[href$='/conversation/']")

    # A phone number is refused with a sentence, and what was typed stays in the box.
    page.fill("#id_body", "Hello! Call me on 0477 57 32 44")
    with page.expect_navigation():
        page.click(".conversation-form button[type=submit]")
    expect(page.locator("#conversation-error")).to_contain_text("remove the phone number")
    expect(page.locator("#id_body")).to_have_value("Hello! Call me on 0477 57 32 44")
    assert not HandoverMessage.objects.exists()

    day = timezone.localdate() + datetime.timedelta(days=4)
    page.fill("#id_body", "Hello! I can bring the shoes after school.")
    page.fill("#id_day", day.isoformat())
    page.fill("#id_time", "16:30")
    page.fill("#id_place", "Library Winterslag")
    with page.expect_navigation():
        page.click(".conversation-form button[type=submit]")
    expect(page.locator(".message.mine")).to_contain_text("Library Winterslag")
    look(page, "supporter")

    # The coach reads it on the challenge's page and accepts the time and place.
    desk = new_context(viewport=PHONE).new_page()
    sign_in(desk, base, coach.email)
    desk.goto(f"{base}/coach/challenges/{shoes.pk}/")
    expect(desk.locator("#conversation")).to_contain_text("I can bring the shoes")
    assert jan.user.email not in desk.content()
    with desk.expect_navigation():
        desk.click("#conversation button.primary[id^=accept-]")
    expect(desk.locator("#appointment")).to_contain_text("Library Winterslag")
    look(desk, "coach")

    # The appointment is in both calendars, and no event names the family.
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(16, 30)))
    for person in (page, desk):
        events, text = feed_events(person, base)
        (handover,) = [e for e in events if str(e["summary"]) == "Hand-over: Football shoes, size 31"]
        assert handover.decoded("dtstart") == moment
        assert "Library Winterslag" in str(handover["description"])
        for secret in (*FAMILY_SECRETS, family.reference):
            assert secret not in text
    page.goto(f"{base}/accounts/calendar/")
    assert_accessible(page)

    # The supporter says it is delivered; the coach confirms; the supporter is told with the points.
    page.goto(f"{base}/challenges/mine/")
    page.click(f"#mine-{shoes.pk} button.primary")
    expect(page.locator("#mine-list .notice.ok")).to_be_visible()
    desk.goto(f"{base}/coach/challenges/{shoes.pk}/")
    with desk.expect_navigation():
        desk.click("section[aria-labelledby=handover] button[type=submit]")
    shoes.refresh_from_db()
    assert shoes.status == Challenge.Status.CONFIRMED
    page.goto(f"{base}/challenges/notifications/")
    expect(page.locator("main")).to_contain_text("The coach confirmed your help. You earned 15 points.")
    assert_accessible(page)

    # A mobile number for text messages, verified with the code it receives.
    page.goto(f"{base}/accounts/phone/")
    page.fill("#id_number", "0470 12 34 56")
    with page.expect_navigation():
        page.click("#number-form button[type=submit]")
    expect(page.locator("#code-form")).to_be_visible()
    look(page, "phone")
    code = re.search(r"\b(\d{6})\b", notifications.sms_outbox[-1]["text"]).group(1)
    page.fill("#id_code", code)
    with page.expect_navigation():
        page.click("#code-form button[type=submit]")
    expect(page.locator("#phone-status")).to_contain_text("+32470123456")
    look(page, "phone-verified")
    assert phone_of(jan.user) == "+32470123456"
