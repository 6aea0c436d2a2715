"""The language switcher in Debian's Chromium: an anonymous visitor reads the sign-in page right to left
in Arabic and back in Dutch; a supporter's French stays theirs after signing out and in again."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from genk_village.language import user_language_set
from tests.browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch(page, name: str) -> None:
    """Open the switcher and choose a language, with the keyboard only."""
    page.locator(".language-switcher summary").focus()
    page.keyboard.press("Enter")
    choice = page.locator(".language-switcher").get_by_role("button", name=name, exact=True)
    expect(choice).to_be_visible()
    choice.focus()
    page.keyboard.press("Enter")


def test_an_anonymous_visitor_switches_to_arabic_and_back_and_the_switcher_passes_axe(page, live_server):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "nl")
    summary = page.locator(".language-switcher summary")
    expect(summary).to_have_text("Taal / Language")
    assert_accessible(page)

    summary.click()
    for name in ["Nederlands", "English", "Français", "Türkçe", "العربية"]:
        button = page.locator(".language-switcher").get_by_role("button", name=name, exact=True)
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, name
    assert summary.bounding_box()["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)  # with the list open
    summary.click()

    _switch(page, "العربية")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    assert page.url == f"{live_server.url}/accounts/login/"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)

    _switch(page, "Nederlands")
    expect(html).to_have_attribute("dir", "ltr")
    expect(html).to_have_attribute("lang", "nl")


def test_a_supporter_switches_to_french_and_keeps_it_after_signing_in_again(page, live_server, supporter):
    user_language_set(user=supporter, language="nl")
    sign_in(page, live_server.url, supporter.email)
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "nl")
    signed_in_page = page.url

    _switch(page, "Français")
    expect(html).to_have_attribute("lang", "fr")
    assert page.url == signed_in_page  # back on the same page
    supporter.refresh_from_db()
    assert supporter.language == "fr"
    page.reload()
    expect(html).to_have_attribute("lang", "fr")

    page.locator("form[action='/accounts/logout/'] button").click()
    page.wait_for_url("**/accounts/login/")
    expect(html).to_have_attribute("lang", "fr")  # the browser remembers the choice after signing out
    _switch(page, "Nederlands")  # someone else at this browser prefers Dutch…
    expect(html).to_have_attribute("lang", "nl")

    sign_in(page, live_server.url, supporter.email)
    expect(html).to_have_attribute("lang", "fr")  # …but the supporter's stored language wins
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.LANGUAGE_COOKIE_NAME)
    assert cookie["value"] == "fr"
