"""A person using a keyboard always sees where the focus is on the coach's and the supporter's pages."""

import pytest

from tests.accessibility.pages import PHONE
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Marks the focused element as seen; answers null once the focus comes back to one seen before.
FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body || element.dataset.focusSeen) return null;
  element.dataset.focusSeen = "1";
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const name = (element.textContent || element.value || element.name || "").replace(/\\s+/g, " ").trim();
  return {
    name: `${element.tagName.toLowerCase()} "${name.slice(0, 30)}"`,
    visible: outline || style.boxShadow !== "none",
  };
}"""
MOST_TABS = 80


def _unseen_focus(page) -> tuple[int, list[str]]:
    """Tab through the page once; the number of stops, and those without a visible focus indicator."""
    stops, hidden = 0, []
    for _tab in range(MOST_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None and stops:
            break
        if focused is not None:
            stops += 1
            if not focused["visible"]:
                hidden.append(focused["name"])
    return stops, hidden


@pytest.mark.parametrize(
    ("role", "paths"),
    [("coach", ["/coach/", "/coach/contact/"]), ("supporter", ["/challenges/", "/challenges/profile/"])],
)
def test_tabbing_through_the_page_always_shows_the_focus(page, live_server, scan_world, role, paths):
    sign_in(page, live_server.url, scan_world["personas"][role].email)
    page.set_viewport_size(PHONE)
    for path in paths:
        page.goto(live_server.url + path)
        stops, hidden = _unseen_focus(page)
        assert stops >= 4, f"{path}: only {stops} focus stops"
        assert not hidden, f"{path}: no visible focus on {hidden}"
