"""The family's proposal page and its printable page in Arabic, right to left, on a phone: the page is
mirrored, nothing scrolls sideways and axe-core passes. Screenshots (Arabic and Turkish) go to
/tmp/screens/ so that a person can look at the layout."""

import re
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import expect

from coaches.services import match_propose_shortlist, proposal_link_create
from families.models import Family
from tests.browser import assert_accessible
from tests.coaches.factories import ReadyCoachFactory
from tests.families.factories import FamilyFactory
from tests.genk_village.factories import language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
A4 = {"width": 794, "height": 1123}  # at 96 dpi
# Where the screenshots are looked at after a run.
SCREENSHOTS = Path("/tmp/screens")  # noqa: S108
ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")


@pytest.fixture
def link(city, district, coordinator) -> str:
    """The one-time link of an Arabic-speaking family with a shortlist of two coaches."""
    family = FamilyFactory(city=city, district=district, status=Family.Status.MATCHING)
    family.household_languages.set([language("ar")])
    intros = {
        "Samira": "معلمة وأم لطفلين. أحب الطبخ والمشي في بوكرايك.",
        "Marc": "Retired engineer; I fix bikes and like football.",
    }
    for name, intro in intros.items():
        coach = ReadyCoachFactory(
            city=city,
            display_name=name,
            introduction=intro,
            available_evenings=True,
            available_weekends=name == "Samira",
            home_district=district,
        )
        coach.languages.set([language("ar"), language("nl")])
    match_propose_shortlist(family=family, actor=coordinator)
    _link, token = proposal_link_create(family=family, actor=coordinator)
    return f"/proposals/link/{token}/"


def heading(code: str) -> str:
    with translation.override(code):
        return translation.gettext("Choose your coach")


def open_on_phone(page, url: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(url)
    page.wait_for_load_state("networkidle")


def assert_arabic_right_to_left(page) -> None:
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
    expect(page.locator("h1")).to_have_text(heading("ar"))
    assert ARABIC_LETTER.search(page.locator("h1").inner_text())
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)


def test_an_arabic_family_reads_its_proposal_page_right_to_left_on_a_phone(page, live_server, link):
    SCREENSHOTS.mkdir(exist_ok=True)
    open_on_phone(page, f"{live_server.url}{link}?lang=ar")
    assert_arabic_right_to_left(page)
    assert page.locator(".proposal-card").count() == 2
    # Mirrored as Arabic is read: the photo, first in the card's head, sits on the right, the name after it.
    photo = page.locator(".proposal-card .proposal-photo").first.bounding_box()
    name = page.locator(".proposal-card h2").first.bounding_box()
    assert photo["x"] > PHONE["width"] / 2
    assert name["x"] < photo["x"]
    page.screenshot(path=SCREENSHOTS / "ar-proposal.png", full_page=True)
    # The hidden skip link comes into view at the right edge when a keyboard user reaches it.
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert PHONE["width"] / 2 < box["x"] + box["width"] <= PHONE["width"]

    open_on_phone(page, f"{live_server.url}{link}print/?lang=ar")
    assert_arabic_right_to_left(page)
    page.screenshot(path=SCREENSHOTS / "ar-print.png", full_page=True)
    page.emulate_media(media="print")
    page.set_viewport_size(A4)
    page.screenshot(path=SCREENSHOTS / "ar-print-a4.png", full_page=True)
    page.emulate_media(media="screen")

    # The family chooses, says it is sure, and may undo: every step stays in Arabic, right to left.
    open_on_phone(page, f"{live_server.url}{link}?lang=ar")
    with page.expect_navigation():
        page.locator(".proposal-choose").first.click()
    with translation.override("ar"):
        sure, thanks, undone = (
            translation.gettext(text)
            for text in ("Is this your choice?", "Thank you", "Your choice is undone. You can choose again.")
        )
    for title, shot in ((sure, "ar-confirm.png"), (thanks, "ar-done.png")):
        html = page.locator("html")
        assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
        expect(page.locator("h1")).to_have_text(title)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert_accessible(page)
        page.screenshot(path=SCREENSHOTS / shot, full_page=True)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".messages")).to_contain_text(undone)
    expect(page.locator(".proposal-choose")).to_have_count(2)


def test_a_volunteer_applies_to_be_a_coach_in_arabic_right_to_left(page, live_server, settings, district):
    SCREENSHOTS.mkdir(exist_ok=True)
    language("ar")
    language("tr")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ar", "url": live_server.url}])
    open_on_phone(page, f"{live_server.url}/coach-application/")
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
    assert ARABIC_LETTER.search(page.locator("h1").inner_text())
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    page.screenshot(path=SCREENSHOTS / "ar-apply.png", full_page=True)


def test_a_turkish_family_reads_the_same_pages_in_turkish(page, live_server, link):
    SCREENSHOTS.mkdir(exist_ok=True)
    for path, shot in ((link, "tr-proposal.png"), (f"{link}print/", "tr-print.png")):
        open_on_phone(page, f"{live_server.url}{path}?lang=tr")
        html = page.locator("html")
        assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("tr", "ltr")
        expect(page.locator("h1")).to_have_text(heading("tr"))
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=SCREENSHOTS / shot, full_page=True)
