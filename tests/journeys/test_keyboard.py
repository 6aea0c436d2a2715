"""The main journeys by keyboard alone: after `page.goto` only Tab, Shift+Tab, arrows, Enter, Space and
typing. Each step checks the focus reaches the control, visibly, in order, and the outcome is saved."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from challenges.models import Challenge
from coaches.models import ContactLog
from tests.browser import LOGIN, assert_accessible
from tests.challenges.factories import ChallengeFactory
from tests.genk_village.factories import TEST_PASSWORD

from .steps import DESKTOP, PHONE, htmx_settled, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_by_keyboard(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    assert_accessible(page)
    assert tab_to(page, "a.skip-link") == 1  # the first stop on every page skips the header
    tab_to(page, "input[name=login]")
    page.keyboard.type(email)
    tab_to(page, "input[name=password]")
    page.keyboard.type(TEST_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).not_to_have_url(LOGIN)


def test_signing_in_by_keyboard_alone(new_context, live_server, supporter):
    page = new_context(viewport=DESKTOP).new_page()
    sign_in_by_keyboard(page, live_server.url, supporter.email)
    expect(page).to_have_url(f"{live_server.url}/challenges/")
    tab_to(page, "header form button[type=submit]")  # the sign-out button is within reach
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(f"{live_server.url}/challenges/")
    expect(page).to_have_url(LOGIN)  # signed out: the board asks to sign in again


def test_a_supporter_claims_and_delivers_a_challenge_by_keyboard_alone(
    new_context, live_server, supporter, family
):
    soon = timezone.localdate() + datetime.timedelta(days=3)
    ride = ChallengeFactory(family=family, title="A ride to CoderDojo", category="transport", needed_by=soon)
    page = new_context(viewport=PHONE).new_page()
    sign_in_by_keyboard(page, live_server.url, supporter.email)
    expect(page).to_have_url(f"{live_server.url}/challenges/")

    tab_to(page, f"#challenge-{ride.pk} button[type=submit]")
    page.keyboard.press("Enter")  # htmx swaps the card in place
    expect(page.locator(f"#challenge-{ride.pk} .notice.ok")).to_be_visible()
    htmx_settled(page, f"#challenge-{ride.pk}")
    ride.refresh_from_db()
    assert (ride.status, ride.claimant.user_id) == (Challenge.Status.CLAIMED, supporter.pk)

    # The focus moves to the outcome in the swapped card, so the keyboard carries on from there.
    expect(page.locator(f"#challenge-{ride.pk} .notice.ok")).to_be_focused()
    assert tab_to(page, f"#challenge-{ride.pk} a[href$='/challenges/mine/']") == 1
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/challenges/mine/")
    tab_to(page, f"#mine-{ride.pk} button.primary")
    page.keyboard.press("Space")
    expect(page.locator("#mine-list .notice.ok")).to_be_visible()
    htmx_settled(page, "#mine-list")
    expect(page.locator("#mine-list .notice.ok")).to_be_focused()
    ride.refresh_from_db()
    assert ride.status == Challenge.Status.DELIVERED


def test_a_coach_logs_a_contact_by_keyboard_alone(new_context, live_server, coach, family):
    page = new_context(viewport=PHONE).new_page()
    sign_in_by_keyboard(page, live_server.url, coach.email)
    expect(page).to_have_url(f"{live_server.url}/coach/")

    tab_to(page, "main a[href$='/coach/contact/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/coach/contact/")

    # The kind of contact is a radio group: Tab enters it, the arrow keys choose (visit → … → phone).
    tab_to(page, "input[name=kind]")
    first = page.evaluate("document.activeElement.id")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("input[name=kind]:checked")).to_have_value("phone")
    assert first == "id_kind_0"
    tab_to(page, "#id_duration_minutes")  # past the date, which is today already
    page.keyboard.type("5")
    tab_to(page, "#id_note")
    page.keyboard.type("Swimming club found")
    # A second thought: back to the duration with Shift+Tab; tabbing into a field selects what it holds.
    tab_to(page, "#id_duration_minutes", backwards=True, limit=3)
    page.keyboard.type("10")
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/coach/$"))

    contact = ContactLog.objects.get()
    assert (contact.kind, contact.duration_minutes, contact.note, contact.happened_on) == (
        "phone",
        10,
        "Swimming club found",
        timezone.localdate(),
    )
    assert (contact.author_id, contact.match.family_id) == (coach.pk, family.pk)
