"""From a new referral to an active match in as few clicks as a coordinator can do it: the work list,
the case file's next-step buttons, the intake on one page, the shortlist and the family's choice from the
case file, then the chosen coach's acceptance. Every click and every field filled is counted, sign-ins
included; the journey prints its count and fails above 25 (the database editor took about 70).

Screenshots of the case file and the intake at 1,280 and 360 px go to $SHOTS (default <tmp>), h1-*.png.
"""

import datetime
import os
import re
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coaches.models import Match
from families import services
from families.models import DeprivationCheck, Family
from tests.browser import assert_accessible
from tests.genk_village.factories import TEST_PASSWORD

from .steps import DESKTOP, PHONE, no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()
SHOTS = Path(os.environ.get("SHOTS", tempfile.gettempdir()))
MOST = 25


class Counted:
    """A person's hands on the page: each click, tick and filled field is one, written to the log."""

    def __init__(self, log: list[str], who: str, page: Page):
        self.log, self.who, self.page = log, who, page

    def _count(self, what: str, selector: str) -> None:
        self.log.append(f"{self.who}: {what} {selector}")

    def click(self, selector: str, *, navigates: bool = True) -> None:
        self._count("click", selector)
        if navigates:
            with self.page.expect_navigation():
                self.page.click(selector)
        else:
            self.page.click(selector)

    def check(self, selector: str) -> None:
        self._count("tick", selector)
        self.page.check(selector)

    def fill(self, selector: str, value: str) -> None:
        self._count("fill", selector)
        self.page.fill(selector, value)

    def sign_in(self, base: str, email: str) -> None:
        self.page.goto(f"{base}/accounts/login/")
        self.fill("input[name=login]", email)
        self.fill("input[name=password]", TEST_PASSWORD)
        self.click("main form button[type=submit]")
        expect(self.page).not_to_have_url(re.compile(r"/accounts/login/"))


def _referral(city, district, referrer) -> Family:
    return services.family_refer(
        city=city,
        district=district,
        family_name="Nowak",
        referral_source=Family.Source.SCHOOL,
        child_first_name="Zofia",
        child_birth_date=TODAY - datetime.timedelta(days=5 * 365),
        guardian_first_name="Anna",
        guardian_last_name="Nowak",
        guardian_phone="+32 470 99 88 77",
        consent_given_on=TODAY,
        actor=referrer,
    )


def _shoot(page: Page, name: str) -> None:
    """The page at 1,280 px, then at 360 px, as h1-<name>-<width>.png; back to 1,280 after."""
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.screenshot(path=SHOTS / f"h1-{name}-{size['width']}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_a_new_referral_reaches_an_active_match_in_at_most_25_clicks_and_fields(
    new_context, live_server, city, district, referrer, coordinator, ready_coaches
):
    base = live_server.url
    family = _referral(city, district, referrer)
    log: list[str] = []

    page = new_context(viewport=DESKTOP).new_page()
    desk = Counted(log, "coordinator", page)
    desk.sign_in(base, coordinator.email)
    expect(page).to_have_url(re.compile(r"/admin/$"))
    desk.click(".worklist a[href*='status=referred']")
    desk.click(f"#result_list a:text-is('{family.reference}')")

    # The case file: the referral on the timeline, and the one next step.
    expect(page.locator("#timeline")).to_contain_text("Referred")
    expect(page.locator("#next-steps")).to_contain_text("Start the intake")
    no_sideways_scroll(page)
    assert_accessible(page)
    _shoot(page, "casefile-referred")
    desk.click("#step-start_intake button[type=submit]")
    page.wait_for_url(f"**/admin/families/family/{family.pk}/intake/")

    # The intake on one page: the referral's child and guardian are filled in already.
    expect(page.locator("#id_child_first_name")).to_have_value("Zofia")
    no_sideways_scroll(page)
    assert_accessible(page)
    # Sent with nothing ticked, the page says what to do, and nothing is recorded.
    with page.expect_navigation():
        page.click("input[name=_save]")
    expect(page.locator("#id_lacks_error")).to_contain_text("Tick what the child lacks")
    assert_accessible(page)
    _shoot(page, "intake-refused")
    assert not DeprivationCheck.objects.exists()
    desk.check("input[name=consents][value=language]")
    desk.check("label:has-text('Türkçe') input")
    desk.check("input[name=lacks][value=books]")
    desk.check("input[name=lacks][value=leisure_activity]")
    desk.click("input[name=_matching]")
    expect(page.locator(".messagelist")).to_contain_text("is ready for matching")
    family.refresh_from_db()
    assert family.status == Family.Status.MATCHING
    assert [language.code for language in family.household_languages.all()] == ["tr"]
    assert DeprivationCheck.objects.get(child__family=family).missing_count == 2

    # The shortlist and the family's choice, from the case file.
    desk.click("#step-propose_shortlist button[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("Zeynep")
    assert family.matches.filter(status=Match.Status.PROPOSED).count() == 3
    zeynep = family.matches.get(coach=ready_coaches["Zeynep"])
    expect(page.locator("#timeline")).to_contain_text("Proposed")
    no_sideways_scroll(page)
    assert_accessible(page)
    _shoot(page, "casefile-proposed")
    desk.check(f"#step-record_choice input[value='{zeynep.pk}']")
    desk.click("#step-record_choice button[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("Zeynep is asked to accept")

    # The chosen coach accepts on their phone.
    phone = new_context(viewport=PHONE).new_page()
    coach = Counted(log, "coach", phone)
    coach.sign_in(base, "zeynep@example.org")
    coach.click(f"a[href$='/proposals/respond/{zeynep.pk}/']")
    coach.click("main form:has(input[value=accept]) button[type=submit]")
    zeynep.refresh_from_db()
    assert zeynep.status == Match.Status.ACTIVE

    page.reload()
    expect(page.locator("#timeline")).to_contain_text("Match started")
    assert Family.objects.get(pk=family.pk).status == Family.Status.MATCHED
    _shoot(page, "casefile-matched")

    print(f"\nFrom a new referral to an active match: {len(log)} clicks and fields")
    print("\n".join(f"  {n:2d}. {line}" for n, line in enumerate(log, start=1)))
    assert len(log) <= MOST, "\n".join(log)


def test_closing_a_file_asks_first_on_a_page_that_passes_axe(
    new_context, live_server, city, district, referrer, coordinator
):
    family = _referral(city, district, referrer)
    page = new_context(viewport=DESKTOP).new_page()
    Counted([], "coordinator", page).sign_in(live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/admin/families/family/{family.pk}/change/")
    with page.expect_navigation():
        page.click("#step-close")
    expect(page.locator("#close_form")).to_be_visible()
    no_sideways_scroll(page)
    assert_accessible(page)
    assert Family.objects.get(pk=family.pk).status == Family.Status.REFERRED
    with page.expect_navigation():
        page.click("#close_form input[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("is closed")
    assert Family.objects.get(pk=family.pk).status == Family.Status.CLOSED
