"""Steps every role journey shares: signing in, running an admin action, reading the page's language,
and moving by keyboard alone.

After anything that submits a form the steps wait for the navigation itself (`expect_navigation`) or for
what the user sees next (`expect`); `wait_for_load_state` right after a click returns before the
navigation has started, and flakes.
"""

import re

from django.utils import translation
from playwright.sync_api import Page, expect

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


def said(page: Page, text: str) -> str:
    """`text` as the page says it: translated into the language of the page's <html lang>."""
    with translation.override(page.locator("html").get_attribute("lang")):
        return translation.gettext(text)


def run_action(page: Page, pk: int, action: str) -> None:
    """Tick one row of an admin change list, choose the action and run it; wait for the answer page."""
    page.check(f"input[name=_selected_action][value='{pk}']")
    page.select_option("select[name=action]", action)
    with page.expect_navigation():
        page.click("button[name=index]")


def no_sideways_scroll(page: Page) -> None:
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def tab_to(page: Page, selector: str, *, limit: int = 60, backwards: bool = False) -> int:
    """Press Tab (or Shift+Tab) until the focus is on `selector`; fail if it never gets there.

    Returns the number of key presses, and checks the browser shows the focus (:focus-visible).
    """
    key = "Shift+Tab" if backwards else "Tab"
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            assert page.evaluate("document.activeElement.matches(':focus-visible')"), selector
            return presses
    focused = page.evaluate("document.activeElement && document.activeElement.outerHTML.slice(0, 120)")
    raise AssertionError(f"{limit} × {key} never reached {selector}; the focus is on {focused}")


def htmx_settled(page: Page, selector: str) -> None:
    """Wait until htmx has settled what it swapped in at `selector`: only then has it moved the focus to
    the new content's [autofocus], so a key pressed earlier may have its focus taken back."""
    expect(page.locator(selector)).not_to_have_class(re.compile(r"\bhtmx-(added|settling)\b"))
