"""Helpers for the journeys in a real browser: sign in, and check a page with axe-core."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.genk_village.factories import TEST_PASSWORD

# WCAG 2.0, 2.1 and 2.2, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LOGIN = re.compile(r"/accounts/login/")


def sign_in(page: Page, live_server_url: str, email: str, password: str = TEST_PASSWORD) -> None:
    """Sign in through the real allauth form, as a person would, and wait for the page after it."""
    page.goto(f"{live_server_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page).not_to_have_url(LOGIN)


def assert_accessible(page: Page) -> None:
    """No axe-core violations of WCAG A and AA on the page as it is now."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = results.response["violations"]
    assert not violations, results.generate_report()
